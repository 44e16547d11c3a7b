// The consumer inbox: an event's effect and the record "consumer X handled event E" commit in one
// transaction, so a redelivered event (Kafka is at-least-once) has no second effect. A concurrent
// duplicate waits on the unique key, then sees the first delivery's row and does nothing.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { EventEnvelope } from './envelope.ts';

export type InboxResult = 'handled' | 'duplicate';

export async function handleOnce(
  prisma: PrismaClient,
  consumer: string,
  envelope: EventEnvelope,
  effect: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<InboxResult> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.processedEvent.createMany({
      data: [{ consumer, eventId: envelope.event_id, tenantId: envelope.tenant_id }],
      skipDuplicates: true,
    });
    if (count === 0) return 'duplicate';
    await effect(tx);
    return 'handled';
  });
}

/**
 * Whether this consumer already handled the event: a cheap read for a consumer that does slow work
 * (a model call) before its transaction. handleOnce still decides; this only skips wasted work.
 */
export async function alreadyHandled(
  prisma: PrismaClient,
  consumer: string,
  envelope: EventEnvelope,
): Promise<boolean> {
  const row = await prisma.processedEvent.findUnique({
    where: { consumer_eventId: { consumer, eventId: envelope.event_id } },
    select: { eventId: true },
  });
  return row !== null;
}
