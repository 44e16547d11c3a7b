// Relay phases: the real OutboxRelay (workers/relay.ts, LISTEN/NOTIFY wake-ups) publishing to the
// real Kafka broker through KafkaEventBus under a unique topic prefix (topics deleted at the end).
//  - latency: outbox-generator.ts writes at a fixed rate from its own process; commit→ack is the
//    time from its COMMIT returning to the relay's onPublished hook (called when the broker acked).
//  - throughput: N events are written with the relay stopped, then it is started and timed until
//    the queue is empty (every row published and marked).
// Each starts from an outbox holding `history` published rows and nothing else (resetOutbox).
import crypto from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { connect, type Database } from '../../db/database.ts';
import { createEnvelope } from '../../events/envelope.ts';
import { KafkaEventBus } from '../../events/kafka-bus.ts';
import { enqueueEvents } from '../../events/outbox.ts';
import { createLogger } from '../../observability/logger.ts';
import { OutboxRelay } from '../../workers/relay.ts';
import type { OutboxEvent } from '../../generated/prisma/client.ts';
import { resetOutbox } from './bench-db.ts';
import { runChild } from './child.ts';
import { benchEvents, type GeneratorResult, type GeneratorSpec } from './outbox-generator.ts';
import { cpuWindow, monoMs, percentile, sleep, type CpuWindow } from './stats.ts';

export interface LatencyResult {
  /** Published rows already in the table (see resetOutbox). */
  history: number;
  ratePerSec: number;
  achievedPerSec: number;
  events: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Measured events never acked within the grace period after the generator stopped. */
  missing: number;
  generatorCommitP50Ms: number;
  generatorCommitP99Ms: number;
  generatorFailures: number;
  /** This (relay) process's and the machine's CPU use while the generator ran. */
  cpu: CpuWindow;
}

export interface ThroughputResult {
  history: number;
  batchSize: number;
  events: number;
  /** Relay start → last event acked by the broker. */
  ackedMs: number;
  /** Relay start → no pending row left (the last batch marked published). */
  drainedMs: number;
  eventsPerSec: number;
  cpu: CpuWindow;
}

export interface RelayBench {
  latency(o: {
    history: number;
    ratePerSec: number;
    batch: number;
    warmupMs: number;
    durationMs: number;
    batchSize: number;
  }): Promise<LatencyResult>;
  throughput(o: { history: number; events: number; batchSize: number }): Promise<ThroughputResult>;
  close(): Promise<void>;
}

export async function openRelayBench(url: string, brokers: string[]): Promise<RelayBench> {
  const logger = createLogger('warn', pino.destination({ dest: 2, sync: true }));
  const prefix = `bench_${crypto.randomBytes(4).toString('hex')}.`;
  const bus = new KafkaEventBus({ brokers, clientId: 'fixline-bench', topicPrefix: prefix, logger });
  const db: Database = await connect('postgres', url, 'relay', 4);
  let onAck: (events: OutboxEvent[], at: number) => void = () => {};
  const deps = {
    pool: db.pool,
    bus,
    logger,
    // The hook runs right after the broker's ack; a monotonic reading there is comparable with
    // the generator process's (its ackedAt argument is Date.now(), whole milliseconds).
    onPublished: (events: OutboxEvent[]) => onAck(events, monoMs()),
  };
  // Connects the producer and creates the topic now, so neither lands in a measurement.
  await bus.publish(benchEvents(1).map(({ key: _k, ...e }) => ({ envelope: createEnvelope(e) })));

  async function withRelay<T>(batchSize: number, body: (started: number) => Promise<T>): Promise<T> {
    const relay = new OutboxRelay(deps, { batchSize });
    const started = monoMs();
    await relay.start();
    try {
      return await body(started);
    } finally {
      await relay.stop();
      onAck = () => {};
    }
  }

  return {
    async latency(o) {
      await resetOutbox(url, o.history);
      const acks = new Map<string, number>();
      onAck = (events, at) => events.forEach((e) => acks.set(e.id, at));
      const { ratePerSec, batch, warmupMs, durationMs } = o;
      const spec: GeneratorSpec = { url, ratePerSec, batch, warmupMs, durationMs };
      let cpu: CpuWindow | undefined;
      const gen = await withRelay(o.batchSize, async () => {
        const window = cpuWindow();
        const result = await runChild<GeneratorResult>('outbox-generator.ts', spec);
        cpu = window();
        const deadline = monoMs() + 10_000;
        while (monoMs() < deadline && result.events.some(([id]) => !acks.has(id))) await sleep(20);
        return result;
      });
      const measured = gen.events.filter(([, t]) => t >= gen.measureFrom);
      const latencies = measured.filter(([id]) => acks.has(id)).map(([id, t]) => acks.get(id)! - t);
      return {
        history: o.history,
        ratePerSec: o.ratePerSec,
        achievedPerSec: gen.achievedPerSec,
        events: latencies.length,
        p50Ms: percentile(latencies, 50),
        p90Ms: percentile(latencies, 90),
        p99Ms: percentile(latencies, 99),
        maxMs: percentile(latencies, 100),
        missing: measured.length - latencies.length,
        generatorCommitP50Ms: gen.commitP50Ms,
        generatorCommitP99Ms: gen.commitP99Ms,
        generatorFailures: gen.failures,
        cpu: cpu!,
      };
    },

    async throughput(o) {
      await resetOutbox(url, o.history);
      for (let left = o.events; left > 0; left -= 500) {
        await db.prisma.$transaction((tx) => enqueueEvents(tx, benchEvents(Math.min(500, left))));
      }
      // Autovacuum would analyze a table that grew this much; do it now so the claim's plan is the settled one.
      await db.pool.query('ANALYZE outbox_events');
      let acked = 0;
      let lastAck = 0;
      onAck = (events, at) => {
        acked += events.length;
        lastAck = at;
      };
      const window = cpuWindow();
      return withRelay(o.batchSize, async (started) => {
        const pending = async () =>
          (await db.pool.query(`SELECT count(*)::int AS n FROM outbox_events WHERE status = 'pending'`))
            .rows[0].n as number;
        // Watch the in-memory ack count first (polling the table would load the database being measured),
        // then wait for the last batch's mark.
        const deadline = started + 300_000;
        while (acked < o.events && monoMs() < deadline) await sleep(5);
        while ((await pending()) > 0 && monoMs() < deadline) await sleep(5);
        const drained = monoMs();
        if (acked < o.events) throw new Error(`relay published ${acked} of ${o.events} events`);
        return {
          history: o.history,
          batchSize: o.batchSize,
          events: o.events,
          ackedMs: lastAck - started,
          drainedMs: drained - started,
          eventsPerSec: (o.events / (drained - started)) * 1000,
          cpu: window(),
        };
      });
    },

    async close() {
      await bus.close();
      await db.close();
      const admin = new Kafka({
        brokers,
        clientId: 'fixline-bench-admin',
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
        if (topics.length > 0) await admin.deleteTopics({ topics });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
