// The relay publishes committed outbox rows through the event bus, in order per key, marks them
// published, backs off while the bus fails, dead-letters after maxAttempts and re-queues on demand.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../events/envelope.ts';
import type { EventBus, PublishMessage } from '../../events/event-bus.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { KafkaEventBus } from '../../events/kafka-bus.ts';
import { enqueueEvents } from '../../events/outbox.ts';
import { OutboxRelay } from '../../workers/relay.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { collector } from '../support/deferred.ts';
import { testEnv } from '../support/env.ts';
import { testLogger } from '../support/logger.ts';

const event = (key: string, version: number) => ({
  type: 'ticket.created',
  tenant_id: 't_demo',
  aggregate_type: 'ticket',
  aggregate_id: key,
  version,
  correlation_id: `corr-${key}`,
  payload: { n: version },
});

async function enqueue(db: TestDatabase, keys: string[], perKey: number) {
  for (let v = 1; v <= perKey; v++) {
    await db.prisma.$transaction((tx) =>
      enqueueEvents(
        tx,
        keys.map((k) => event(k, v)),
      ),
    );
  }
}

function buses(): { name: string; make: () => EventBus }[] {
  const list = [{ name: 'in-process', make: (): EventBus => new InProcessEventBus({ logger: testLogger }) }];
  if (testEnv.kafkaBrokers) {
    list.push({
      name: 'kafka',
      make: () =>
        new KafkaEventBus({
          brokers: testEnv.kafkaBrokers!,
          clientId: 'fixline-relay-test',
          topicPrefix: `relay_${crypto.randomBytes(4).toString('hex')}.`,
          logger: testLogger,
        }),
    });
  }
  return list;
}

describe.each(backends())('outbox relay on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => db?.drop());

  describe.each(buses())('through the $name bus', ({ make }) => {
    it('publishes every committed event once, in order per key, and marks it published', async () => {
      await db.pool.query(`DELETE FROM outbox_events`);
      const bus = make();
      const keys = ['tkt_a', 'tkt_b', 'tkt_c', 'tkt_d'];
      const got = collector<EventEnvelope>(keys.length * 10);
      await bus.subscribe({ group: 'check', topics: ['ticket.created'], handler: async (e) => got.push(e) });
      // Two relays at once, small batches: they must share the rows without reordering a key.
      const relays = [1, 2].map(
        () =>
          new OutboxRelay(
            { pool: db.pool, bus, logger: testLogger },
            { batchSize: 7, pollMs: 20, listen: backend === 'postgres' },
          ),
      );
      await Promise.all(relays.map((r) => r.start()));
      await enqueue(db, keys, 10);
      const received = await got.done;
      await Promise.all(relays.map((r) => r.stop()));
      await bus.close();

      for (const k of keys) {
        expect(received.filter((e) => e.aggregate_id === k).map((e) => e.version)).toEqual([
          1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        ]);
      }
      expect(new Set(received.map((e) => e.event_id)).size).toBe(40);
      const { rows } = await db.pool.query(
        `SELECT status, count(*)::int AS n FROM outbox_events GROUP BY status`,
      );
      expect(rows).toEqual([{ status: 'published', n: 40 }]);
    });
  });

  it('keeps rows while the bus fails, dead-letters after maxAttempts, and re-queues them', async () => {
    await db.pool.query(`DELETE FROM outbox_events`);
    let failing = true;
    const published: PublishMessage[] = [];
    const bus = new InProcessEventBus({ logger: testLogger });
    bus.publish = async (messages) => {
      if (failing) throw new Error('broker unreachable');
      published.push(...messages);
    };
    const relay = new OutboxRelay(
      { pool: db.pool, bus, logger: testLogger },
      { maxAttempts: 3, backoffBaseMs: 1, backoffCapMs: 5 },
    );
    await enqueue(db, ['tkt_dead'], 2);
    for (let i = 0; i < 50; i++) {
      await relay.relayOnce();
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE status = 'dead'`,
      );
      if (rows[0].n === 2) break;
      await new Promise((r) => setTimeout(r, 5)); // let the (5 ms) backoff elapse
    }
    const dead = await db.pool.query(
      `SELECT status, attempts, last_error FROM outbox_events ORDER BY position`,
    );
    expect(dead.rows).toEqual([
      { status: 'dead', attempts: 3, last_error: 'broker unreachable' },
      { status: 'dead', attempts: 3, last_error: 'broker unreachable' },
    ]);
    expect(await relay.relayOnce()).toBe(0);

    failing = false;
    expect(await relay.requeueDead()).toBe(2);
    expect(await relay.relayOnce()).toBe(2);
    expect(published.map((m) => m.envelope.version)).toEqual([1, 2]);
    const after = await db.pool.query(`SELECT status, last_error FROM outbox_events`);
    expect(after.rows.every((r) => r.status === 'published' && r.last_error === null)).toBe(true);
  });
});
