// The port through which a model may read a vendor's SMS that the parser (domain/vendor-reply) could
// not. Booking only sees this interface; the model-backed adapter lives in agent/vendor-clarifier.
// Whatever comes back is a suggestion: the booking engine applies it only to an offer it can match
// and sends a model's words only after the deterministic check below.
import { countSegments } from '../domain/sms-segments.ts';

/** One open offer as the model may see it: the job, never the resident. */
export interface OfferForInterpretation {
  code: string;
  trade: string;
  /** The job in a few words (the offer SMS's description, phone-like numbers removed). */
  summary: string;
  /** Building address and unit, as in the offer SMS. */
  place: string;
  /** The visit window in the vendor's time zone, as in the offer SMS. */
  window: string;
}

export type InterpretedIntent = 'accept' | 'decline' | 'question' | 'unclear';

export interface Interpretation {
  intent: InterpretedIntent;
  /** The offer the vendor means, as the model read it; null when it did not say. */
  code: string | null;
  /** For a question: the SMS answer the model proposes. */
  reply: string | null;
  /** Which model and prompt produced it, for the reply's audit row. */
  model: string;
  promptHash: string;
  usage: { inputTokens: number; outputTokens: number } | null;
}

export interface VendorReplyInterpreter {
  /** null when no usable answer came back (provider down, timeout, malformed answer). */
  interpret(text: string, offers: OfferForInterpretation[]): Promise<Interpretation | null>;
}

/** What the booking engine learned about one vendor text before its transaction. */
export interface VendorTextReading {
  /** The model's answer, or null when it was asked and failed. */
  interpretation: Interpretation | null;
  /** The offer codes the model was shown: it may only have meant one of these. */
  offered: string[];
}

/** How a reply was interpreted, for the audit row and the metric. */
export type InterpretedBy = { by: 'parser' } | { by: 'model'; model: string; prompt_hash: string };

// Seven or more digits, allowing the usual separators: a phone number. Some dates match too
// ("2026-11-25"); such an answer is not sent, which errs on the safe side.
const PHONE_LIKE = /\+?\d(?:[\s().-]*\d){6,}/;
const PHONE_LIKE_ALL = new RegExp(PHONE_LIKE.source, 'g');

export const MAX_CLARIFICATION_SEGMENTS = 2;

/** Residents sometimes leave a number in the description; the model never needs it. */
export function withoutPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE_ALL, '[number]');
}

/**
 * Whether a model's answer to a vendor's question may be sent as is: it fits two SMS segments,
 * carries no phone number, and names the job's code (so the vendor can answer YES/NO with it).
 */
export function clarificationProblem(reply: string, code: string): string | null {
  if (!reply.trim()) return 'empty';
  if (countSegments(reply).segments > MAX_CLARIFICATION_SEGMENTS) return 'too_long';
  if (PHONE_LIKE.test(reply)) return 'phone_number';
  if (!new RegExp(`\\b${code}\\b`, 'i').test(reply)) return 'no_code';
  return null;
}
