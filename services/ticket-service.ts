// Ticket use cases. Each write is one transaction: the ticket, its first message, its audit row
// and its outbox events commit together or not at all.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { newReadableTicketCode } from '../domain/vendor-reply.ts';
import { assertTransition, type TicketStatus } from '../domain/ticket-status.ts';
import { violatedUniqueConstraint } from '../db/unique-violation.ts';
import { recordTicketChange } from './ticket-record.ts';

import type { Severity, Trade } from '../domain/trades.ts';
export { TRADES, type Severity, type Trade } from '../domain/trades.ts';

export interface NewTicket {
  buildingId: string;
  unitId?: string | undefined;
  residentPhone?: string | undefined;
  description: string;
  category?: Trade | undefined;
  severity?: Severity | undefined;
  windowStart?: Date | undefined;
  windowEnd?: Date | undefined;
  accessNotes?: string | undefined;
  source: 'api' | 'sms' | 'chat' | 'mcp';
}

export interface Actor {
  tenantId: string;
  /** "api_key:<id>", "resident:<id>", ... */
  actor: string;
  correlationId: string;
  causationId?: string | null;
}

export const TICKET_INCLUDE = {
  building: true,
  unit: true,
  resident: true,
  appointments: { orderBy: { createdAt: 'asc' } },
} satisfies Prisma.TicketInclude;
export type TicketView = Prisma.TicketGetPayload<{ include: typeof TICKET_INCLUDE }>;

/** An Idempotency-Key and the hash of the request it came with. */
export interface Idempotency {
  key: string;
  requestHash: string;
}

const IDEMPOTENCY_SCOPE = 'POST /tickets';
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface CreateResult {
  ticket: TicketView;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

export async function createTicket(
  prisma: PrismaClient,
  who: Actor,
  input: NewTicket,
  idempotency?: Idempotency,
): Promise<CreateResult> {
  if (input.windowStart && input.windowEnd && input.windowEnd <= input.windowStart) {
    throw new DomainError('invalid_input', 'window_end must be after window_start.', { field: 'window_end' });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        if (idempotency) {
          // Requests with the same key take turns; the second then finds the first one's row.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${who.tenantId}:${idempotency.key}`}, 0))`;
          const earlier = await findReplay(tx, who.tenantId, idempotency);
          if (earlier) return { ticket: earlier, replayed: true };
        }
        return { ticket: await insertTicket(tx, who, input, idempotency), replayed: false };
      });
    } catch (err) {
      // A clash on the short code is retried with a new code.
      if (violatedUniqueConstraint(err) !== 'tickets_tenant_id_code_key' || attempt >= 5) throw err;
    }
  }
}

async function findReplay(
  prisma: Prisma.TransactionClient,
  tenantId: string,
  idem: Idempotency,
): Promise<TicketView | null> {
  const row = await prisma.idempotencyKey.findUnique({
    where: { tenantId_key: { tenantId, key: idem.key } },
  });
  if (!row) return null;
  if (row.expiresAt < new Date()) {
    await prisma.idempotencyKey.delete({ where: { id: row.id } });
    return null;
  }
  if (row.scope !== IDEMPOTENCY_SCOPE || row.requestHash !== idem.requestHash) {
    throw new DomainError('conflict', 'This Idempotency-Key was already used with a different request.', {
      header: 'Idempotency-Key',
    });
  }
  return getTicket(prisma, tenantId, row.resourceId);
}

