// One agent turn: the answer to one inbound message from a resident (or an unknown number).
//   1. guardrails before any model: the emergency detector (safety advice and an emergency ticket
//      even if the model is down) and a request for a person (hand-off);
//   2. the model loop: the model may call the tools this resident may use, whose identity the
//      engine injects; up to maxSteps steps, within a token and a time budget; a provider failure
//      switches the rest of the turn to the deterministic model, so the resident always gets an answer;
//   3. the reply guard, then the reply is queued on the resident's channel in one transaction with
//      the inbox row and the finished turn — a redelivered event has no second effect.
import type pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { BookingDeps } from '../booking/dispatch.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { Logger } from '../observability/logger.ts';
import type { AgentMetrics } from '../observability/metrics.ts';
import { fitSegments } from '../domain/sms-segments.ts';
import { commitTurn, giveUp, handleEmergency, handOff, type TurnAction } from './turn-actions.ts';
import { languageOf, wantsPerson } from './intents.ts';
import type { ModelPort } from './model.ts';
import { runModelLoop, type LoopResult } from './model-loop.ts';
import { buildSystemPrompt } from './system-prompt.ts';
import { checkReply, repeatsItself } from './reply-guard.ts';
import { agentTexts } from './texts.ts';
import type { Tracer, TurnTrace } from './tracer.ts';
import { loadTurnContext, type TurnContext } from './turn-context.ts';
import type { SystemPrompt } from './system-prompt.ts';
import type { Language } from './texts.ts';
import { stripHandoff } from './deterministic-texts.ts';
import { claimTurn } from './turn-store.ts';
import { ToolRunner } from './tool-runner.ts';

export const AGENT_CONSUMER = 'agent';
const MAX_CHAT_REPLY = 1000;

export interface AgentLimits {
  maxSteps: number;
  tokenBudget: number;
  turnBudgetMs: number;
  modelTimeoutMs: number;
}

export interface AgentDeps {
  prisma: PrismaClient;
  pool: pg.Pool;
  booking: BookingDeps;
  /** The configured model: OpenAI, or the deterministic model when no key is set. */
  model: ModelPort;
  /** Always the deterministic model: answers when `model` fails. */
  fallback: ModelPort;
  tracer: Tracer;
  logger: Logger;
  limits: AgentLimits;
  metrics?: AgentMetrics;
  now?: () => Date;
}

export type TurnOutcome = 'replied' | 'emergency' | 'handoff' | 'guarded' | 'ignored' | 'duplicate';

