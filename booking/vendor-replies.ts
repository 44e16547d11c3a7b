// A vendor's SMS reply to offers: parse it (domain/vendor-reply), find the offer it answers, and
// book, decline, or answer with instructions. A vendor holding several open offers must quote the
// code; otherwise they are asked which job. Every reply leaves an audit row on the ticket.
import type { Offer, Prisma, PrismaClient, Vendor } from '../generated/prisma/client.ts';
import { parseVendorReply } from '../domain/vendor-reply.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { queueSms } from '../messaging/outbound.ts';
import { writeAudit } from '../services/audit.ts';
import { cancelTimer } from '../services/timers.ts';
import { getTicket } from '../services/ticket-service.ts';
import { bookTicket } from './book.ts';
import { bookingActor, jobSummary, lockTicket } from './context.ts';
import { offerNext, ticketEvent, type BookingDeps } from './dispatch.ts';
import { texts } from './texts.ts';

export interface VendorSms {
  tenantId: string;
  from: string;
  body: string;
  correlationId?: string;
  causationId?: string | null;
}

export type ReplyOutcome =
  'booked' | 'taken' | 'declined' | 'asked_which_job' | 'instructions' | 'no_open_offer' | 'not_a_vendor';

export interface ReplyResult {
  outcome: ReplyOutcome;
  ticketId?: string;
  /** When booked: how long after the ticket was created, for the time-to-book metric. */
  booked?: { severity: string; seconds: number };
}

type OpenOffer = Offer & { dispatch: { ticket: { id: string; code: string } } };
const WITH_TICKET = { dispatch: { select: { ticket: { select: { id: true, code: true } } } } } as const;

export async function handleVendorReply(
  prisma: PrismaClient,
  deps: BookingDeps,
  sms: VendorSms,
): Promise<ReplyResult> {
  const result = await prisma.$transaction((tx) => answerVendor(tx, deps, sms));
  if (result.booked)
    deps.metrics?.timeToBook.observe({ severity: result.booked.severity }, result.booked.seconds);
  return result;
}

/** The reply's whole effect, in the caller's transaction (the inbox's, for message.received). */
export async function answerVendor(
  tx: Prisma.TransactionClient,
  deps: BookingDeps,
  sms: VendorSms,
): Promise<ReplyResult> {
  const vendor = await tx.vendor.findUnique({
    where: { tenantId_phone: { tenantId: sms.tenantId, phone: sms.from } },
  });
  if (!vendor) return { outcome: 'not_a_vendor' };
  const reply = parseVendorReply(sms.body);
  // Offers on jobs not yet booked: pending ones, and expired or declined ones (still acceptable).
  const open: OpenOffer[] = await tx.offer.findMany({
    where: {
      tenantId: sms.tenantId,
      vendorId: vendor.id,
      response: { in: ['pending', 'expired', 'declined'] },
      dispatch: { status: { in: ['active', 'exhausted'] } },
    },
    include: WITH_TICKET,
    orderBy: { sentAt: 'desc' },
  });
  const matching = reply.code ? open.filter((o) => o.dispatch.ticket.code === reply.code) : open;
  const say = (body: string, ticketId: string | null = null) =>
    queueSms(tx, {
      tenantId: sms.tenantId,
      to: vendor.phone,
      body,
      participantType: 'vendor',
      participantId: vendor.id,
      ticketId,
      correlationId: sms.correlationId ?? `vendor-reply:${vendor.id}`,
      causationId: sms.causationId ?? null,
      purpose: 'vendor_reply',
      actor: `vendor:${vendor.id}`,
    });

  if (reply.intent === 'unknown') {
    // A question about the one job on offer ("what's the address?", "when?") is answered by the
    // offer itself: what, where, when and how to accept.
    if (matching.length === 1) {
      const job = jobSummary(await getTicket(tx, sms.tenantId, matching[0]!.ticketId));
      await say(texts.jobAgain(job, vendor.timezone), matching[0]!.ticketId);
    } else {
      await say(texts.instructions());
    }
    return { outcome: 'instructions' as const };
  }
  if (matching.length === 0) {
    const taken = reply.code ? await takenJob(tx, vendor, reply.code) : await latestTakenJob(tx, vendor);
    if (taken && reply.intent === 'accept') {
      await say(texts.taken(taken.code), taken.id);
      return { outcome: 'taken' as const, ticketId: taken.id };
    }
    await say(texts.noOpenJob());
    return { outcome: 'no_open_offer' as const };
  }
  if (matching.length > 1) {
    await say(texts.whichJob(matching.map((o) => o.dispatch.ticket.code)));
    return { outcome: 'asked_which_job' as const };
  }
  const offer = matching[0]!;
  return reply.intent === 'accept'
    ? accept(tx, vendor, offer, sms, say)
    : decline(tx, deps, vendor, offer, sms, say);
}

