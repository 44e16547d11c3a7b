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
