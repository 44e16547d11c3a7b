// The booking engine's event consumer (group `booking`): intake.completed starts a dispatch,
// timer.fired expires offers and enforces SLAs, message.received from a vendor answers offers. Each event's effect commits with its inbox row,
// so redelivery (Kafka is at-least-once) has no second effect.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { EventBus, Subscription } from '../events/event-bus.ts';
import { handleOnce } from '../events/inbox.ts';
import type { Logger } from '../observability/logger.ts';
import { startDispatch, type BookingDeps } from './dispatch.ts';
import { expireOffer, handleSlaBreach } from './timeouts.ts';
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
    } else if (envelope.type === 'message.received' && p.participant_type === 'vendor' && !p.keyword) {
      const reply = await answerVendor(tx, deps, {
        tenantId: envelope.tenant_id,
        from: String(p.from),
        body: String(p.body),
        correlationId: envelope.correlation_id,
        causationId: envelope.event_id,
      });
      outcome = reply.outcome;
      booked = reply.booked;
    }
  });
  // Observed once committed, so a rolled-back booking never counts.
  if (result === 'handled' && booked)
    deps.metrics?.timeToBook.observe({ severity: booked.severity }, booked.seconds);
  return result === 'duplicate' ? 'duplicate' : outcome;
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
      const p = envelope.payload as Record<string, unknown>;
      if (envelope.type === 'message.received' && (p.participant_type !== 'vendor' || p.keyword)) return;
      const outcome = await handleBookingEvent(prisma, deps, envelope);
      logger.debug(
        { type: envelope.type, ticket_id: envelope.aggregate_id, outcome },
        'booking event handled',
      );
    },
  });
}
