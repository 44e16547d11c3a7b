// The transactional outbox: events are rows written in the caller's transaction, next to the
// state change they announce, so an event exists if and only if the change committed. The relay
// publishes them later; envelopeFromRow rebuilds exactly the envelope that was enqueued.
import type { OutboxEvent, Prisma } from '../generated/prisma/client.ts';
import { createEnvelope, eventHeaders, eventKey, type EventEnvelope, type NewEvent } from './envelope.ts';

/** What a Prisma interactive transaction (or the client itself) offers for writing outbox rows. */
export type OutboxWriter = Pick<Prisma.TransactionClient, 'outboxEvent' | '$executeRawUnsafe'>;

/** NOTIFY channel the relay listens on; delivered at commit, so it never announces a rolled-back row. */
export const OUTBOX_CHANNEL = 'fixline_outbox';

export interface OutboxMessage extends NewEvent {
  /** Kafka key; defaults to the aggregate id (messages use the conversation id). */
  key?: string;
}

/** Envelope fields that have no column of their own travel in `headers`. */
interface StoredHeaders extends Record<string, string | number> {
  version: number;
  occurred_at: string;
  schema_version: number;
}

export async function enqueueEvents(tx: OutboxWriter, events: OutboxMessage[]): Promise<EventEnvelope[]> {
  const envelopes = events.map(({ key: _key, ...event }) => createEnvelope(event));
  await tx.outboxEvent.createMany({
    data: envelopes.map((envelope, i) => {
      const headers = storedHeaders(envelope);
      return {
        id: envelope.event_id,
        tenantId: envelope.tenant_id,
        aggregateType: envelope.aggregate_type,
        aggregateId: envelope.aggregate_id,
        eventType: envelope.type,
        key: events[i]!.key ?? eventKey(envelope),
        payload: envelope.payload as Prisma.InputJsonObject,
        headers,
        correlationId: envelope.correlation_id,
        causationId: envelope.causation_id,
      };
    }),
  });
  await tx.$executeRawUnsafe(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  return envelopes;
}

/** The `headers` column of an outbox row: the Kafka headers plus the envelope fields without a column. */
export function storedHeaders(envelope: EventEnvelope): StoredHeaders {
  return {
    ...eventHeaders(envelope),
    version: envelope.version,
    occurred_at: envelope.occurred_at,
    schema_version: envelope.schema_version,
  };
}

export function envelopeFromRow(row: OutboxEvent): EventEnvelope {
  const headers = row.headers as unknown as StoredHeaders;
  return {
    event_id: row.id,
    type: row.eventType,
    tenant_id: row.tenantId,
    aggregate_type: row.aggregateType,
    aggregate_id: row.aggregateId,
    version: headers.version,
    occurred_at: headers.occurred_at,
    correlation_id: row.correlationId,
    causation_id: row.causationId,
    schema_version: headers.schema_version,
    payload: row.payload as Record<string, unknown>,
  };
}
