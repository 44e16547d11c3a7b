// The dispatch run: on intake.completed pick the candidates (pure rules in domain/vendor-selection),
// then offer the job to one vendor at a time. NO or a timeout moves to the next vendor; running
// out of vendors escalates. Each step runs in the caller's transaction with the ticket row locked,
// so it is atomic with the inbox record that makes it happen once.
import type { Dispatch, Prisma, Vendor } from '../generated/prisma/client.ts';
import type { BookingPolicy } from '../domain/booking-policy.ts';
import type { BookingMetrics } from '../observability/metrics.ts';
import { severityOf } from '../domain/booking-policy.ts';
import { newId } from '../domain/ids.ts';
import { isOpen } from '../domain/ticket-status.ts';
import { selectCandidates } from '../domain/vendor-selection.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { queueSms } from '../messaging/outbound.ts';
import { writeAudit } from '../services/audit.ts';
import { transitionTicket } from '../services/ticket-changes.ts';
import type { Actor, TicketView } from '../services/ticket-service.ts';
import { scheduleTimer } from '../services/timers.ts';
import { bookingActor, jobSummary, liveAppointment, lockTicket } from './context.ts';
import { escalateTicket } from './escalation.ts';
import type { VendorReplyInterpreter } from './reply-interpreter.ts';
import { texts } from './texts.ts';

export interface BookingDeps {
  policy: BookingPolicy;
  now?: () => Date;
  metrics?: BookingMetrics;
  /** Reads vendor texts the parser cannot (a model); unset: the parser's answer always stands. */
  interpreter?: VendorReplyInterpreter;
}

const nowOf = (deps: BookingDeps) => deps.now?.() ?? new Date();

export type DispatchOutcome = 'offered' | 'escalated' | 'skipped';

export async function startDispatch(
  tx: Prisma.TransactionClient,
  deps: BookingDeps,
  tenantId: string,
  ticketId: string,
  causationId: string | null,
): Promise<DispatchOutcome> {
  const ticket = await lockTicket(tx, tenantId, ticketId);
  if (!ticket || !ticket.category || !isOpen(ticket.status) || liveAppointment(ticket)) return 'skipped';
  const running = await tx.dispatch.count({ where: { ticketId, status: { in: ['active', 'booked'] } } });
  if (running > 0) return 'skipped';

  const who = bookingActor(ticket, causationId);
  const severity = severityOf(ticket.severity);
  const now = nowOf(deps);
  await scheduleTimer(tx, {
    tenantId,
    kind: 'sla_breach',
    dedupeKey: `sla:${ticket.id}`,
    dueAt: new Date(ticket.createdAt.getTime() + deps.policy.slaMs[severity]),
    ticketId,
    payload: { correlation_id: ticket.correlationId, severity },
  });

  const vendors = await tx.vendor.findMany({ where: { tenantId, trades: { has: ticket.category } } });
  const rotation = await lockRotation(tx, tenantId, ticket.category);
  const selection = selectCandidates({
    trade: ticket.category,
    severity,
    window: ticket.windowStart
      ? { start: ticket.windowStart, end: ticket.windowEnd ?? undefined }
      : undefined,
    vendors,
    rotation: { lastVendorId: rotation.lastVendorId, turns: rotation.turns },
    now,
  });
  if (selection.candidates.length > 0) {
    await tx.vendorRotation.update({
      where: { id: rotation.id },
      data: { lastVendorId: selection.rotation.lastVendorId, turns: selection.rotation.turns },
    });
  }
  const dispatch = await tx.dispatch.create({
    data: {
      id: newId('dsp'),
      tenantId,
      ticketId,
      candidates: selection.candidates.map((c) => c.id),
      status: selection.candidates.length > 0 ? 'active' : 'exhausted',
      completedAt: selection.candidates.length > 0 ? null : now,
    },
  });
  await writeAudit(tx, who, {
    action: 'dispatch.started',
    entityType: 'dispatch',
    entityId: dispatch.id,
    ticketId,
    after: {
      candidates: selection.candidates.map((c) => ({ vendor_id: c.id, name: c.name })),
      excluded: selection.excluded.map((e) => ({ vendor_id: e.vendor.id, reason: e.reason })),
    },
  });
  if (selection.candidates.length === 0) {
    await escalateTicket(tx, who, ticket, 'no_candidates', { trade: ticket.category });
    return 'escalated';
  }
  const dispatching =
    ticket.status === 'dispatching'
      ? ticket
      : await transitionTicket(tx, who, ticket, 'dispatching', {
          action: 'ticket.dispatching',
          eventTypes: ['dispatch.started'],
          extra: { dispatch_id: dispatch.id, candidates: dispatch.candidates },
        });
  return offerNext(tx, deps, who, dispatching, dispatch);
}

