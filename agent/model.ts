// The model port: one chat-completion step with tool calling, provider-neutral. Two adapters
// implement it: the OpenAI adapter (any OpenAI-compatible endpoint) and the deterministic intake
// model (no network; the embedded default and the fallback when the provider fails).

/** JSON Schema of a tool's arguments, as the registry renders its zod input schema. */
export type JsonSchema = Record<string, unknown>;

export interface ModelToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export interface ModelToolCall {
  /** Provider-assigned id that the tool result must echo. */
  id: string;
  name: string;
  /** Raw JSON text as the model produced it; may be malformed, the engine checks it. */
  arguments: string;
}

export type ModelMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

/**
 * What the engine knows about the conversation, structured. The OpenAI adapter ignores it (the
 * rendered system prompt carries the same facts); the deterministic model reads it instead of
 * parsing prose.
 */
export interface TurnFacts {
  now: string;
  timeZone: string;
  channel: 'sms' | 'chat';
  language: 'en' | 'es';
  participant: 'resident' | 'unknown';
  resident: { name: string; unitLabel: string | null; buildingName: string | null } | null;
  openTickets: {
    id: string;
    code: string;
    category: string | null;
    severity: string | null;
    status: string;
    description: string;
    createdAt: string;
  }[];
  /** Set when the emergency guardrail fired on the latest message, before the model ran. */
  emergency: { kind: string; ticketCode: string | null } | null;
}

export interface ModelRequest {
  messages: ModelMessage[];
  tools: ModelToolSpec[];
  /** A conversation turn's facts; absent for one-shot classifications (agent/structured-call). */
  facts?: TurnFacts;
  /** Forces a call of this tool (one-shot classifications answer through a tool's arguments). */
  toolChoice?: string;
  /** Upper bound on output tokens for this step. */
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelResponse {
  /** Text for the resident; null when the step only calls tools. */
  content: string | null;
  toolCalls: ModelToolCall[];
  usage: ModelUsage | null;
  /** The model that answered, e.g. `gpt-4.1-mini` or `fixline-intake-v1`. */
  model: string;
}

export interface ModelPort {
  /** `openai` or `deterministic`: recorded on every turn. */
  readonly kind: 'openai' | 'deterministic';
  complete(request: ModelRequest): Promise<ModelResponse>;
}

/** The provider failed in a way the engine should answer with the fallback model. */
export class ModelUnavailableError extends Error {
  readonly reason: 'timeout' | 'rate_limited' | 'server_error' | 'network' | 'circuit_open' | 'bad_response';
  constructor(reason: ModelUnavailableError['reason'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelUnavailableError';
    this.reason = reason;
  }
}
