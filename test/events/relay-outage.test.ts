// The relay against a real broker that goes away: a TCP proxy the test owns sits between the
// relay's Kafka client and the broker and is cut while 500 tickets are created through the API.
// The API must keep accepting, the events must wait in the outbox, and once the proxy is back an
// independent consumer (straight to the broker) must find every event, each key in order.
import crypto from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../api/app.ts';
import type { EventEnvelope } from '../../events/envelope.ts';
import { KafkaEventBus } from '../../events/kafka-bus.ts';
import { enqueueEvents } from '../../events/outbox.ts';
import { seedDemo } from '../../prisma/seed.ts';
import { OutboxRelay, type RelayOptions } from '../../workers/relay.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { waitUntil } from '../support/deferred.ts';
import { testEnv } from '../support/env.ts';
import { checkDelivery, expectedFrom, outboxRows, readToEnd } from '../support/kafka-reader.ts';
import { testLogger } from '../support/logger.ts';
import {
  closeProxies,
  proxySocketFactory,
  startProxies,
  type CutMode,
  type TcpProxy,
} from '../support/tcp-proxy.ts';
import { auth, DEMO_KEY, SEED_BODY } from '../support/ticket-api.ts';

const TICKETS = 500;
// Every fifth ticket is edited twice (the second edit triages it) and then cancelled, so those keys
// carry five events, two of them in one topic (ticket.updated v2, v3).
const EDITED_EVERY = 5;
const integration = Boolean(testEnv.databaseUrl && testEnv.kafkaBrokers);

interface Rig {
  db: TestDatabase;
  proxies: Map<string, TcpProxy>;
  bus: KafkaEventBus;
  relay: OutboxRelay;
  app: App;
  prefix: string;
}

/** A database, a relay whose every broker connection goes through proxies, and the API. */
async function startRig(relayOptions: RelayOptions): Promise<Rig> {
  const brokers = testEnv.kafkaBrokers!;
  const prefix = `outage_${crypto.randomBytes(4).toString('hex')}.`;
  const db = await createTestDatabase('postgres', { poolSize: 10 });
  await seedDemo(db.prisma, DEMO_KEY);
  const proxies = await startProxies([...brokers, ...(await advertisedBrokers(brokers))]);
  const bus = new KafkaEventBus({
    brokers,
    clientId: 'relay-outage',
    topicPrefix: prefix,
    logger: testLogger,
    socketFactory: proxySocketFactory(proxies),
  });
  const app = await buildApp({ db, bus, logger: testLogger, readiness: { ready: true } });
  // maxAttempts high enough that nothing is dead-lettered during the outage.
  const relay = new OutboxRelay(
    { pool: db.pool, bus, logger: testLogger },
    { batchSize: 50, pollMs: 50, maxAttempts: 1000, ...relayOptions },
  );
  await relay.start();
  return { db, proxies, bus, relay, app, prefix };
}

async function stopRig(rig: Rig | undefined): Promise<void> {
  await rig?.relay.stop();
  await rig?.app.close();
  await rig?.bus.close();
  await closeProxies(rig?.proxies);
  await rig?.db.drop();
}

describe.runIf(integration).each<CutMode>(['reset', 'blackhole'])(
  'relay through a broker outage (%s)',
  (mode) => {
    let rig: Rig;
    // Short backoff so the relay notices the broker is back within a fraction of a second.
    beforeAll(async () => {
      rig = await startRig({ backoffBaseMs: 20, backoffCapMs: 250 });
    });
    afterAll(() => stopRig(rig));

    it('keeps accepting 500 tickets while the broker is unreachable, then delivers every event in order', async () => {
      const { db, app, proxies } = rig;
      // Warm up: the relay publishes through the proxy, so its producer holds live connections to cut.
      for (let i = 0; i < 5; i++) await createTicket(app);
      await waitUntil(async () => (await statusCounts(db)).published === 5);
      expect(sum(proxies, (p) => p.forwarded)).toBeGreaterThan(0);

      proxies.forEach((p) => p.cut(mode));
      const before = await outboxCount(db);
      await inParallel(range(TICKETS), 8, async (i) => {
        const id = await createTicket(app);
        if (i % EDITED_EVERY !== 0) return;
        for (const payload of [{ category: 'plumbing' }, { severity: 'urgent' }]) {
          const res = await app.inject({ method: 'PATCH', url: `/tickets/${id}`, headers: auth(), payload });
          expect(res.statusCode).toBe(200);
        }
        const res = await app.inject({ method: 'POST', url: `/tickets/${id}/cancel`, headers: auth() });
        expect(res.statusCode).toBe(200);
      });
      // ticket.created for each; ticket.updated ×2, intake.completed, ticket.cancelled per edited one.
      const queued = (await outboxCount(db)) - before;
      expect(queued).toBe(TICKETS + 4 * (TICKETS / EDITED_EVERY));

      if (mode === 'reset') {
        // Refused connections fail fast: the relay records failed attempts and backs off.
        await waitUntil(async () => (await failedPending(db)) > 0, 30_000);
      }
      // (Blackholed, the relay's first publish is still waiting on kafkajs timeouts of 10 s each.)
      expect(await statusCounts(db)).toEqual({ published: 5, pending: queued });
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ checks: { broker: { ok: false }, database: { ok: true } } });
      expect(sum(proxies, (p) => p.turnedAway)).toBeGreaterThan(0);
      // What the relay owes, taken while it cannot publish anything.
      const expected = await outboxRows(db.pool, rig.prefix);

      proxies.forEach((p) => p.restore());
      await waitUntil(async () => (await statusCounts(db)).pending === undefined, 90_000, 50);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

      const topics = [...new Set(expected.map((e) => e.topic))];
      expect(topics).toHaveLength(4);
      const report = checkDelivery(expected, await readToEnd(testEnv.kafkaBrokers!, topics));
      expect(report.missing).toEqual([]);
      expect(report.unknown).toEqual([]);
      expect(report.outOfOrder).toEqual([]);
      expect(report.splitKeys).toEqual([]);
      expect(await statusCounts(db)).toEqual({ published: expected.length });
    }, 180_000);
  },
);