async function accept(
  tx: Prisma.TransactionClient,
  vendor: Vendor,
  offer: OpenOffer,
  sms: VendorSms,
  say: (body: string, ticketId?: string | null) => Promise<unknown>,
): Promise<ReplyResult> {
  const ticket = await lockTicket(tx, sms.tenantId, offer.ticketId);
  if (!ticket) return { outcome: 'no_open_offer' };
  const who = bookingActor(ticket, sms.causationId ?? null, `vendor:${vendor.id}`);
  await writeAudit(tx, who, {
    action: 'vendor.replied',
    entityType: 'offer',
    entityId: offer.id,
    ticketId: ticket.id,
    after: { vendor_id: vendor.id, intent: 'accept', text: sms.body.slice(0, 320) },
  });
  const result = await bookTicket(tx, who, ticket, { vendor, offerId: offer.id, method: 'sms_yes' });
  if (result.outcome !== 'booked') {
    await tx.offer.update({ where: { id: offer.id }, data: { response: 'taken', respondedAt: new Date() } });
    await say(texts.taken(ticket.code), ticket.id);
    return { outcome: 'taken', ticketId: ticket.id };
  }
  const seconds = (result.appointment.createdAt.getTime() - ticket.createdAt.getTime()) / 1000;
  return {
    outcome: 'booked',
    ticketId: ticket.id,
    booked: { severity: ticket.severity ?? 'unknown', seconds },
  };
}

async function decline(
  tx: Prisma.TransactionClient,
  deps: BookingDeps,
  vendor: Vendor,
  offer: OpenOffer,
  sms: VendorSms,
  say: (body: string, ticketId?: string | null) => Promise<unknown>,
): Promise<ReplyResult> {
  const ticket = await lockTicket(tx, sms.tenantId, offer.ticketId);
  const current = await tx.offer.findUnique({ where: { id: offer.id }, include: { dispatch: true } });
  if (!ticket || !current) return { outcome: 'no_open_offer' };
  const who = bookingActor(ticket, sms.causationId ?? null, `vendor:${vendor.id}`);
  const after = {
    offer_id: offer.id,
    vendor_id: vendor.id,
    vendor_name: vendor.name,
    text: sms.body.slice(0, 320),
  };
  await writeAudit(tx, who, {
    action: 'offer.declined',
    entityType: 'offer',
    entityId: offer.id,
    ticketId: ticket.id,
    after,
  });
  await say(texts.declined(ticket.code), ticket.id);
  if (current.response !== 'pending') return { outcome: 'declined', ticketId: ticket.id };
  await tx.offer.update({ where: { id: offer.id }, data: { response: 'declined', respondedAt: new Date() } });
  await cancelTimer(tx, `offer:${offer.id}`);
  await enqueueEvents(tx, [ticketEvent('offer.declined', who, ticket, after)]);
  if (current.dispatch.status === 'active' && current.sequence === current.dispatch.nextIndex) {
    await offerNext(tx, deps, bookingActor(ticket, sms.causationId ?? null), ticket, current.dispatch);
  }
  return { outcome: 'declined', ticketId: ticket.id };
}

/** The booked ticket this vendor was offered, by code (for "this job has been taken"). */
async function takenJob(tx: Prisma.TransactionClient, vendor: Vendor, code: string) {
  const offer = await tx.offer.findFirst({
    where: { vendorId: vendor.id, response: 'taken', dispatch: { ticket: { code } } },
    include: WITH_TICKET,
  });
  return offer?.dispatch.ticket ?? null;
}

async function latestTakenJob(tx: Prisma.TransactionClient, vendor: Vendor) {
  const offer = await tx.offer.findFirst({
    where: { vendorId: vendor.id, response: 'taken' },
    orderBy: { sentAt: 'desc' },
    include: WITH_TICKET,
  });
  return offer?.dispatch.ticket ?? null;
}
