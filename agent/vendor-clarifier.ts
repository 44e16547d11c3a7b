// The model's side of vendor replies the parser cannot read: one forced tool call with
// prompts/vendor-clarification.v1 as the system message (the vendor's open offers: the job, never
// the resident) and the vendor's SMS as the user message (data, never instructions). It implements
// booking's VendorReplyInterpreter port; the booking engine decides what the answer may change.
import { z } from 'zod';
import type {
  Interpretation,
  OfferForInterpretation,
  VendorReplyInterpreter,
} from '../booking/reply-interpreter.ts';
import type { Logger } from '../observability/logger.ts';
import type { ModelPort } from './model.ts';
import { loadPrompt } from './prompts.ts';
import { askStructured } from './structured-call.ts';

export const CLARIFICATION_PROMPT = 'vendor-clarification.v1';
export const CLARIFICATION_TOOL = 'interpret_vendor_reply';

const nullableText = (description: string) =>
  z
    .string()
    .nullish()
    .describe(description)
    .transform((s) => s?.trim() || null);

// Extra keys are ignored; the code is only normalised here, booking checks it against its offers.
export const clarificationSchema = z.object({
  intent: z
    .enum(['accept', 'decline', 'question', 'unclear'])
    .describe('What the vendor means, as the instructions define it.'),
  code: nullableText('The code of the offer the text is about, as listed; null when unsure.').transform(
    (c) => c?.toUpperCase() ?? null,
  ),
  reply: nullableText('For a question: the SMS answer, ending with the YES/NO instruction; else null.'),
});

export interface VendorClarifierOptions {
  model: ModelPort;
  /** Budget of one interpretation; past it the parser's answer stands. */
  timeoutMs: number;
  logger?: Logger;
}

/** The interpreter for the booking engine, or undefined when the model cannot answer one-shot calls. */
export function createVendorClarifier(options: VendorClarifierOptions): VendorReplyInterpreter | undefined {
  // The deterministic model only plays conversation turns; the parser already is the fallback.
  if (options.model.kind !== 'openai') return undefined;
  return { interpret: (text, offers) => interpretVendorReply(options, text, offers) };
}

export async function interpretVendorReply(
  options: VendorClarifierOptions,
  text: string,
  offers: OfferForInterpretation[],
): Promise<Interpretation | null> {
  if (offers.length === 0) return null;
  try {
    const answer = await askStructured(options.model, {
      prompt: loadPrompt(CLARIFICATION_PROMPT),
      values: { tool_name: CLARIFICATION_TOOL, offers: offers.map(describeOffer).join('\n') },
      input: text,
      answer: {
        name: CLARIFICATION_TOOL,
        description: "Records what the vendor's SMS means and, for a question, the answer to send.",
        schema: clarificationSchema,
      },
      timeoutMs: options.timeoutMs,
    });
    return {
      ...answer.value,
      model: answer.model,
      promptHash: answer.promptHash,
      usage: answer.usage,
    };
  } catch (err) {
    options.logger?.warn({ err: (err as Error).message }, 'vendor reply interpretation failed');
    return null;
  }
}

/**
 * One JSON object per offer, on one line: the job text is a resident's, and quoting it (newlines,
 * quotes and all escaped) keeps it from passing for more of the prompt's instructions.
 */
export function describeOffer(o: OfferForInterpretation): string {
  return JSON.stringify({ code: o.code, trade: o.trade, job: o.summary, place: o.place, window: o.window });
}