// kafkajs rewinds its idempotence sequence numbers when a send fails, even if the broker had
// written the batch. The next, different batch then reuses those numbers and the broker acks it as
// a duplicate without storing it: the relay marks it published and it is lost. The bus therefore
// replaces its producer after a failed send (events/kafka-bus.ts); this pins that down.
describe.runIf(integration)('relay when the broker wrote a batch but the ack was lost', () => {
  let rig: Rig;
  // A long backoff keeps the failed row aside while a newer, different batch goes out (the backoff
  // counts from the claim, and the failed publish takes a few seconds of kafkajs retries).
  beforeAll(async () => {
    rig = await startRig({ backoffBaseMs: 120_000, backoffCapMs: 120_000 });
  });
  afterAll(() => stopRig(rig));

  it('does not let the next batch be taken for a duplicate of the unacknowledged one', async () => {
    const { db, proxies, prefix } = rig;
    const topic = `${prefix}ticket.updated`;
    // All on one partition: the broker checks idempotence sequence numbers per partition.
    const [warm, lost, next] = keysOnPartition(0, 3) as [string, string, string];
    const committed: EventEnvelope[] = [];
    const enqueue = async (key: string) =>
      committed.push(...(await db.prisma.$transaction((tx) => enqueueEvents(tx, [updatedEvent(key)]))));
    await enqueue(warm);
    await waitUntil(async () => (await statusCounts(db)).published === 1);

    // The broker stores `lost` but its answer never arrives; then the connection dies.
    proxies.forEach((p) => p.dropResponses());
    await enqueue(lost);
    await waitUntil(async () => (await partitionEnd(topic, 0)) === 2);
    proxies.forEach((p) => p.cut('reset'));
    await waitUntil(async () => (await failedPending(db)) === 1);

    // Broker back; `next` goes out alone, a batch of the same size at the same position.
    proxies.forEach((p) => p.restore());
    await enqueue(next);
    await waitUntil(async () => (await statusCounts(db)).published === 2);
    // Due now instead of in two minutes: the re-sent `lost` is the expected duplicate.
    await db.pool.query(`UPDATE outbox_events SET next_attempt_at = now() WHERE status = 'pending'`);
    await waitUntil(async () => (await statusCounts(db)).published === 3);

    const report = checkDelivery(
      expectedFrom(committed, prefix),
      await readToEnd(testEnv.kafkaBrokers!, [topic]),
    );
    expect(report.missing).toEqual([]);
    expect(report.unknown).toEqual([]);
    expect(report.duplicates).toBe(1);
  }, 60_000);
});

async function createTicket(app: App): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/tickets', headers: auth(), payload: SEED_BODY });
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: string }).id;
}

function updatedEvent(key: string) {
  return {
    type: 'ticket.updated',
    tenant_id: 't_demo',
    aggregate_type: 'ticket',
    aggregate_id: key,
    version: 1,
    correlation_id: `corr-${key}`,
    payload: {},
  };
}

async function statusCounts(db: TestDatabase): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM outbox_events GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Rows the relay tried to publish, failed, and will retry. */
async function failedPending(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM outbox_events WHERE status = 'pending' AND attempts > 0`,
  );
  return rows[0].n;
}

async function outboxCount(db: TestDatabase): Promise<number> {
  return (await db.pool.query(`SELECT count(*)::int AS n FROM outbox_events`)).rows[0].n;
}

function directKafka(): Kafka {
  return new Kafka({ clientId: 'outage-check', brokers: testEnv.kafkaBrokers!, logLevel: logLevel.NOTHING });
}

/** host:port of every broker in the cluster's metadata, read without the proxy. */
async function advertisedBrokers(bootstrap: string[]): Promise<string[]> {
  const admin = new Kafka({ clientId: 'advertised', brokers: bootstrap, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).brokers.map((b) => `${b.host}:${b.port}`);
  } finally {
    await admin.disconnect();
  }
}

/** The partition's high watermark as the broker sees it (0 while the topic does not exist yet). */
async function partitionEnd(topic: string, partition: number): Promise<number> {
  const admin = directKafka().admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return Number(offsets.find((o) => o.partition === partition)?.high ?? 0);
  } finally {
    await admin.disconnect();
  }
}

/** Keys kafkajs's default partitioner puts on `partition` of a 3-partition topic (the bus default). */
function keysOnPartition(partition: number, count: number): string[] {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = [0, 1, 2].map((p) => ({
    partitionId: p,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  const keys: string[] = [];
  for (let i = 0; keys.length < count; i++) {
    const key = `tkt_p${i}`;
    if (partitioner({ topic: 'any', partitionMetadata, message: { key, value: null } }) === partition) {
      keys.push(key);
    }
  }
  return keys;
}

function sum(proxies: Map<string, TcpProxy>, of: (p: TcpProxy) => number): number {
  return [...proxies.values()].reduce((n, p) => n + of(p), 0);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}