/** Offers the job to the dispatch's next candidate, or escalates when none is left. */
export async function offerNext(
  tx: Prisma.TransactionClient,
  deps: BookingDeps,
  who: Actor,
  ticket: TicketView,
  dispatch: Dispatch,
): Promise<DispatchOutcome> {
  for (let index = dispatch.nextIndex; index < dispatch.candidates.length; index++) {
    const vendor = await tx.vendor.findUnique({ where: { id: dispatch.candidates[index]! } });
    await tx.dispatch.update({ where: { id: dispatch.id }, data: { nextIndex: index + 1 } });
    if (!vendor?.active) continue; // deactivated since the run started
    await sendOffer(tx, deps, who, ticket, dispatch, vendor, index + 1);
    return 'offered';
  }
  await tx.dispatch.update({
    where: { id: dispatch.id },
    data: { status: 'exhausted', completedAt: nowOf(deps) },
  });
  const offers = await tx.offer.findMany({ where: { dispatchId: dispatch.id } });
  const count = (response: string) => offers.filter((o) => o.response === response).length;
  const summary = { asked: offers.length, declined: count('declined'), no_answer: count('expired') };
  await writeAudit(tx, who, {
    action: 'dispatch.exhausted',
    entityType: 'dispatch',
    entityId: dispatch.id,
    ticketId: ticket.id,
    after: summary,
  });
  await escalateTicket(tx, who, ticket, 'all_declined', summary);
  return 'escalated';
}

/**
 * Offers the job to one vendor: the Offer row, the SMS (not delivered once expired), the expiry
 * timer, an audit row and `offer.sent`. Used by the run and by manual pings.
 */
export async function sendOffer(
  tx: Prisma.TransactionClient,
  deps: BookingDeps,
  who: Actor,
  ticket: TicketView,
  dispatch: Dispatch,
  vendor: Vendor,
  sequence: number,
  manual = false,
) {
  const severity = severityOf(ticket.severity);
  const now = nowOf(deps);
  const offer = await tx.offer.create({
    data: {
      id: newId('ofr'),
      tenantId: ticket.tenantId,
      dispatchId: dispatch.id,
      ticketId: ticket.id,
      vendorId: vendor.id,
      sequence,
      sentAt: now,
      expiresAt: new Date(now.getTime() + deps.policy.offerTimeoutMs[severity]),
    },
  });
  const sms = await queueSms(tx, {
    tenantId: ticket.tenantId,
    to: vendor.phone,
    body: texts.offer(jobSummary(ticket), vendor.timezone),
    participantType: 'vendor',
    participantId: vendor.id,
    ticketId: ticket.id,
    correlationId: who.correlationId,
    causationId: who.causationId ?? null,
    validUntil: offer.expiresAt,
    purpose: 'offer',
    actor: who.actor,
  });
  await scheduleTimer(tx, {
    tenantId: ticket.tenantId,
    kind: 'offer_expiry',
    dedupeKey: `offer:${offer.id}`,
    dueAt: offer.expiresAt,
    ticketId: ticket.id,
    payload: { offer_id: offer.id, correlation_id: ticket.correlationId },
  });
  const after = {
    offer_id: offer.id,
    vendor_id: vendor.id,
    vendor_name: vendor.name,
    sequence: offer.sequence,
    manual,
    expires_at: offer.expiresAt.toISOString(),
  };
  await writeAudit(tx, who, {
    action: 'offer.sent',
    entityType: 'offer',
    entityId: offer.id,
    ticketId: ticket.id,
    after,
  });
  await enqueueEvents(tx, [ticketEvent('offer.sent', who, ticket, after)]);
  return { offer, sms };
}

/** An event about a ticket that is not a change of the ticket itself (offers, replies). */
export function ticketEvent(type: string, who: Actor, ticket: TicketView, payload: Prisma.InputJsonObject) {
  return {
    type,
    tenant_id: ticket.tenantId,
    aggregate_type: 'ticket',
    aggregate_id: ticket.id,
    version: ticket.version,
    correlation_id: who.correlationId,
    causation_id: who.causationId ?? null,
    payload: { ticket_id: ticket.id, code: ticket.code, ...payload },
  };
}

/** The (tenant, trade) round-robin pointer, created on first use and locked for this transaction. */
async function lockRotation(tx: Prisma.TransactionClient, tenantId: string, trade: string) {
  await tx.vendorRotation.createMany({
    data: [{ id: newId('rot'), tenantId, trade }],
    skipDuplicates: true,
  });
  const [row] = await tx.$queryRawUnsafe<{ id: string; last_vendor_id: string | null; turns: number }[]>(
    'SELECT id, last_vendor_id, turns FROM vendor_rotations WHERE tenant_id = $1 AND trade = $2 FOR UPDATE',
    tenantId,
    trade,
  );
  return { id: row!.id, lastVendorId: row!.last_vendor_id, turns: row!.turns };
}
