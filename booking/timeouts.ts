// What the booking engine does when a timer fires: an offer that got no answer expires and the
// next vendor is asked; a ticket still unbooked at its SLA is escalated while dispatch goes on.
// Both are no-ops when the world moved on (answered, booked, cancelled): timers may fire late.
import type { Prisma } from '../generated/prisma/client.ts';
import type { BookingPolicy } from '../domain/booking-policy.ts';
import { isOpen } from '../domain/ticket-status.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { writeAudit } from '../services/audit.ts';
import { bookingActor, liveAppointment, lockTicket } from './context.ts';
import { offerNext, ticketEvent, type BookingDeps } from './dispatch.ts';
import { escalateTicket } from './escalation.ts';

export async function expireOffer(
  tx: Prisma.TransactionClient,
  deps: BookingDeps,
  tenantId: string,
  offerId: string,
  causationId: string | null,
): Promise<'expired' | 'stale'> {
  const offer = await tx.offer.findFirst({ where: { id: offerId, tenantId } });
  if (!offer) return 'stale';
  const ticket = await lockTicket(tx, tenantId, offer.ticketId);
  // Re-read under the ticket lock: a YES or NO may have been committed meanwhile.
  const current = await tx.offer.findUnique({
    where: { id: offerId },
    include: { dispatch: true, vendor: true },
  });
  if (!ticket || current?.response !== 'pending') return 'stale';
  const who = bookingActor(ticket, causationId);
  await tx.offer.update({ where: { id: offerId }, data: { response: 'expired' } });
  const after = { offer_id: offerId, vendor_id: current.vendorId, vendor_name: current.vendor.name };
  await writeAudit(tx, who, {
    action: 'offer.expired',
    entityType: 'offer',
    entityId: offerId,
    ticketId: ticket.id,
    after,
  });
  await enqueueEvents(tx, [ticketEvent('offer.expired', who, ticket, after)]);
  // Only the newest offer moves the run on; the expired one stays acceptable until the ticket is booked.
  if (current.dispatch.status === 'active' && current.sequence === current.dispatch.nextIndex) {
    await offerNext(tx, deps, who, ticket, current.dispatch);
  }
  return 'expired';
}

export async function handleSlaBreach(
  tx: Prisma.TransactionClient,
  policy: BookingPolicy,
  tenantId: string,
  ticketId: string,
  causationId: string | null,
): Promise<'escalated' | 'stale'> {
  const ticket = await lockTicket(tx, tenantId, ticketId);
  if (!ticket || !isOpen(ticket.status) || liveAppointment(ticket)) return 'stale';
  if (ticket.status === 'escalated' || ticket.status === 'scheduled' || ticket.status === 'in_progress')
    return 'stale';
  const severity = ticket.severity ?? 'routine';
  await escalateTicket(tx, bookingActor(ticket, causationId), ticket, 'sla_breach', {
    severity,
    sla_minutes: policy.slaMs[severity as keyof BookingPolicy['slaMs']] / 60_000,
  });
  return 'escalated';
}
