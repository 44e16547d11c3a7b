// Changes to an existing ticket. Each one is a compare-and-set on the ticket's version inside one
// transaction with its audit row and outbox event, so two concurrent edits cannot both win.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { DomainError } from '../domain/errors.ts';
import { assertTransition, isOpen, type TicketStatus } from '../domain/ticket-status.ts';
import { recordTicketChange } from './ticket-record.ts';
import {
  getTicket,
  ticketSnapshot,
  type Actor,
  type Severity,
  type TicketView,
  type Trade,
} from './ticket-service.ts';

export interface TicketEdit {
  category?: Trade | undefined;
  severity?: Severity | undefined;
  windowStart?: Date | undefined;
  windowEnd?: Date | undefined;
  accessNotes?: string | undefined;
}

export async function updateTicket(
  prisma: PrismaClient,
  who: Actor,
  id: string,
  edit: TicketEdit,
): Promise<TicketView> {
  return prisma.$transaction((tx) => updateTicketIn(tx, who, id, edit));
}

/** updateTicket inside the caller's transaction (a worker's, with its inbox row). */
export async function updateTicketIn(
  tx: Prisma.TransactionClient,
  who: Actor,
  id: string,
  edit: TicketEdit,
): Promise<TicketView> {
  const current = await getTicket(tx, who.tenantId, id);
  if (!isOpen(current.status)) {
    throw new DomainError('invalid_transition', `A ${current.status} ticket cannot be edited.`, {
      status: current.status,
    });
  }
  const windowStart = edit.windowStart ?? current.windowStart;
  const windowEnd = edit.windowEnd ?? current.windowEnd;
  if (windowStart && windowEnd && windowEnd <= windowStart) {
    throw new DomainError('invalid_input', 'window_end must be after window_start.', {
      field: 'window_end',
    });
  }
  const data: Prisma.TicketUpdateManyMutationInput = {
    category: edit.category,
    severity: edit.severity,
    windowStart: edit.windowStart,
    windowEnd: edit.windowEnd,
    accessNotes: edit.accessNotes,
  };
  // Once trade and severity are both known a new ticket is triaged, and booking can start.
  const triage =
    current.status === 'new' &&
    Boolean((edit.category ?? current.category) && (edit.severity ?? current.severity));
  if (triage) {
    assertTransition('new', 'triaged');
    data.status = 'triaged';
  }
  return applyChange(
    tx,
    who,
    current,
    data,
    'ticket.updated',
    triage ? ['ticket.updated', 'intake.completed'] : ['ticket.updated'],
  );
}

export async function cancelTicket(
  prisma: PrismaClient,
  who: Actor,
  id: string,
  reason?: string,
): Promise<TicketView> {
  return prisma.$transaction(async (tx) => {
    const current = await getTicket(tx, who.tenantId, id);
    assertTransition(current.status, 'cancelled');
    return applyChange(
      tx,
      who,
      current,
      { status: 'cancelled', closedAt: new Date() },
      'ticket.cancelled',
      ['ticket.cancelled'],
      reason ? { reason } : undefined,
    );
  });
}

/**
 * A status change made by a worker inside its own transaction, through the state machine, with
 * its audit row and events; `extra` (reason, appointment…) joins the snapshot they carry.
 */
export async function transitionTicket(
  tx: Prisma.TransactionClient,
  who: Actor,
  current: TicketView,
  to: TicketStatus,
  change: { action: string; eventTypes: string[]; extra?: Prisma.InputJsonObject },
): Promise<TicketView> {
  assertTransition(current.status, to);
  const now = new Date();
  // The moments a ticket reaches these states are kept on the row, for reports and SLAs.
  const stamp: Prisma.TicketUpdateManyMutationInput =
    to === 'scheduled'
      ? { scheduledAt: now }
      : to === 'escalated'
        ? { escalatedAt: now }
        : to === 'completed' || to === 'cancelled'
          ? { closedAt: now }
          : {};
  return applyChange(
    tx,
    who,
    current,
    { status: to, ...stamp },
    change.action,
    change.eventTypes,
    change.extra,
  );
}

async function applyChange(
  tx: Prisma.TransactionClient,
  who: Actor,
  current: TicketView,
  data: Prisma.TicketUpdateManyMutationInput,
  action: string,
  eventTypes: string[],
  extra?: Prisma.InputJsonObject,
): Promise<TicketView> {
  const { count } = await tx.ticket.updateMany({
    where: { id: current.id, tenantId: who.tenantId, version: current.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0)
    throw new DomainError('conflict', 'The ticket changed meanwhile; read it again and retry.');
  const updated = await getTicket(tx, who.tenantId, current.id);
  const after = ticketSnapshot(updated);
  await recordTicketChange(tx, who, {
    ticketId: current.id,
    version: updated.version,
    action,
    before: ticketSnapshot(current),
    after: extra ? { ...after, ...extra } : after,
    eventTypes,
  });
  return updated;
}
