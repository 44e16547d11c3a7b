// The booking engine's event consumer (group `booking`): intake.completed starts a dispatch,
// timer.fired expires offers and enforces SLAs. Each event's effect commits with its inbox row,
// so redelivery (Kafka is at-least-once) has no second effect.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { EventBus, Subscription } from '../events/event-bus.ts';
import { handleOnce } from '../events/inbox.ts';
import type { Logger } from '../observability/logger.ts';
import { startDispatch, type BookingDeps } from './dispatch.ts';
import { expireOffer, handleSlaBreach } from './timeouts.ts';

export const BOOKING_CONSUMER = 'booking';
export const BOOKING_TOPICS = ['intake.completed', 'timer.fired'];

export async function handleBookingEvent(
  prisma: PrismaClient,
  deps: BookingDeps,
  envelope: EventEnvelope,
): Promise<string> {
  let outcome = 'ignored';
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
    }
  });
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
      const outcome = await handleBookingEvent(prisma, deps, envelope);
      logger.debug(
        { type: envelope.type, ticket_id: envelope.aggregate_id, outcome },
        'booking event handled',
      );
    },
  });
}
