// The emergency detector: runs before any model on every resident message, so a resident in
// danger gets safety instructions and an emergency ticket even when the model is down. Pure and
// deterministic: English and Spanish, typos and SMS shorthand (domain/intake-text.ts prepares the
// text; domain/emergency-rules.ts says what each emergency looks like).
//
// A rule's match does not count when, in the same sentence:
// - it is negated ("no gas smell", "not sparking anymore", "no huele a gas"), unless the negation
//   is doubt ("not sure if I smell gas" still counts: safety first);
// - the danger is over ("now fixed", "ya se arregló": anywhere in the sentence) or in the past
//   ("last week", "hace dos semanas": in its own clause), unless it is back ("still", "again");
// - it is hypothetical ("what do I do if I smell gas?") or habitual ("floods when it rains").
// A retraction after the match ("... just kidding", "es broma") cancels the whole message.
import { EMERGENCY_RULES, type EmergencyRule } from './emergency-rules.ts';
import { SAFETY, type EmergencyKind } from './emergency-safety.ts';
import { clauseBounds, isNegatedAt, prepareText, sentenceAt, sentenceBounds } from './intake-text.ts';
import type { Trade } from './trades.ts';

export type { EmergencyKind } from './emergency-safety.ts';

export interface EmergencyMatch {
  kind: EmergencyKind;
  /** The trade an emergency vendor needs (the ticket's category). */
  trade: Trade;
  severity: 'emergency';
  /** What to tell the resident first, in both languages. */
  safety: { en: string; es: string };
  /** Whether the safety text tells the resident to call 911. */
  call911: boolean;
}

const RETRACTION =
  /\b(?:just kidding|kidding|jk|j k|joking|jking|es broma|era broma|es una broma|de broma|bromeando|nah false alarm)\b/;
const HYPOTHETICAL =
  /\b(?:what (?:do|should|would) (?:i|we|you) do if|what if|in case (?:of|there)|en caso de|que hago si|que (?:debo|tengo que) hacer si|how do i know if|how (?:can|do) i tell if|is it normal)\b/;
const RESOLVED =
  /\b(?:now fixed|fixed now|(?:was|got|been|is|its|already|all) fixed|fixed it|resolved|taken care of|no longer|not anymore|went away|gone now|(?<!(?:not|hasnt|havent|didnt|never) )stopped|is over|all good now|fine now|ok now|okay now|ya se arreglo|se arreglo|ya (?:lo|la) arreglaron|ya esta arreglad[oa]|ya paso|ya no|ya se quito|ya esta bien|ya se fue)\b/;
const PAST =
  /\b(?:last (?:week|month|year|time|winter|summer)|(?:a|one|two|three|few|couple(?: of)?|\d+) (?:days|weeks|months|years) ago|a while (?:ago|back)|back in|the other day|used to|la semana pasada|el (?:mes|ano) pasado|hace (?:un|una|unos|unas|dos|tres|\d+) (?:dias|semanas|meses|anos|tiempo))\b/;
// Something that happens now and then ("floods when it rains", "when the heat comes on") is a
// repair to plan, not a danger now.
const HABITUAL =
  /\b(?:when(?:ever)? it rains|every time|whenever|during (?:storms?|heavy rain)|cuando llueve|cada vez que|when (?:it|the \w+) (?:turns|comes|kicks) on)\b/;
const ONGOING =
  /\b(?:still|again|right now|currently|keeps|todavia|aun|sigue|siguen|otra vez|de nuevo|ahora mismo)\b/;

const TRADE_OF: Record<EmergencyKind, Trade> = {
  gas: 'plumbing',
  carbon_monoxide: 'hvac',
  fire: 'general',
  electrical: 'electrical',
  flood: 'plumbing',
  sewage: 'plumbing',
  no_heat_freezing: 'hvac',
  elevator_entrapment: 'elevator',
  lockout_vulnerable: 'locksmith',
  break_in: 'locksmith',
  structural: 'general',
};

// A fire's trade follows what is burning, so the right vendor is called after the firefighters.
function fireTrade(sentence: string): Trade {
  if (/\b(?:heater|furnace|radiator|boiler|ac|calefaccion|calefactor|calentador|radiador)\b/.test(sentence))
    return 'hvac';
  if (
    /\b(?:stove|oven|dryer|microwave|fridge|washer|dishwasher|toaster|estufa|horno|secadora|microondas)\b/.test(
      sentence,
    )
  ) {
    return 'appliance';
  }
  if (
    /\b(?:outlets?|plugs?|wires?|wiring|panel|breakers?|enchufes?|cables?|contactos?|power|luz|electric\w*|lights?)\b/.test(
      sentence,
    )
  ) {
    return 'electrical';
  }
  return 'general';
}

function satisfies(rule: EmergencyRule, text: string, index: number, hypothetical = false): boolean {
  if (isNegatedAt(text, index)) return false;
  const bounds = sentenceBounds(text, index);
  const sentence = text.slice(bounds.start, bounds.end);
  if (rule.unless?.test(sentence)) return false;
  if (rule.requires) {
    const ok =
      typeof rule.requires === 'function' ? rule.requires(text) : new RegExp(rule.requires.source).test(text);
    if (!ok) return false;
  }
  if (rule.accept && !rule.accept(text, index)) return false;
  if (HYPOTHETICAL.test(text.slice(bounds.start, index)) !== hypothetical) return false;
  // Resolution can come later in the sentence ("was sparking, but it stopped"); a past time
  // belongs to its own clause ("there was a fire last month, the wall still needs paint").
  if (RESOLVED.test(sentence) && !ONGOING.test(sentence)) return false;
  const clauseRange = clauseBounds(text, index);
  const clause = text.slice(clauseRange.start, clauseRange.end);
  if ((PAST.test(clause) || HABITUAL.test(sentence)) && !ONGOING.test(clause)) return false;
  return true;
}

/** The emergency a message describes, or null. `text` is the resident's message as sent. */
export function detectEmergency(text: string): EmergencyMatch | null {
  return findEmergency(text, false);
}

/**
 * The emergency a message only asks about ("what should I do if I smell gas?"), or null: not a
 * danger now, but the resident should get the same safety advice.
 */
export function emergencyAskedAbout(text: string): EmergencyMatch | null {
  return findEmergency(text, true);
}

function findEmergency(text: string, hypothetical: boolean): EmergencyMatch | null {
  const prepared = prepareText(text);
  if (!prepared) return null;
  for (const rule of EMERGENCY_RULES) {
    for (const match of prepared.matchAll(rule.pattern)) {
      const index = match.index ?? 0;
      if (!satisfies(rule, prepared, index, hypothetical)) continue;
      if (RETRACTION.test(prepared.slice(index))) return null;
      const advice = SAFETY[rule.variant ?? rule.kind];
      const trade = rule.kind === 'fire' ? fireTrade(sentenceAt(prepared, index)) : TRADE_OF[rule.kind];
      return {
        kind: rule.kind,
        trade,
        severity: 'emergency',
        safety: { en: advice.en, es: advice.es },
        call911: advice.call911,
      };
    }
  }
  return null;
}
