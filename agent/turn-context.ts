// Everything a turn needs, loaded once: the message, the conversation, who is writing (resident
// or unknown number), their unit and building, their open tickets, and the recent history as
// model messages — earlier turns' tool calls included, so the model sees what it already did.
import type { Message, PrismaClient } from '../generated/prisma/client.ts';
import { isOpen, TICKET_STATUSES } from '../domain/ticket-status.ts';
import type { ToolPrincipal } from '../tools/tool.ts';
import type { ModelMessage, TurnFacts } from './model.ts';
import type { SavedStep } from './turn-store.ts';

const HISTORY_MESSAGES = 20;
const OPEN_TICKETS = 5;
const OPEN_STATUSES = TICKET_STATUSES.filter(isOpen);
/** A saved tool result replayed in history is cut here: the model needs its gist, not 100 tickets. */
const HISTORY_TOOL_CHARS = 1500;

export interface TurnContext {
  tenant: { id: string; name: string; timezone: string; smsNumber: string | null };
  conversation: { id: string; channel: string; address: string; state: Record<string, unknown> };
  message: Message;
  resident: {
    id: string;
    name: string;
    phone: string;
    language: string;
    unitId: string | null;
    unitLabel: string | null;
    buildingId: string | null;
    buildingName: string | null;
  } | null;
  principal: Extract<ToolPrincipal, { kind: 'resident' }> | null;
  openTickets: TurnFacts['openTickets'];
  /** Earlier messages and tool steps, oldest first; the current message is not in it. */
  history: ModelMessage[];
  /** Earlier replies of the line, newest first, for loop detection. */
  recentReplies: string[];
}

export async function loadTurnContext(
  prisma: PrismaClient,
  tenantId: string,
  messageId: string,
): Promise<TurnContext | null> {
  const message = await prisma.message.findFirst({ where: { id: messageId, tenantId } });
  if (!message) return null;
  const conversation = await prisma.conversation.findUniqueOrThrow({ where: { id: message.conversationId } });
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const resident =
    conversation.participantType === 'resident' && conversation.participantId
      ? await prisma.resident.findFirst({
          where: { id: conversation.participantId, tenantId },
          include: { unit: { include: { building: true } } },
        })
      : null;
  const tickets = resident
    ? await prisma.ticket.findMany({
        where: { tenantId, residentId: resident.id, status: { in: OPEN_STATUSES } },
        orderBy: { createdAt: 'desc' },
        take: OPEN_TICKETS,
      })
    : [];
  const { history, recentReplies } = await loadHistory(prisma, message, conversation.participantSince);
  return {
    tenant: { id: tenant.id, name: tenant.name, timezone: tenant.timezone, smsNumber: tenant.smsNumber },
    conversation: {
      id: conversation.id,
      channel: conversation.channel,
      address: conversation.address,
      state: (conversation.state ?? {}) as Record<string, unknown>,
    },
    message,
    resident: resident && {
      id: resident.id,
      name: resident.name,
      phone: resident.phone,
      language: resident.language,
      unitId: resident.unitId,
      unitLabel: resident.unit?.label ?? null,
      buildingId: resident.unit?.buildingId ?? null,
      buildingName: resident.unit?.building.name ?? null,
    },
    principal: resident && {
      kind: 'resident',
      tenantId,
      actor: `resident:${resident.id}`,
      residentId: resident.id,
      unitId: resident.unitId,
      buildingId: resident.unit?.buildingId ?? null,
      phone: resident.phone,
    },
    openTickets: tickets.map((t) => ({
      id: t.id,
      code: t.code,
      category: t.category,
      severity: t.severity,
      status: t.status,
      description: t.description,
      createdAt: t.createdAt.toISOString(),
    })),
    history,
    recentReplies,
  };
}

async function loadHistory(prisma: PrismaClient, current: Message, since: Date) {
  const rows = await prisma.message.findMany({
    where: {
      conversationId: current.conversationId,
      id: { not: current.id },
      // A number that passed to a new person starts a new history: never show them the last one's.
      createdAt: { gte: since },
      // Everything the line has said so far, but not the resident's later messages: they get their own turns.
      OR: [{ direction: 'outbound' }, { createdAt: { lte: current.createdAt } }],
      status: { not: 'suppressed' },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: HISTORY_MESSAGES,
  });
  rows.reverse();
  const turns = await prisma.agentTurn.findMany({
    where: { messageId: { in: rows.filter((m) => m.direction === 'inbound').map((m) => m.id) } },
    select: { messageId: true, steps: true },
  });
  const stepsOf = new Map(turns.map((t) => [t.messageId, t.steps as unknown as SavedStep[]]));
  const history: ModelMessage[] = [];
  for (const m of rows) {
    if (m.direction === 'outbound') {
      history.push({ role: 'assistant', content: m.body });
      continue;
    }
    history.push({ role: 'user', content: m.body });
    for (const [i, step] of (stepsOf.get(m.id) ?? []).entries()) {
      const id = `hist_${m.id}_${i}`;
      history.push({
        role: 'assistant',
        content: null,
        toolCalls: [{ id, name: step.tool, arguments: step.arguments }],
      });
      const content = toolContent(step.outcome);
      history.push({
        role: 'tool',
        toolCallId: id,
        name: step.tool,
        content:
          content.length > HISTORY_TOOL_CHARS ? `${content.slice(0, HISTORY_TOOL_CHARS)}…(cut)` : content,
      });
    }
  }
  const recentReplies = rows
    .filter((m) => m.direction === 'outbound')
    .map((m) => m.body)
    .reverse();
  return { history, recentReplies };
}

/** What the model reads as a tool's result: the output, or `{ error: { code, message } }`. */
export function toolContent(outcome: SavedStep['outcome']): string {
  return JSON.stringify(outcome.ok ? outcome.output : { error: outcome.error });
}
