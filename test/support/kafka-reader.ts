// An independent reader for delivery checks: its own kafkajs client and consumer group (nothing
// shared with the relay's bus) reads topics from the beginning up to their current end, then
// compares what arrived with the outbox rows: missing, unknown, duplicated, and per-key order.
import crypto from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import type pg from 'pg';
import type { EventEnvelope } from '../../events/envelope.ts';

export interface ReceivedEvent {
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  eventId: string;
  version: number;
  /** The idempotent producer that wrote it: one per relay process (kafkajs keeps it on the record). */
  producerId: string;
}

/** Reads every message now in `topics`, from offset 0 to each partition's high watermark. */
export async function readToEnd(brokers: string[], topics: string[], timeoutMs = 60_000) {
  const kafka = new Kafka({ clientId: 'delivery-check', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // Partitions still to read, with the offset one past their last message.
  const ends = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > 0n) ends.set(`${topic}/${p.partition}`, BigInt(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const received: ReceivedEvent[] = [];
  if (ends.size === 0) return received;
  const consumer = kafka.consumer({ groupId: `delivery-check-${crypto.randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`read ${received.length} messages; partitions not finished: ${[...ends.keys()]}`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            const offset = BigInt(message.offset);
            received.push(toReceived(topic, partition, offset, message));
            const slot = `${topic}/${partition}`;
            // The idempotent (non-transactional) producer leaves no gaps: high - 1 is the last message.
            if (ends.has(slot) && offset + 1n >= ends.get(slot)!) ends.delete(slot);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

function toReceived(topic: string, partition: number, offset: bigint, message: KafkaMessage): ReceivedEvent {
  const envelope = JSON.parse(String(message.value)) as { event_id: string; version: number };
  const batch = (message as KafkaMessage & { batchContext?: { producerId?: string } }).batchContext;
  return {
    topic,
    partition,
    offset,
    key: String(message.key),
    eventId: envelope.event_id,
    version: envelope.version,
    producerId: batch?.producerId ?? 'unknown',
  };
}

export interface ExpectedEvent {
  id: string;
  key: string;
  topic: string;
}

/** What the writers committed, from the envelopes enqueueEvents returned (key = aggregate id). */
export function expectedFrom(envelopes: EventEnvelope[], topicPrefix: string): ExpectedEvent[] {
  return envelopes.map((e) => ({ id: e.event_id, key: e.aggregate_id, topic: topicPrefix + e.type }));
}

/** The outbox rows in commit order (position), with the topic each goes to. */
export async function outboxRows(pool: pg.Pool, topicPrefix: string): Promise<ExpectedEvent[]> {
  const { rows } = await pool.query<{ id: string; key: string; event_type: string }>(
    `SELECT id, key, event_type FROM outbox_events ORDER BY position`,
  );
  return rows.map((r) => ({ id: r.id, key: r.key, topic: topicPrefix + r.event_type }));
}

export interface DeliveryReport {
  received: number;
  missing: string[];
  /** Received event ids that no outbox row has. */
  unknown: string[];
  /** Extra copies of known events (at-least-once redelivery). */
  duplicates: number;
  /** topic|key whose first deliveries are not exactly the outbox order of that key. */
  outOfOrder: string[];
  /** Keys that landed on more than one partition of a topic (order would be meaningless). */
  splitKeys: string[];
  producers: number;
}

/**
 * Per-key order is judged per topic (Kafka orders a partition, and key → partition): the first
 * delivery of each event, in offset order, must list the key's events exactly as the outbox did.
 * A redelivered batch may repeat earlier events after later ones; that is a duplicate, not a reorder.
 */
export function checkDelivery(expected: ExpectedEvent[], received: ReceivedEvent[]): DeliveryReport {
  const known = new Set(expected.map((e) => e.id));
  const sorted = [...received].sort((a, b) =>
    a.topic !== b.topic
      ? a.topic.localeCompare(b.topic)
      : a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0),
  );
  const firstSeen = new Map<string, string[]>();
  const partitionsOf = new Map<string, Set<number>>();
  const seen = new Set<string>();
  for (const r of sorted) {
    const slot = `${r.topic}|${r.key}`;
    partitionsOf.set(slot, (partitionsOf.get(slot) ?? new Set()).add(r.partition));
    if (seen.has(r.eventId)) continue;
    seen.add(r.eventId);
    firstSeen.set(slot, [...(firstSeen.get(slot) ?? []), r.eventId]);
  }
  const wanted = new Map<string, string[]>();
  for (const e of expected) {
    const slot = `${e.topic}|${e.key}`;
    wanted.set(slot, [...(wanted.get(slot) ?? []), e.id]);
  }
  const outOfOrder = [...wanted]
    .filter(([slot, ids]) => {
      const got = (firstSeen.get(slot) ?? []).filter((id) => known.has(id));
      return got.join() !== ids.filter((id) => seen.has(id)).join();
    })
    .map(([slot]) => slot);
  return {
    received: received.length,
    missing: expected.filter((e) => !seen.has(e.id)).map((e) => e.id),
    unknown: [...seen].filter((id) => !known.has(id)),
    duplicates: received.length - seen.size,
    outOfOrder,
    splitKeys: [...partitionsOf].filter(([, parts]) => parts.size > 1).map(([slot]) => slot),
    producers: new Set(received.map((r) => r.producerId)).size,
  };
}
