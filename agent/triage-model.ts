// The model's side of triage: one forced tool call with prompts/ticket-triage.v1 as the system
// message and the ticket's description as the user message (resident-written text: data, never
// instructions). The answer is checked against the trade and severity lists; anything else is a
// StructuredCallError and the caller falls back to the lexicon.
import { z } from 'zod';
import { SEVERITIES, TRADES } from '../domain/trades.ts';
import type { ModelPort } from './model.ts';
import { loadPrompt } from './prompts.ts';
import { askStructured, type StructuredAnswer } from './structured-call.ts';

export const TRIAGE_PROMPT = 'ticket-triage.v1';
export const TRIAGE_TOOL = 'classify_ticket';
const REASON_MAX = 200;

// Extra keys are ignored, not refused: they do not make the trade or severity wrong.
export const triageAnswerSchema = z.object({
  category: z.enum(TRADES).describe('The one trade whose vendor would fix the problem.'),
  severity: z.enum(SEVERITIES).describe('emergency, urgent or routine, as the instructions define them.'),
  // A long reason is still a usable answer: shortened, not refused.
  reason: z
    .string()
    .nullish()
    .describe(`One short sentence, at most ${REASON_MAX} characters.`)
    .transform((r) => r?.trim().slice(0, REASON_MAX) || undefined),
});

export type TriageAnswer = z.output<typeof triageAnswerSchema>;

/** Whether the model port can answer a one-shot classification (the deterministic one only does turns). */
export function canTriage(model: ModelPort | undefined): model is ModelPort {
  return model?.kind === 'openai';
}

export async function askTriage(
  model: ModelPort,
  description: string,
  timeoutMs: number,
): Promise<StructuredAnswer<TriageAnswer>> {
  return askStructured(model, {
    prompt: loadPrompt(TRIAGE_PROMPT),
    values: { tool_name: TRIAGE_TOOL, trades: TRADES.map((t) => `\`${t}\``).join(', ') },
    input: description,
    answer: {
      name: TRIAGE_TOOL,
      description: "Records the ticket's trade and severity.",
      schema: triageAnswerSchema,
    },
    timeoutMs,
  });
}
