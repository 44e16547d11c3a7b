// One-shot structured answers from the model (ticket triage, vendor replies): the prompt goes in
// as the system message, the text to judge as the user message, and the answer comes back as the
// arguments of one forced tool call, checked by a zod schema. Tool calling is what every
// OpenAI-compatible server (Ollama, vLLM) supports, unlike JSON-schema response formats.
// Any failure — provider down, timeout, no call, arguments that fail the schema — is a
// `StructuredCallError`; callers then use their deterministic rules, so nothing waits on a model.
import { z } from 'zod';
import type { ModelPort, ModelUsage } from './model.ts';
import { renderPrompt, type PromptTemplate } from './prompts.ts';

export interface StructuredCall<S extends z.ZodType> {
  prompt: PromptTemplate;
  /** Values for the prompt's `{{placeholders}}`. */
  values: Record<string, string>;
  /** The text to judge; sent as the user message, so it is data, never instructions. */
  input: string;
  answer: { name: string; description: string; schema: S };
  timeoutMs: number;
  maxOutputTokens?: number;
}

export interface StructuredAnswer<T> {
  value: T;
  model: string;
  usage: ModelUsage | null;
  promptHash: string;
  latencyMs: number;
}

export class StructuredCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StructuredCallError';
  }
}

export async function askStructured<S extends z.ZodType>(
  model: ModelPort,
  call: StructuredCall<S>,
): Promise<StructuredAnswer<z.output<S>>> {
  const started = performance.now();
  let response;
  try {
    response = await model.complete({
      messages: [
        { role: 'system', content: renderPrompt(call.prompt, call.values) },
        { role: 'user', content: call.input },
      ],
      tools: [
        {
          name: call.answer.name,
          description: call.answer.description,
          parameters: z.toJSONSchema(call.answer.schema, { io: 'input' }) as Record<string, unknown>,
        },
      ],
      toolChoice: call.answer.name,
      // Room for a reasoning model's hidden tokens too: the visible answer is a few dozen.
      maxOutputTokens: call.maxOutputTokens ?? 1024,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (err) {
    throw new StructuredCallError(`model call failed: ${(err as Error).message}`, { cause: err });
  }
  const toolCall = response.toolCalls.find((c) => c.name === call.answer.name);
  if (!toolCall) throw new StructuredCallError(`the model did not call ${call.answer.name}`);
  let json: unknown;
  try {
    json = JSON.parse(toolCall.arguments);
  } catch (err) {
    throw new StructuredCallError(`${call.answer.name} arguments are not JSON`, { cause: err });
  }
  const parsed = call.answer.schema.safeParse(json);
  if (!parsed.success) {
    throw new StructuredCallError(`${call.answer.name} arguments fail the schema: ${parsed.error.message}`);
  }
  return {
    value: parsed.data,
    model: response.model,
    usage: response.usage,
    promptHash: call.prompt.hash,
    latencyMs: performance.now() - started,
  };
}
