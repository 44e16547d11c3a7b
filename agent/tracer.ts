// The tracing port: one trace per agent turn (the conversation is the session), with a generation
// per model step and a span per tool call. The Langfuse adapter exports them; the no-op adapter is
// used when Langfuse is not configured. Adapters mask phone numbers in everything they export.
import type { ModelUsage } from './model.ts';

export interface TurnTraceStart {
  turnId: string;
  conversationId: string;
  tenantId: string;
  correlationId: string;
  channel: string;
  promptName: string;
  promptHash: string;
  input: string;
}

export interface GenerationStart {
  model: string;
  kind: 'openai' | 'deterministic';
  step: number;
  input: unknown;
}

export interface GenerationTrace {
  end(result: { output: unknown; usage: ModelUsage | null } | { error: string }): void;
}

export interface ToolSpanTrace {
  end(result: { output: unknown } | { error: string }): void;
}

export interface TurnTrace {
  generation(start: GenerationStart): GenerationTrace;
  tool(name: string, input: unknown): ToolSpanTrace;
  end(result: { reply: string; outcome: string; fallback: boolean }): void;
}

export interface Tracer {
  startTurn(start: TurnTraceStart): TurnTrace;
  /** Sends what is buffered; called at shutdown and by tests. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const noopSpan = { end: () => undefined };

export const noopTracer: Tracer = {
  startTurn: () => ({ generation: () => noopSpan, tool: () => noopSpan, end: () => undefined }),
  flush: async () => undefined,
  shutdown: async () => undefined,
};
