// The model loop of a turn: ask the model, run the tools it calls, feed the results back, until it
// answers in text or a limit stops it (steps, tokens, time). When the configured model fails
// (timeout, 429s, 5xx, circuit open) the rest of the turn runs on the deterministic model.
import type { AgentDeps } from './engine.ts';
import { ModelUnavailableError, type ModelMessage, type ModelPort, type TurnFacts } from './model.ts';
import type { SystemPrompt } from './system-prompt.ts';
import type { Language } from './texts.ts';
import type { ToolRunner } from './tool-runner.ts';
import type { TurnTrace } from './tracer.ts';
import { toolContent, type TurnContext } from './turn-context.ts';

const MAX_OUTPUT_TOKENS = 1024;
const MIN_OUTPUT_TOKENS = 128;

export interface LoopResult {
  reply: string | null;
  /** Why the loop stopped without a reply. */
  stopReason: string;
  modelKind: string;
  model: string | null;
  fallbackReason: string | null;
  inputTokens: number;
  outputTokens: number;
}

export async function runModelLoop(
  deps: AgentDeps,
  ctx: TurnContext,
  prompt: SystemPrompt,
  tools: ToolRunner,
  trace: TurnTrace,
  language: Language,
): Promise<LoopResult> {
  const deadline = Date.now() + deps.limits.turnBudgetMs;
  const facts = turnFacts(ctx, language, deps.now?.() ?? new Date());
  const messages: ModelMessage[] = [
    { role: 'system', content: prompt.text },
    ...ctx.history,
    { role: 'user', content: ctx.message.body },
  ];
  const specs = tools.specs();
  let model: ModelPort = deps.model;
  const result: LoopResult = {
    reply: null,
    stopReason: 'step limit',
    modelKind: model.kind,
    model: null,
    fallbackReason: null,
    inputTokens: 0,
    outputTokens: 0,
  };
  for (let step = 1; step <= deps.limits.maxSteps; step++) {
    if (result.inputTokens + result.outputTokens > deps.limits.tokenBudget) {
      result.stopReason = 'token budget';
      break;
    }
    const generation = trace.generation({
      model: result.model ?? model.kind,
      kind: model.kind,
      step,
      input: messages,
    });
    const started = Date.now();
    let response;
    try {
      const remaining = Math.max(1, deadline - Date.now());
      response = await model.complete({
        messages,
        tools: specs,
        facts,
        signal: AbortSignal.timeout(Math.min(deps.limits.modelTimeoutMs, remaining)),
        // A reply is two SMS; what is left of the turn's budget bounds one step's output.
        maxOutputTokens: Math.max(
          MIN_OUTPUT_TOKENS,
          Math.min(MAX_OUTPUT_TOKENS, deps.limits.tokenBudget - result.inputTokens - result.outputTokens),
        ),
      });
    } catch (err) {
      generation.end({ error: (err as Error).message });
      if (model === deps.fallback) throw err;
      result.fallbackReason = reasonOf(err);
      deps.metrics?.fallbacks.inc({ reason: result.fallbackReason });
      deps.logger.warn(
        { reason: result.fallbackReason, err },
        'model failed; the deterministic model answers',
      );
      model = deps.fallback;
      result.modelKind = model.kind;
      step--;
      continue;
    } finally {
      deps.metrics?.modelLatency.observe({ kind: model.kind }, (Date.now() - started) / 1000);
    }
    generation.end({ output: response, usage: response.usage });
    result.model = response.model;
    result.inputTokens += response.usage?.inputTokens ?? 0;
    result.outputTokens += response.usage?.outputTokens ?? 0;
    if (response.toolCalls.length === 0) {
      result.reply = response.content?.trim() || null;
      result.stopReason = result.reply ? 'answered' : 'empty answer';
      break;
    }
    messages.push({ role: 'assistant', content: response.content, toolCalls: response.toolCalls });
    for (const call of response.toolCalls) {
      const outcome = await tools.run(call.name, call.arguments);
      messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: toolContent(outcome) });
    }
  }
  return result;
}

function reasonOf(err: unknown): string {
  if (err instanceof ModelUnavailableError) return err.reason;
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  return 'error';
}

export function turnFacts(ctx: TurnContext, language: Language, now: Date): TurnFacts {
  const r = ctx.resident;
  const emergency = ctx.conversation.state.emergency as TurnFacts['emergency'] | undefined;
  return {
    now: now.toISOString(),
    timeZone: ctx.tenant.timezone,
    channel: ctx.conversation.channel === 'chat' ? 'chat' : 'sms',
    language,
    participant: r ? 'resident' : 'unknown',
    resident: r && { name: r.name, unitLabel: r.unitLabel, buildingName: r.buildingName },
    openTickets: ctx.openTickets,
    emergency: emergency ?? null,
  };
}
