// The engine's reading of the latest message, before any model: which language to answer in, and
// whether the resident asks for a person (the deterministic lexicon in domain/).
import { detectIntents, detectLanguage } from '../domain/intake-lexicon.ts';
import type { Language } from './texts.ts';
import type { TurnContext } from './turn-context.ts';

/** The message's language; the resident's recorded one when the message does not tell. */
export function languageOf(ctx: TurnContext): Language {
  const recorded: Language = ctx.resident?.language === 'es' ? 'es' : 'en';
  return detectLanguage(ctx.message.body, recorded);
}

export function wantsPerson(text: string): boolean {
  return detectIntents(text).includes('human');
}
