// What a turn does besides the model loop: the emergency path (before any model), the hand-off
// to a person, and the final commit — replies, alerts to the on-call contact, conversation state
// and the finished turn in one transaction with the inbox row.
import type { Prisma } from '../generated/prisma/client.ts';
import { escalationContacts } from '../booking/escalation.ts';
import { detectEmergency } from '../domain/emergency.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { handleOnce } from '../events/inbox.ts';
import { queueReply } from '../messaging/chat.ts';
import { queueSms } from '../messaging/outbound.ts';
import { AGENT_CONSUMER, type AgentDeps, type TurnOutcome, type TurnResult } from './engine.ts';
import { agentTexts, contactTexts, type Language } from './texts.ts';
import type { ToolRunner } from './tool-runner.ts';
import type { TurnContext } from './turn-context.ts';
import { finishTurn } from './turn-store.ts';
import { loadPrompt, renderPrompt } from './prompts.ts';

export interface TurnAction {
  outcome: TurnOutcome;
  /** One or more messages to the resident, in order (safety advice comes first, on its own). */
  replies: string[];
  /** Texts for the on-call contact. */
  alerts?: string[];
  /** Merged into the conversation's state. */
  state?: Record<string, unknown>;
}

const HANDOFF_QUIET_MS = 60 * 60 * 1000;
/** An on-call phone gets at most one emergency alert per conversation in this window. */
const ALERT_QUIET_MS = 15 * 60 * 1000;

function alertOnce(ctx: TurnContext, alert: string): string[] {
  const last = Date.parse(String(ctx.conversation.state.alertedAt ?? ''));
  return Number.isFinite(last) && Date.now() - last < ALERT_QUIET_MS ? [] : [alert];
}

/** A turn that cannot be answered normally: tell the resident a person is on it, and alert one. */
export function giveUp(ctx: TurnContext, language: Language, reason: string): TurnAction {
  const who = ctx.resident
    ? `${ctx.resident.name} (unit ${ctx.resident.unitLabel ?? '?'})`
    : ctx.message.fromAddress;
  return {
    outcome: 'handoff',
    replies: [agentTexts.trouble(language)],
    alerts: [contactTexts.handoff(who, `${ctx.message.body} [${reason}]`)],
    state: { handedOffAt: new Date().toISOString(), handoffReason: reason },
  };
}

export async function handleEmergency(
  ctx: TurnContext,
  tools: ToolRunner,
  language: Language,
): Promise<TurnAction | null> {
  const match = detectEmergency(ctx.message.body);
  if (!match) return null;
  const safety = match.safety[language];
  const state = { emergency: { kind: match.kind, ticketCode: null as string | null } };
  if (!ctx.principal) {
    return {
      outcome: 'emergency',
      replies: [safety, agentTexts.emergencyUnknown(language)],
      alerts: alertOnce(ctx, contactTexts.emergencyUnknown(ctx.message.fromAddress, ctx.message.body)),
      state: { ...state, alertedAt: new Date().toISOString() },
    };
  }
  // A retried turn replays the ticket it already opened (that ticket is "open" by now).
  const existing = tools.hasSaved('create_ticket')
    ? undefined
    : ctx.openTickets.find((t) => t.severity === 'emergency' && t.category === match.trade);
  if (existing) {
    state.emergency.ticketCode = existing.code;
    return {
      outcome: 'emergency',
      replies: [safety, agentTexts.emergencyExisting(language, existing.code)],
      state,
    };
  }
  const created = await tools.run(
    'create_ticket',
    JSON.stringify({ description: ctx.message.body, category: match.trade, severity: 'emergency' }),
  );
  if (!created.ok) {
    return {
      outcome: 'emergency',
      replies: [safety, agentTexts.emergencyNoTicket(language)],
      alerts: alertOnce(ctx, contactTexts.emergencyUnknown(ctx.message.fromAddress, ctx.message.body)),
      state: { ...state, alertedAt: new Date().toISOString() },
    };
  }
  const code = (created.output as { code: string }).code;
  state.emergency.ticketCode = code;
  return {
    outcome: 'emergency',
    replies: [safety, agentTexts.emergencyTicket(language, code, match.trade)],
    state,
  };
}

/** A person takes over: escalate the newest open ticket, or alert the on-call contact directly. */
export async function handOff(
  ctx: TurnContext,
  tools: ToolRunner,
  language: Language,
  reason: string,
): Promise<TurnAction> {
  const ticket = ctx.openTickets[0] ?? null;
  const last = Date.parse(String(ctx.conversation.state.handedOffAt ?? ''));
  const quiet = Number.isFinite(last) && Date.now() - last < HANDOFF_QUIET_MS;
  const state = { handedOffAt: new Date().toISOString(), handoffReason: reason };
  if (!ctx.principal) {
    return {
      outcome: 'handoff',
      replies: [agentTexts.unknownHandoff(language)],
      alerts: quiet ? [] : [contactTexts.unknown(ctx.message.fromAddress, ctx.message.body)],
      state,
    };
  }
  if (ticket) {
    const note = escalationNote(ctx, reason, ticket.code);
    await tools.run('escalate_ticket', JSON.stringify({ ticket: ticket.code, note }));
    return { outcome: 'handoff', replies: [agentTexts.handoff(language, ticket.code)], state };
  }
  const who = `${ctx.resident?.name ?? 'A resident'} (unit ${ctx.resident?.unitLabel ?? '?'})`;
  return {
    outcome: 'handoff',
    replies: [agentTexts.handoff(language, null)],
    alerts: quiet ? [] : [contactTexts.handoff(who, ctx.message.body)],
    state,
  };
}

