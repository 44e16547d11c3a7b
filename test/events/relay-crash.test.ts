// The relay as operators run it, `node main.ts --roles relay`, against real Postgres and Kafka:
// killed with SIGKILL mid-batch again and again, and two of them racing over the same rows. An
// independent consumer then reads the topic to its end and compares it with the outbox: no event
// missing, nothing unknown, duplicates only of known events, and each key in commit order.
import crypto from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../events/envelope.ts';
import { enqueueEvents } from '../../events/outbox.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { waitUntil } from '../support/deferred.ts';
import { testEnv } from '../support/env.ts';
import {
  checkDelivery,
  expectedFrom,
  readToEnd,
  type DeliveryReport,
  type ExpectedEvent,
} from '../support/kafka-reader.ts';
import { spawnService, type ServiceProcess } from '../support/service-process.ts';

const EVENT_TYPE = 'ticket.updated';
const running = new Set<ServiceProcess>();
const databases: TestDatabase[] = [];

afterEach(() => {
  for (const relay of running) relay.child.kill('SIGKILL');
  running.clear();
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

describe.runIf(testEnv.databaseUrl && testEnv.kafkaBrokers)('relay processes (Postgres + Kafka)', () => {
  it('loses nothing when SIGKILLed mid-batch 20 times; duplicates are only of known events', async () => {
    const { db, prefix } = await setUp();
    // One topic, so each key's whole history can be checked in order; 50 keys, ~60 versions each.
    const expected = expectedFrom(await enqueueRandomKeys(db, 50, 3_000), prefix);
    const total = expected.length;
    const kills: { published: number; signal: string | null }[] = [];
    for (let round = 0; round < 20; round++) {
      // published_at is the claiming transaction's start, so a COMMIT the previous (killed) process
      // left in flight cannot pass for this process's progress.
      const spawnedAt = await dbNow(db);
      const relay = spawnRelay(db, prefix, { OUTBOX_BATCH_SIZE: '20' });
      // Wait for this process's first committed batch, then kill it at a random moment in its loop
      // (claim, publish, mark, commit): some kills land after Kafka acked but before the commit.
      await waitUntil(async () => alive(relay) && (await publishedSince(db, spawnedAt)) > 0, 30_000, 5);
      await sleep(crypto.randomInt(0, 30));
      relay.child.kill('SIGKILL');
      const exit = await relay.exited;
      running.delete(relay);
      kills.push({ published: await publishedSince(db), signal: exit.signal });
    }
    // Every kill was a real SIGKILL with work still pending, so each interrupted a busy relay.
    expect(kills.every((k) => k.signal === 'SIGKILL' && k.published < total)).toBe(true);

    // A last relay finishes the queue and stops cleanly.
    const last = spawnRelay(db, prefix, { OUTBOX_BATCH_SIZE: '20' });
    await waitUntil(async () => alive(last) && (await pendingCount(db)) === 0, 60_000, 50);
    expect(await stop(last)).toBe(0);

    const report = await deliveryOf(expected);
    expectNoLossInOrder(report);
    // 21 processes each published at least one batch, each with its own idempotent producer.
    expect(report.producers).toBe(21);
    expect(await statuses(db)).toEqual({ published: total });
    console.info('SIGKILL x20:', { total, duplicates: report.duplicates, received: report.received });
  }, 120_000);

  it('two relays at once over the same rows: no loss, each key in order', async () => {
    const { db, prefix } = await setUp();
    // 100 keys in random order: neighbouring batches often share keys, which the claim must not reorder.
    const expected = expectedFrom(await enqueueRandomKeys(db, 100, 4_000), prefix);
    const total = expected.length;
    // Nothing is due until both relays are up (their start line is logged after LISTEN), so they
    // really compete for the same rows instead of one draining the queue alone.
    await db.pool.query(`UPDATE outbox_events SET next_attempt_at = 'infinity'`);
    const relays = [1, 2].map(() => spawnRelay(db, prefix, { OUTBOX_BATCH_SIZE: '20', LOG_LEVEL: 'info' }));
    await Promise.all(relays.map((r) => r.started));
    await db.pool.query(`UPDATE outbox_events SET next_attempt_at = now()`);
    await waitUntil(async () => relays.every(alive) && (await pendingCount(db)) === 0, 60_000, 50);
    expect(await Promise.all(relays.map(stop))).toEqual([0, 0]);

    const report = await deliveryOf(expected);
    expectNoLossInOrder(report);
    expect(report.producers).toBe(2); // both relays published
    expect(await statuses(db)).toEqual({ published: total });
    console.info('two relays:', { total, duplicates: report.duplicates, received: report.received });
  }, 120_000);
});

async function setUp() {
  const db = await createTestDatabase('postgres');
  databases.push(db);
  return { db, prefix: `crash_${crypto.randomBytes(4).toString('hex')}.` };
}

function spawnRelay(db: TestDatabase, prefix: string, env: Record<string, string>): ServiceProcess {
  const relay = spawnService(
    {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testEnv.kafkaBrokers!.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_CLIENT_ID: 'relay-crash',
      OUTBOX_POLL_MS: '50',
      DATABASE_POOL_SIZE: '3',
      LOG_LEVEL: 'warn',
      ...env,
    },
    ['--roles', 'relay'],
  );
  running.add(relay);
  return relay;
}

/** False once the process has exited; waiting on a dead relay fails with its stderr instead. */
function alive(relay: ServiceProcess): boolean {
  if (relay.child.exitCode === null && relay.child.signalCode === null) return true;
  throw new Error(`relay exited early (${relay.child.exitCode}): ${relay.stderr.join('\n')}`);
}

async function stop(relay: ServiceProcess): Promise<number | null> {
  relay.child.kill('SIGTERM');
  const { code } = await relay.exited;
  running.delete(relay);
  return code;
}

/**
 * Enqueues `total` events, each for a random one of `keys` keys, in transactions of 200; every
 * key's versions count up from 1 in commit order. Returns the committed envelopes in that order.
 */
async function enqueueRandomKeys(db: TestDatabase, keys: number, total: number): Promise<EventEnvelope[]> {
  const committed: EventEnvelope[] = [];
  const versions = new Map<string, number>();
  for (let start = 0; start < total; start += 200) {
    const events = Array.from({ length: Math.min(200, total - start) }, () => {
      const key = `tkt_${crypto.randomInt(keys)}`;
      const version = (versions.get(key) ?? 0) + 1;
      versions.set(key, version);
      return {
        type: EVENT_TYPE,
        tenant_id: 't_demo',
        aggregate_type: 'ticket',
        aggregate_id: key,
        version,
        correlation_id: `corr-${key}-${version}`,
        payload: { version },
      };
    });
    committed.push(...(await db.prisma.$transaction((tx) => enqueueEvents(tx, events))));
  }
  return committed;
}

async function deliveryOf(expected: ExpectedEvent[]): Promise<DeliveryReport> {
  return checkDelivery(expected, await readToEnd(testEnv.kafkaBrokers!, [expected[0]!.topic]));
}

function expectNoLossInOrder(report: DeliveryReport): void {
  expect(report.missing).toEqual([]);
  expect(report.unknown).toEqual([]);
  expect(report.outOfOrder).toEqual([]);
  expect(report.splitKeys).toEqual([]);
}

async function dbNow(db: TestDatabase): Promise<Date> {
  return (await db.pool.query<{ now: Date }>(`SELECT now()`)).rows[0]!.now;
}

async function publishedSince(db: TestDatabase, since = new Date(0)): Promise<number> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM outbox_events WHERE status = 'published' AND published_at > $1`,
    [since],
  );
  return rows[0].n;
}

async function pendingCount(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM outbox_events WHERE status = 'pending'`,
  );
  return rows[0].n;
}

async function statuses(db: TestDatabase): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM outbox_events GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