async function insertTicket(
  tx: Prisma.TransactionClient,
  who: Actor,
  input: NewTicket,
  idempotency?: Idempotency,
): Promise<TicketView> {
  const building = await tx.building.findFirst({ where: { id: input.buildingId, tenantId: who.tenantId } });
  if (!building)
    throw new DomainError('invalid_input', `Unknown building ${input.buildingId}.`, { field: 'building_id' });
  if (input.unitId) {
    const unit = await tx.unit.findFirst({ where: { id: input.unitId, tenantId: who.tenantId } });
    if (!unit || unit.buildingId !== building.id) {
      throw new DomainError('invalid_input', `Unknown unit ${input.unitId} in ${building.id}.`, {
        field: 'unit_id',
      });
    }
  }
  const resident = input.residentPhone
    ? await tx.resident.findUnique({
        where: { tenantId_phone: { tenantId: who.tenantId, phone: input.residentPhone } },
      })
    : null;

  const triaged = Boolean(input.category && input.severity);
  let status: TicketStatus = 'new';
  if (triaged) {
    assertTransition('new', 'triaged');
    status = 'triaged';
  }
  const id = newId('tkt');
  const ticket = await tx.ticket.create({
    data: {
      id,
      tenantId: who.tenantId,
      code: newReadableTicketCode(),
      buildingId: building.id,
      unitId: input.unitId ?? resident?.unitId ?? null,
      residentId: resident?.id ?? null,
      category: input.category ?? null,
      severity: input.severity ?? null,
      status,
      description: input.description,
      windowStart: input.windowStart ?? null,
      windowEnd: input.windowEnd ?? null,
      accessNotes: input.accessNotes ?? null,
      source: input.source,
      correlationId: who.correlationId,
    },
    include: TICKET_INCLUDE,
  });
  const conversation = await tx.conversation.create({
    data: {
      id: newId('conv'),
      tenantId: who.tenantId,
      channel: input.source,
      address: `ticket:${id}`,
      participantType: resident ? 'resident' : 'unknown',
      participantId: resident?.id ?? null,
      lastMessageAt: new Date(),
    },
  });
  await tx.message.create({
    data: {
      id: newId('msg'),
      tenantId: who.tenantId,
      conversationId: conversation.id,
      ticketId: id,
      direction: 'inbound',
      channel: input.source,
      fromAddress: input.residentPhone ?? who.actor,
      toAddress: 'fixline',
      body: input.description,
      status: 'received',
      correlationId: who.correlationId,
    },
  });
  await recordTicketChange(tx, who, {
    ticketId: id,
    version: ticket.version,
    action: 'ticket.created',
    after: ticketSnapshot(ticket),
    eventTypes: triaged ? ['ticket.created', 'intake.completed'] : ['ticket.created'],
  });
  if (idempotency) {
    await tx.idempotencyKey.create({
      data: {
        id: newId('idem'),
        tenantId: who.tenantId,
        key: idempotency.key,
        scope: IDEMPOTENCY_SCOPE,
        requestHash: idempotency.requestHash,
        statusCode: 201,
        resourceId: id,
        expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
      },
    });
  }
  return ticket;
}

export async function getTicket(
  prisma: PrismaClient | Prisma.TransactionClient,
  tenantId: string,
  id: string,
): Promise<TicketView> {
  const ticket = await prisma.ticket.findFirst({ where: { id, tenantId }, include: TICKET_INCLUDE });
  // Another tenant's ticket is indistinguishable from a missing one.
  if (!ticket) throw new DomainError('not_found', `No ticket ${id}.`);
  return ticket;
}

export interface TicketFilter {
  status?: TicketStatus | undefined;
  category?: Trade | undefined;
  severity?: Severity | undefined;
  buildingId?: string | undefined;
  /** Only this resident's tickets (a resident sees nothing else). */
  residentId?: string | undefined;
  /** Only tickets still open (neither completed nor cancelled); ignored when `status` is given. */
  openOnly?: boolean | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  limit: number;
  /** Opaque position from the previous page. */
  cursor?: string | undefined;
}

/** Newest first (created_at desc, then id), keyset-paginated so pages never skip or repeat. */
export async function listTickets(prisma: PrismaClient, tenantId: string, f: TicketFilter) {
  const after = f.cursor ? decodeCursor(f.cursor) : undefined;
  const rows = await prisma.ticket.findMany({
    where: {
      tenantId,
      status: f.status ?? (f.openOnly ? { notIn: ['completed', 'cancelled'] } : undefined),
      category: f.category,
      severity: f.severity,
      buildingId: f.buildingId,
      residentId: f.residentId,
      createdAt: { gte: f.createdFrom, lt: f.createdTo },
      ...(after && {
        OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }],
      }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: f.limit + 1,
    include: TICKET_INCLUDE,
  });
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return { tickets: page, nextCursor: rows.length > f.limit && last ? encodeCursor(last) : null };
}

function encodeCursor(t: { createdAt: Date; id: string }): string {
  return Buffer.from(`${t.createdAt.toISOString()}|${t.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new DomainError('invalid_input', 'The cursor is not one this API returned.', { field: 'cursor' });
  }
  return { createdAt, id };
}

/** The ticket's audit trail, oldest first, for the timeline. */
export async function getTimeline(prisma: PrismaClient, tenantId: string, id: string) {
  await getTicket(prisma, tenantId, id);
  return prisma.auditLog.findMany({
    where: { tenantId, ticketId: id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/** The ticket as events and audit rows carry it: plain JSON, snake_case. */
export function ticketSnapshot(t: TicketView): Prisma.InputJsonObject {
  return {
    ticket_id: t.id,
    code: t.code,
    tenant_id: t.tenantId,
    building_id: t.buildingId,
    unit_id: t.unitId,
    resident_id: t.residentId,
    category: t.category,
    severity: t.severity,
    status: t.status,
    description: t.description,
    window_start: t.windowStart?.toISOString() ?? null,
    window_end: t.windowEnd?.toISOString() ?? null,
    access_notes: t.accessNotes,
    source: t.source,
  };
}
