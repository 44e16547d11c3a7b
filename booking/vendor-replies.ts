// A vendor's SMS reply to offers: parse it (domain/vendor-reply), find the offer it answers, and
// book, decline, or answer with instructions. A vendor holding several open offers must quote the
// code; otherwise they are asked which job. Every accept or decline leaves an audit row on the
// ticket. Text the parser cannot read may come with a model's reading (booking/vendor-clarification),
// used only when it names an offer this vendor holds open; otherwise the answer is the parser's.
import type { Offer, Prisma, PrismaClient, Vendor } from '../generated/prisma/client.ts';
import { toGsmLookalikes } from '../domain/sms-segments.ts';
import { parseVendorReply } from '../domain/vendor-reply.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { queueSms } from '../messaging/outbound.ts';
import { writeAudit } from '../services/audit.ts';
import { cancelTimer } from '../services/timers.ts';
import { getTicket } from '../services/ticket-service.ts';
import { bookTicket } from './book.ts';
import {
  clarificationProblem,
  type Interpretation,
  type InterpretedBy,
  type VendorTextReading,
} from './reply-interpreter.ts';
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
  /**
   * Who decided what the text meant, for the interpretations metric: the parser, the model, or the
   * parser after the model was asked and its answer could not be used (`fallback`).
   */
  interpreted?: { by: 'parser' | 'model' | 'fallback'; intent: string };
}

type OpenOffer = Offer & { dispatch: { ticket: { id: string; code: string } } };
const WITH_TICKET = { dispatch: { select: { ticket: { select: { id: true, code: true } } } } } as const;
type Say = (body: string, ticketId?: string | null) => Promise<unknown>;
const BY_PARSER: InterpretedBy = { by: 'parser' };

/** Offers on jobs not yet booked: pending ones, and expired or declined ones (still acceptable). */
export function openOfferWhere(tenantId: string, vendorId: string) {
  return {
    tenantId,
    vendorId,
    response: { in: ['pending', 'expired', 'declined'] },
    dispatch: { status: { in: ['active', 'exhausted'] } },
  } satisfies Prisma.OfferWhereInput;
}

export async function handleVendorReply(
  prisma: PrismaClient,
  deps: BookingDeps,
  sms: VendorSms,
): Promise<Omit<ReplyResult, 'interpreted'>> {
  const { interpreted, ...result } = await prisma.$transaction((tx) => answerVendor(tx, deps, sms));
  if (result.booked)
    deps.metrics?.timeToBook.observe({ severity: result.booked.severity }, result.booked.seconds);
  if (interpreted) deps.metrics?.vendorReplyInterpretations.inc(interpreted);
  return result;
}

/**
 * The reply's whole effect, in the caller's transaction (the inbox's, for message.received).
 * `reading` is a model's interpretation, obtained before the transaction; it only counts when the
 * parser found neither acceptance nor refusal.
 */
