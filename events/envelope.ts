// The event envelope every event travels in (PRODUCT.md §6), on the broker and in-process alike.
import crypto from 'node:crypto';
import { z } from 'zod';

export const ENVELOPE_SCHEMA_VERSION = 1;

export const eventEnvelopeSchema = z.object({
  event_id: z.uuid(),
  type: z.string().min(1),
  tenant_id: z.string().min(1),
  aggregate_type: z.string().min(1),
  aggregate_id: z.string().min(1),
  /** The aggregate's version after the change, for consumers that order or dedupe by it. */
  version: z.number().int().nonnegative(),
  occurred_at: z.iso.datetime({ offset: true }),
  correlation_id: z.string().min(1),
  causation_id: z.string().nullable(),
  schema_version: z.number().int().positive(),
  payload: z.record(z.string(), z.unknown()),
});

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export type NewEvent = Omit<EventEnvelope, 'event_id' | 'occurred_at' | 'schema_version' | 'causation_id'> &
  Partial<Pick<EventEnvelope, 'event_id' | 'occurred_at' | 'schema_version' | 'causation_id'>>;

export function createEnvelope(event: NewEvent): EventEnvelope {
  return {
    event_id: event.event_id ?? crypto.randomUUID(),
    occurred_at: event.occurred_at ?? new Date().toISOString(),
    schema_version: event.schema_version ?? ENVELOPE_SCHEMA_VERSION,
    causation_id: event.causation_id ?? null,
    type: event.type,
    tenant_id: event.tenant_id,
    aggregate_type: event.aggregate_type,
    aggregate_id: event.aggregate_id,
    version: event.version,
    correlation_id: event.correlation_id,
    payload: event.payload,
  };
}

/** Kafka message key: one aggregate's events share a partition, so they stay in order. */
export function eventKey(envelope: EventEnvelope): string {
  return envelope.aggregate_id;
}

/** Transport headers, so a consumer can route and trace without parsing the body. */
export function eventHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    'content-type': 'application/json',
    'schema-version': String(envelope.schema_version),
    'event-id': envelope.event_id,
    'event-type': envelope.type,
    'correlation-id': envelope.correlation_id,
    'causation-id': envelope.causation_id ?? '',
    'tenant-id': envelope.tenant_id,
  };
}
