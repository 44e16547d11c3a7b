// The booking engine's event consumer (group `booking`): intake.completed starts a dispatch,
// timer.fired expires offers and enforces SLAs, message.received from a vendor answers offers. Each event's effect commits with its inbox row,
// so redelivery (Kafka is at-least-once) has no second effect. A vendor text the parser cannot
// read may first go to the model (booking/vendor-clarification), before the transaction opens.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { EventBus, Subscription } from '../events/event-bus.ts';
import { handleOnce } from '../events/inbox.ts';
import type { Logger } from '../observability/logger.ts';
import { startDispatch, type BookingDeps } from './dispatch.ts';
import { expireOffer, handleSlaBreach } from './timeouts.ts';
import { readVendorText } from './vendor-clarification.ts';
import { answerVendor, type ReplyResult } from './vendor-replies.ts';

export const BOOKING_CONSUMER = 'booking';
export const BOOKING_TOPICS = ['intake.completed', 'timer.fired', 'message.received'];

export async function handleBookingEvent(
  prisma: PrismaClient,
  deps: BookingDeps,
  envelope: EventEnvelope,
): Promise<string> {
  let outcome = 'ignored';
  let booked: ReplyResult['booked'];
  let interpreted: ReplyResult['interpreted'];
  const vendorText = isVendorText(envelope);
  const reading = vendorText ? await readVendorText(prisma, deps, BOOKING_CONSUMER, envelope) : undefined;
  const result = await handleOnce(prisma, BOOKING_CONSUMER, envelope, async (tx) => {
    const p = envelope.payload as Record<string, unknown>;
    if (envelope.type === 'intake.completed') {
      outcome = await startDispatch(tx, deps, envelope.tenant_id, envelope.aggregate_id, envelope.event_id);
    } else if (envelope.type === 'timer.fired' && p.kind === 'offer_expiry') {
      outcome = await expireOffer(tx, deps, envelope.tenant_id, String(p.offer_id), envelope.event_id);
    } else if (envelope.type === 'timer.fired' && p.kind === 'sla_breach') {
      outcome = await handleSlaBreach(
        tx,
        deps.policy,
        envelope.tenant_id,
        String(p.ticket_id),
        envelope.event_id,
      );
    } else if (vendorText) {
      const sms = {
        tenantId: envelope.tenant_id,
        from: String(p.from),
        body: String(p.body),
        correlationId: envelope.correlation_id,
        causationId: envelope.event_id,
      };
      const reply = await answerVendor(tx, deps, sms, reading);
      outcome = reply.outcome;
      booked = reply.booked;
      interpreted = reply.interpreted;
    }
  });
  // Observed once committed, so a rolled-back booking never counts.
  if (result === 'handled' && booked)
    deps.metrics?.timeToBook.observe({ severity: booked.severity }, booked.seconds);
  if (result === 'handled' && interpreted) deps.metrics?.vendorReplyInterpretations.inc(interpreted);
  return result === 'duplicate' ? 'duplicate' : outcome;
}

/** A vendor's own text (carrier keywords such as STOP are the inbound path's, not the engine's). */
function isVendorText(envelope: EventEnvelope): boolean {
  const p = envelope.payload as Record<string, unknown>;
  return envelope.type === 'message.received' && p.participant_type === 'vendor' && !p.keyword;
}

export function subscribeBooking(
  bus: EventBus,
  prisma: PrismaClient,
  deps: BookingDeps,
  logger: Logger,
): Promise<Subscription> {
  return bus.subscribe({
    group: BOOKING_CONSUMER,
    topics: BOOKING_TOPICS,
    handler: async (envelope) => {
      // Residents' and contacts' texts are not the engine's: no transaction, no inbox row for them.
      if (envelope.type === 'message.received' && !isVendorText(envelope)) return;
      const outcome = await handleBookingEvent(prisma, deps, envelope);
      logger.debug(
        { type: envelope.type, ticket_id: envelope.aggregate_id, outcome },
        'booking event handled',
      );
    },
  });
}
