// Shared by every booking step: lock the ticket row (so booking steps on one ticket run one at a
// time, whatever process runs them), describe the job for SMS, and name the booking engine as actor.
import type { Prisma } from '../generated/prisma/client.ts';
import { getTicket, type Actor, type TicketView } from '../services/ticket-service.ts';
import type { JobSummary } from './texts.ts';

export const BOOKING_ACTOR = 'system:booking';

/** Locks the ticket row for the rest of the transaction and reads it; null when it does not exist. */
export async function lockTicket(
  tx: Prisma.TransactionClient,
  tenantId: string,
  ticketId: string,
): Promise<TicketView | null> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    'SELECT id FROM tickets WHERE id = $1 AND tenant_id = $2 FOR UPDATE',
    ticketId,
    tenantId,
  );
  return rows.length === 0 ? null : getTicket(tx, tenantId, ticketId);
}

export function jobSummary(ticket: TicketView): JobSummary {
  return {
    code: ticket.code,
    description: ticket.description,
    address: ticket.building.addressLine1,
    unit: ticket.unit?.label ?? null,
    windowStart: ticket.windowStart,
    windowEnd: ticket.windowEnd,
  };
}

export function bookingActor(ticket: TicketView, causationId: string | null, actor = BOOKING_ACTOR): Actor {
  return { tenantId: ticket.tenantId, actor, correlationId: ticket.correlationId, causationId };
}

/** Whether the ticket already has a live (tentative or confirmed) appointment. */
export function liveAppointment(ticket: TicketView) {
  return ticket.appointments.find((a) => a.status === 'tentative' || a.status === 'confirmed');
}