export async function answerVendor(
  tx: Prisma.TransactionClient,
  deps: BookingDeps,
  sms: VendorSms,
  reading?: VendorTextReading,
): Promise<ReplyResult> {
  const vendor = await tx.vendor.findUnique({
    where: { tenantId_phone: { tenantId: sms.tenantId, phone: sms.from } },
  });
  if (!vendor) return { outcome: 'not_a_vendor' };
  const reply = parseVendorReply(sms.body);
  const open: OpenOffer[] = await tx.offer.findMany({
    where: openOfferWhere(sms.tenantId, vendor.id),
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
    const choice = modelChoice(reading, open);
    const answered = choice && (await applyModel(tx, deps, vendor, choice, sms, say));
    if (answered) return answered;
    // A question about the one job on offer ("what's the address?", "when?") is answered by the
    // offer itself: what, where, when and how to accept. A "code" that is none of the vendor's
    // jobs was a word that looks like one ("¿es la FUGA?"): the question is about their offers.
    const about = matching.length === 0 && reply.code ? open : matching;
    if (about.length === 1) {
      const job = jobSummary(await getTicket(tx, sms.tenantId, about[0]!.ticketId));
      await say(texts.jobAgain(job, vendor.timezone), about[0]!.ticketId);
    } else {
      await say(texts.instructions());
    }
    return { outcome: 'instructions' as const, interpreted: fallbackInterpretation(reading) };
  }
  const interpreted = { by: 'parser', intent: reply.intent } as const;
  if (matching.length === 0) {
    const taken = reply.code ? await takenJob(tx, vendor, reply.code) : await latestTakenJob(tx, vendor);
    if (taken && reply.intent === 'accept') {
      await say(texts.taken(taken.code), taken.id);
      return { outcome: 'taken' as const, ticketId: taken.id, interpreted };
    }
    await say(texts.noOpenJob());
    return { outcome: 'no_open_offer' as const, interpreted };
  }
  if (matching.length > 1) {
    await say(texts.whichJob(matching.map((o) => o.dispatch.ticket.code)));
    return { outcome: 'asked_which_job' as const, interpreted };
  }
  const offer = matching[0]!;
  const result =
    reply.intent === 'accept'
      ? await accept(tx, vendor, offer, sms, say, BY_PARSER)
      : await decline(tx, deps, vendor, offer, sms, say, BY_PARSER);
  return { ...result, interpreted };
}

/**
 * A model's accept or decline goes through the same paths as a parsed YES or NO; its answer to a
 * question is sent only when it passes the deterministic check. null: the parser's answer stands.
 */
async function applyModel(
  tx: Prisma.TransactionClient,
  deps: BookingDeps,
  vendor: Vendor,
  { interpretation: model, offer }: { interpretation: Interpretation; offer: OpenOffer },
  sms: VendorSms,
  say: Say,
): Promise<ReplyResult | null> {
  const by: InterpretedBy = { by: 'model', model: model.model, prompt_hash: model.promptHash };
  const interpreted = { by: 'model', intent: model.intent } as const;
  if (model.intent === 'accept') return { ...(await accept(tx, vendor, offer, sms, say, by)), interpreted };
  if (model.intent === 'decline') {
    return { ...(await decline(tx, deps, vendor, offer, sms, say, by)), interpreted };
  }
  // Curly quotes or Spanish accents would switch the SMS to UCS-2 and halve what fits: look-alikes.
  const answer = model.reply && toGsmLookalikes(model.reply.replace(/\s+/g, ' ').trim());
  if (model.intent !== 'question' || !answer || clarificationProblem(answer, offer.dispatch.ticket.code)) {
    return null;
  }
  await answerQuestion(tx, vendor, offer, sms, answer, by, say);
  return { outcome: 'instructions', ticketId: offer.ticketId, interpreted };
}

/**
 * The open offer a model's accept, decline or question is about: the code it named, or the only
 * offer it was shown; either must be one it was shown and still open now. Otherwise none.
 */
function modelChoice(
  reading: VendorTextReading | undefined,
  open: OpenOffer[],
): { interpretation: Interpretation; offer: OpenOffer } | null {
  const interpretation = reading?.interpretation;
  if (!interpretation || interpretation.intent === 'unclear') return null;
  const code =
    interpretation.code?.toUpperCase() ?? (reading.offered.length === 1 ? reading.offered[0] : null);
  if (!code || !reading.offered.includes(code)) return null;
  const offer = open.find((o) => o.dispatch.ticket.code === code);
  return offer ? { interpretation, offer } : null;
}

/** The parser answered: because nobody else was asked, the model said "unclear", or it failed. */
function fallbackInterpretation(reading: VendorTextReading | undefined): ReplyResult['interpreted'] {
  const intent = reading?.interpretation?.intent;
  if (!reading) return { by: 'parser', intent: 'unknown' };
  if (intent === 'unclear') return { by: 'model', intent };
  return { by: 'fallback', intent: intent ?? 'error' };
}

async function answerQuestion(
  tx: Prisma.TransactionClient,
  vendor: Vendor,
  offer: OpenOffer,
  sms: VendorSms,
  answer: string,
  by: InterpretedBy,
  say: Say,
): Promise<void> {
  const ticket = await getTicket(tx, sms.tenantId, offer.ticketId);
  await writeAudit(tx, bookingActor(ticket, sms.causationId ?? null, `vendor:${vendor.id}`), {
    action: 'vendor.replied',
    entityType: 'offer',
    entityId: offer.id,
    ticketId: ticket.id,
    after: {
      vendor_id: vendor.id,
      intent: 'question',
      text: sms.body.slice(0, 320),
      answer,
      interpreted_by: by,
    },
  });
  await say(answer, ticket.id);
}

async function accept(
  tx: Prisma.TransactionClient,
  vendor: Vendor,
  offer: OpenOffer,
  sms: VendorSms,
  say: Say,
  by: InterpretedBy,
): Promise<ReplyResult> {
  const ticket = await lockTicket(tx, sms.tenantId, offer.ticketId);
  if (!ticket) return { outcome: 'no_open_offer' };
  const who = bookingActor(ticket, sms.causationId ?? null, `vendor:${vendor.id}`);
  await writeAudit(tx, who, {
    action: 'vendor.replied',
    entityType: 'offer',
    entityId: offer.id,
    ticketId: ticket.id,
    after: { vendor_id: vendor.id, intent: 'accept', text: sms.body.slice(0, 320), interpreted_by: by },
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
  say: Say,
  by: InterpretedBy,
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
    after: { ...after, interpreted_by: by },
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