export interface TurnResult {
  outcome: TurnOutcome;
  reply: string | null;
  replyMessageId: string | null;
  ticketIds: string[];
  toolCalls: { name: string; ok: boolean }[];
  modelKind: string | null;
  fallbackReason: string | null;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

const IGNORED: TurnResult = {
  outcome: 'ignored',
  reply: null,
  replyMessageId: null,
  ticketIds: [],
  toolCalls: [],
  modelKind: null,
  fallbackReason: null,
  inputTokens: 0,
  outputTokens: 0,
  latencyMs: 0,
};

/** Whether a `message.received` event is the agent's: residents and unknown numbers, not keywords. */
export function isAgentMessage(envelope: EventEnvelope): boolean {
  const p = envelope.payload;
  return (
    envelope.type === 'message.received' &&
    (p.participant_type === 'resident' || p.participant_type === 'unknown') &&
    !p.keyword
  );
}

/** Attempts of one turn before it gives up and hands the resident to a person. */
export const MAX_TURN_ATTEMPTS = 3;

async function decide(
  deps: AgentDeps,
  ctx: TurnContext,
  prompt: SystemPrompt,
  tools: ToolRunner,
  trace: TurnTrace,
  language: Language,
): Promise<{ action: TurnAction; loop: LoopResult | null }> {
  const emergency = await handleEmergency(ctx, tools, language);
  if (emergency) return { action: emergency, loop: null };
  if (wantsPerson(ctx.message.body)) {
    return { action: await handOff(ctx, tools, language, 'asked for a person'), loop: null };
  }
  const loop = await runModelLoop(deps, ctx, prompt, tools, trace, language);
  const said = stripHandoff(loop.reply ?? '');
  if (said.handoff) {
    const action = await handOff(ctx, tools, language, 'the model handed over');
    // The model's own words when it gave some, else the engine's.
    if (said.text) action.replies = [said.text];
    return { action, loop };
  }
  if (!loop.reply) {
    const action = await handOff(ctx, tools, language, loop.stopReason);
    action.replies = [agentTexts.trouble(language)];
    return { action, loop };
  }
  if (repeatsItself(loop.reply, ctx.recentReplies)) {
    return { action: await handOff(ctx, tools, language, 'going in circles'), loop };
  }
  return { action: { outcome: 'replied', replies: [loop.reply] }, loop };
}

export async function runTurn(deps: AgentDeps, envelope: EventEnvelope): Promise<TurnResult> {
  if (!isAgentMessage(envelope)) return IGNORED;
  const started = Date.now();
  const handled = await deps.prisma.processedEvent.findUnique({
    where: { consumer_eventId: { consumer: AGENT_CONSUMER, eventId: envelope.event_id } },
  });
  if (handled) return { ...IGNORED, outcome: 'duplicate' };
  const ctx = await loadTurnContext(deps.prisma, envelope.tenant_id, String(envelope.payload.message_id));
  if (!ctx) return IGNORED;

  const language = languageOf(ctx);
  const prompt = buildSystemPrompt(ctx, language, deps.now?.() ?? new Date());
  const turn = await claimTurn(deps.prisma, {
    tenantId: ctx.tenant.id,
    conversationId: ctx.conversation.id,
    messageId: ctx.message.id,
    promptName: prompt.name,
    promptHash: prompt.hash,
    correlationId: envelope.correlation_id,
  });
  if (turn.status === 'done') return { ...IGNORED, outcome: 'duplicate' };
  const trace = deps.tracer.startTurn({
    turnId: turn.id,
    conversationId: ctx.conversation.id,
    tenantId: ctx.tenant.id,
    correlationId: envelope.correlation_id,
    channel: ctx.conversation.channel,
    promptName: prompt.name,
    promptHash: prompt.hash,
    input: ctx.message.body,
  });
  const tools = new ToolRunner(deps, ctx, turn, envelope, trace);

  let decided: { action: TurnAction; loop: LoopResult | null };
  try {
    // A turn that failed MAX_TURN_ATTEMPTS times (a poison message) is not tried again: the
    // resident hears that a person is on it, and the conversation's later messages can proceed.
    decided =
      turn.attempts > MAX_TURN_ATTEMPTS
        ? { action: giveUp(ctx, language, 'the turn kept failing'), loop: null }
        : await decide(deps, ctx, prompt, tools, trace, language);
  } catch (err) {
    trace.end({ reply: '', outcome: `failed: ${(err as Error).message}`, fallback: false });
    throw err;
  }
  const { action, loop } = decided;

  for (const [i, reply] of action.replies.entries()) {
    const violation = await checkReply(deps.prisma, ctx, reply);
    if (violation) {
      deps.logger.warn({ violation, turn_id: turn.id }, 'agent reply withheld by the guard');
      deps.metrics?.guarded.inc({ violation });
      action.replies[i] = agentTexts.guarded(language);
      action.outcome = 'guarded';
    }
  }
  action.replies = action.replies
    .filter((r) => r.trim())
    .map((r) => (ctx.conversation.channel === 'sms' ? fitSegments(r, 2) : r.slice(0, MAX_CHAT_REPLY)));

  const result = await commitTurn(deps, ctx, envelope, {
    turnId: turn.id,
    action,
    model: loop?.model ?? null,
    started,
    result: {
      outcome: action.outcome,
      reply: action.replies.join('\n'),
      replyMessageId: null,
      ticketIds: tools.createdTickets(),
      toolCalls: tools.calls(),
      modelKind: loop?.modelKind ?? null,
      fallbackReason: loop?.fallbackReason ?? null,
      inputTokens: loop?.inputTokens ?? 0,
      outputTokens: loop?.outputTokens ?? 0,
      latencyMs: 0,
    },
  });
  trace.end({ reply: result.reply ?? '', outcome: result.outcome, fallback: Boolean(result.fallbackReason) });
  return result;
}
