// Every ticket change leaves the same two traces in its transaction: an audit row (the timeline)
// and outbox events carrying the ticket's new snapshot. One function writes both.
import type { Prisma } from '../generated/prisma/client.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { writeAudit } from './audit.ts';
import type { Actor } from './ticket-service.ts';

export interface TicketChangeRecord {
  ticketId: string;
  /** The ticket's version after the change. */
  version: number;
  action: string;
  before?: Prisma.InputJsonObject;
  after: Prisma.InputJsonObject;
  eventTypes: string[];
}

export async function recordTicketChange(
  tx: Prisma.TransactionClient,
  who: Actor,
  change: TicketChangeRecord,
): Promise<void> {
  await writeAudit(tx, who, {
    action: change.action,
    entityType: 'ticket',
    entityId: change.ticketId,
    ticketId: change.ticketId,
    ...(change.before && { before: change.before }),
    after: change.after,
  });
  await enqueueEvents(
    tx,
    change.eventTypes.map((type) => ({
      type,
      tenant_id: who.tenantId,
      aggregate_type: 'ticket',
      aggregate_id: change.ticketId,
      version: change.version,
      correlation_id: who.correlationId,
      causation_id: who.causationId ?? null,
      payload: change.after,
    })),
  );
}