export interface TurnCommit {
  turnId: string;
  action: TurnAction;
  result: TurnResult;
  model: string | null;
  started: number;
}

export async function commitTurn(
  deps: AgentDeps,
  ctx: TurnContext,
  envelope: EventEnvelope,
  commit: TurnCommit,
): Promise<TurnResult> {
  const { action, result } = commit;
  const ticketId = result.ticketIds[0] ?? null;
  const latencyMs = Date.now() - commit.started;
  let replyMessageId: string | null = null;
  const handled = await handleOnce(deps.prisma, AGENT_CONSUMER, envelope, async (tx) => {
    for (const body of action.replies) {
      const queued = await queueReply(tx, {
        tenantId: ctx.tenant.id,
        conversationId: ctx.conversation.id,
        body,
        ticketId: ticketId ?? ctx.openTickets[0]?.id ?? null,
        correlationId: envelope.correlation_id,
        causationId: envelope.event_id,
        purpose: `agent_${action.outcome}`,
        actor: 'system:agent',
      });
      replyMessageId ??= queued.messageId;
    }
    if (action.alerts?.length) await alertContacts(tx, ctx, envelope, action.alerts);
    // The resident's message belongs to the ticket it opened (time-to-first-response counts from it).
    if (ticketId && !ctx.message.ticketId) {
      await tx.message.update({ where: { id: ctx.message.id }, data: { ticketId } });
    }
    if (action.state) {
      await tx.conversation.update({
        where: { id: ctx.conversation.id },
        data: { state: { ...ctx.conversation.state, ...action.state } as Prisma.InputJsonObject },
      });
    }
    await finishTurn(tx, commit.turnId, {
      outcome: action.outcome,
      modelKind: result.modelKind,
      model: commit.model,
      fallbackReason: result.fallbackReason,
      replyMessageId,
      ticketId,
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      latencyMs,
    });
  });
  if (handled === 'duplicate') return { ...result, outcome: 'duplicate', latencyMs };
  deps.metrics?.turns.inc({ outcome: action.outcome, model: result.modelKind ?? 'none' });
  deps.metrics?.turnTokens.observe(result.inputTokens + result.outputTokens);
  if (ticketId) await observeTicket(deps, ctx.conversation.id, commit.turnId);
  return { ...result, replyMessageId, latencyMs };
}

async function alertContacts(
  tx: Prisma.TransactionClient,
  ctx: TurnContext,
  envelope: EventEnvelope,
  alerts: string[],
): Promise<void> {
  const contacts = await escalationContacts(tx, {
    tenantId: ctx.tenant.id,
    buildingId: ctx.resident?.buildingId ?? null,
  });
  for (const contact of contacts) {
    for (const body of alerts) {
      await queueSms(tx, {
        tenantId: ctx.tenant.id,
        to: contact.phone,
        body,
        participantType: 'contact',
        participantId: contact.id,
        correlationId: envelope.correlation_id,
        causationId: envelope.event_id,
        purpose: 'agent_alert',
        actor: 'system:agent',
      });
    }
  }
}

/** Turns and tokens the conversation took to reach this ticket (since its previous one). */
async function observeTicket(deps: AgentDeps, conversationId: string, turnId: string): Promise<void> {
  const rows = await deps.prisma.$queryRaw<{ turns: number; tokens: number }[]>`
    SELECT count(*)::int AS turns, coalesce(sum(input_tokens + output_tokens), 0)::int AS tokens
    FROM agent_turns
    WHERE conversation_id = ${conversationId} AND status = 'done'
      AND created_at > coalesce((SELECT max(created_at) FROM agent_turns
        WHERE conversation_id = ${conversationId} AND ticket_id IS NOT NULL AND id <> ${turnId}), '-infinity')`;
  const row = rows[0];
  if (!row) return;
  deps.metrics?.turnsToTicket.observe(row.turns);
  deps.metrics?.ticketTokens.observe(row.tokens);
}

/** The hand-off note on the ticket's timeline: why, who, and the last messages (prompts/escalation-summary). */
export function escalationNote(ctx: TurnContext, reason: string, code: string): string {
  const r = ctx.resident;
  const transcript = [
    ...ctx.history.filter((m) => m.role === 'user' || (m.role === 'assistant' && m.content)),
    { role: 'user', content: ctx.message.body },
  ]
    .slice(-4)
    .map((m) => `${m.role === 'user' ? 'Resident' : 'Line'}: ${String(m.content).slice(0, 80)}`)
    .join('\n');
  const note = renderPrompt(loadPrompt('escalation-summary.v1'), {
    tenant_name: ctx.tenant.name,
    reason,
    resident: r ? `${r.name}, unit ${r.unitLabel ?? '?'}` : 'unregistered number',
    ticket: code,
    transcript,
  });
  return note.length <= 500 ? note : `${note.slice(0, 497)}...`;
}
