// Before the booking consumer's transaction: when the parser cannot read a vendor's text and an
// interpreter (a model) is configured, show it the vendor's open offers and the text. This runs
// outside any transaction (a model call must never hold a database session open) and is skipped
// for an event already handled. A model that fails or hangs costs nothing: the parser's answer stands.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { parseVendorReply } from '../domain/vendor-reply.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { alreadyHandled } from '../events/inbox.ts';
import type { BookingDeps } from './dispatch.ts';
import {
  withoutPhoneNumbers,
  type OfferForInterpretation,
  type VendorTextReading,
} from './reply-interpreter.ts';
import { formatWindow, shorten, where } from './texts.ts';
import { openOfferWhere } from './vendor-replies.ts';

// A vendor holding more open offers than this is asked for the code, as before: the prompt stays small.
const MAX_OFFERS = 8;
// An SMS is rarely longer; a longer text is cut rather than sent whole to the model.
const MAX_TEXT = 1000;

const JOB = {
  code: true,
  category: true,
  description: true,
  windowStart: true,
  windowEnd: true,
  building: { select: { addressLine1: true } },
  unit: { select: { label: true } },
} as const;

/** The model's reading of a vendor's text, or undefined when the parser's answer needs none. */
export async function readVendorText(
  prisma: PrismaClient,
  deps: BookingDeps,
  consumer: string,
  envelope: EventEnvelope,
): Promise<VendorTextReading | undefined> {
  const { interpreter } = deps;
  const p = envelope.payload as Record<string, unknown>;
  const body = String(p.body ?? '');
  if (!interpreter) return undefined;
  const parsed = parseVendorReply(body);
  if (parsed.intent !== 'unknown' || (await alreadyHandled(prisma, consumer, envelope))) return undefined;
  const vendor = await prisma.vendor.findUnique({
    where: { tenantId_phone: { tenantId: envelope.tenant_id, phone: String(p.from) } },
    select: { id: true, timezone: true },
  });
  if (!vendor) return undefined;
  const offers = await prisma.offer.findMany({
    where: openOfferWhere(envelope.tenant_id, vendor.id),
    select: { dispatch: { select: { ticket: { select: JOB } } } },
    orderBy: { sentAt: 'desc' },
  });
  // A code the parser found names the job; the model may only pick among those it names. A
  // "code" that is none of this vendor's jobs is a word that looks like one ("¿es la FUGA?").
  const named =
    parsed.code && offers.some((o) => o.dispatch.ticket.code === parsed.code) ? parsed.code : null;
  const jobs = new Map<string, OfferForInterpretation>();
  for (const { dispatch } of offers) {
    const t = dispatch.ticket;
    if ((named && t.code !== named) || jobs.has(t.code)) continue;
    jobs.set(t.code, {
      code: t.code,
      trade: t.category ?? 'general',
      summary: withoutPhoneNumbers(shorten(t.description)),
      place: where({ address: t.building.addressLine1, unit: t.unit?.label ?? null }),
      window: formatWindow(t.windowStart, t.windowEnd, vendor.timezone),
    });
  }
  if (jobs.size === 0 || jobs.size > MAX_OFFERS) return undefined;
  const shown = [...jobs.values()];
  let interpretation;
  try {
    interpretation = await interpreter.interpret(body.slice(0, MAX_TEXT), shown);
  } catch {
    // The adapter reports its own failures; an unexpected one must not cost the vendor an answer.
    interpretation = null;
  }
  return { interpretation, offered: shown.map((o) => o.code) };
}
