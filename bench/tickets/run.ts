// bench/tickets: throughput and latency of POST /tickets at fixed concurrency beside pgbench running
// the same transaction on the same database in the same run (the physical limit), then the outbox
// relay's commit→broker-ack latency at a fixed event rate and its drain throughput. Prints a Markdown
// table (medians over --rounds) and writes the raw numbers to bench/results/tickets-<time>.json.
// Run: npm run bench:tickets [-- --rounds 3]; README.md in bench/ explains every number.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runApiPhase } from './api-phase.ts';
import { countRows, createBenchDatabase } from './bench-db.ts';
import { runPgbench } from './pgbench-phase.ts';
import { openRelayBench } from './relay-phase.ts';
import { buildRows, details, markdownTable, type RoundResult } from './report.ts';
import { cpuWindow, round, sleep } from './stats.ts';

const env = process.env;
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: env.BENCH_ROUNDS ?? '1' },
    concurrency: { type: 'string', default: env.BENCH_CONCURRENCY ?? '16' },
    duration: { type: 'string', default: env.BENCH_DURATION_S ?? '10' },
    warmup: { type: 'string', default: env.BENCH_WARMUP_S ?? '3' },
    'pool-size': { type: 'string', default: env.DATABASE_POOL_SIZE ?? '10' },
    rate: { type: 'string', default: env.BENCH_RELAY_RATE ?? '500' },
    'relay-events': { type: 'string', default: env.BENCH_RELAY_EVENTS ?? '30000' },
    'batch-sizes': { type: 'string', default: env.BENCH_RELAY_BATCH_SIZES ?? '200,1000' },
    'outbox-history': { type: 'string', default: env.BENCH_OUTBOX_HISTORY ?? '100000' },
  },
});
const config = {
  rounds: Number(args.rounds),
  concurrency: Number(args.concurrency),
  durationMs: Number(args.duration) * 1000,
  warmupMs: Number(args.warmup) * 1000,
  poolSize: Number(args['pool-size']),
  logLevel: env.LOG_LEVEL ?? 'info',
  ratePerSec: Number(args.rate),
  relayEvents: Number(args['relay-events']),
  batchSizes: args['batch-sizes'].split(',').map(Number),
  /** Published rows in the outbox for the relay's second scenario (0 = only the empty-table one). */
  outboxHistory: Number(args['outbox-history']),
  /** The relay's default batch size (config OUTBOX_BATCH_SIZE) for the latency phase. */
  relayBatchSize: Number(env.OUTBOX_BATCH_SIZE ?? 200),
  // Unset or empty (the service's "in-process events") both mean the local broker here.
  brokers: (env.KAFKA_BROKERS || '127.0.0.1:19092').split(',').map((b) => b.trim()),
};
for (const [name, value] of Object.entries(config)) {
  const numbers = typeof value === 'number' ? [value] : name === 'batchSizes' ? (value as number[]) : [];
  if (numbers.some((n) => !Number.isFinite(n) || n < 0))
    throw new Error(`bench: bad value for ${name}: ${value}`);
}

// kafkajs's one-time notice about its v2 partitioner change is noise here.
env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function checkpoint(url: string, vacuum = false): Promise<void> {
  // Each write phase starts right after a checkpoint, so none of them pays for another's dirty pages;
  // before the relay phases the tables the write phases filled are also vacuumed and analyzed, so
  // autovacuum does not pick them up in the middle of a relay measurement.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if (vacuum) await client.query('VACUUM ANALYZE');
  await client.query('CHECKPOINT');
  await client.end();
}

async function runRound(
  url: string,
  relay: Awaited<ReturnType<typeof openRelayBench>>,
): Promise<RoundResult> {
  const { concurrency, warmupMs, durationMs } = config;
  await checkpoint(url);
  log(`API: POST /tickets, ${concurrency} connections, ${warmupMs / 1000}+${durationMs / 1000} s`);
  const api = await runApiPhase({ url, ...config });
  const pgOpts = { url, clients: concurrency, warmupMs, durationMs };
  await checkpoint(url);
  log(`pgbench: create-ticket-tx.sql, ${concurrency} clients`);
  const pgbench = await runPgbench({ ...pgOpts, script: 'create-ticket-tx.sql' });
  await checkpoint(url);
  log(`pgbench: rows-only-tx.sql, ${concurrency} clients`);
  const pgbenchRowsOnly = await runPgbench({ ...pgOpts, script: 'rows-only-tx.sql' });
  await checkpoint(url, true);
  const histories = config.outboxHistory > 0 ? [0, config.outboxHistory] : [0];
  const relayLatency = [];
  for (const history of histories) {
    log(
      `relay latency: ${config.ratePerSec} events/s in batches of 5, ${history} published rows in the outbox`,
    );
    const { ratePerSec, relayBatchSize: batchSize } = config;
    relayLatency.push(
      await relay.latency({ history, ratePerSec, batch: 5, warmupMs, durationMs, batchSize }),
    );
  }
  const scenarios = [
    ...config.batchSizes.map((batchSize) => ({ batchSize, history: 0 })),
    ...histories.slice(1).map((history) => ({ batchSize: config.relayBatchSize, history })),
  ];
  const relayThroughput = [];
  for (const { batchSize, history } of scenarios) {
    log(`relay throughput: ${config.relayEvents} queued, batchSize ${batchSize}, ${history} published rows`);
    relayThroughput.push(await relay.throughput({ history, events: config.relayEvents, batchSize }));
  }
  return { api, pgbench, pgbenchRowsOnly, relayLatency, relayThroughput };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const load = [os.loadavg()[0]];
  // Other work on the machine skews every number: sample it before anything of ours runs.
  const idle = cpuWindow();
  await sleep(2000);
  const backgroundPct = idle().machinePct;
  const database = await createBenchDatabase();
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    log('interrupted: dropping the bench database');
    void database.drop().finally(() => process.exit(130));
  });
  log(`database ${database.name}, kafka ${config.brokers.join(',')}, ${os.availableParallelism()} CPUs`);
  const rounds: RoundResult[] = [];
  let rowCounts: Record<string, number> = {};
  let serverVersion = '';
  const relay = await openRelayBench(database.url, config.brokers);
  try {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    serverVersion = (await client.query('SHOW server_version')).rows[0].server_version;
    await client.end();
    for (let i = 0; i < config.rounds && !interrupted; i++) {
      log(`round ${i + 1} of ${config.rounds}`);
      rounds.push(await runRound(database.url, relay));
      load.push(os.loadavg()[0]);
    }
    rowCounts = await countRows(database.url, ['tickets', 'messages', 'audit_logs', 'outbox_events']);
  } finally {
    await relay.close().catch((err: unknown) => log(`kafka clean-up failed: ${String(err)}`));
    await database.drop();
  }

  const rows = buildRows(rounds, config.concurrency, config.ratePerSec, config.relayBatchSize);
  const header =
    `POST /tickets and outbox relay — ${rounds.length} round(s), medians; ${os.availableParallelism()} CPUs, ` +
    `Postgres ${serverVersion}, Node ${process.versions.node}, API pool ${config.poolSize}, ` +
    `${config.durationMs / 1000} s windows after ${config.warmupMs / 1000} s warm-up; ` +
    `machine ${round(backgroundPct, 0)}% busy before start (other work), ` +
    `1-min load average ${load.map((l) => l!.toFixed(2)).join(' → ')}`;
  process.stdout.write(`\n${header}\n\n${markdownTable(rows)}\n\n${details(rounds).join('\n')}\n`);

  const dir = path.resolve(import.meta.dirname, '../results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `tickets-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = {
    cpus: os.availableParallelism(),
    backgroundPct,
    loadAverage: load,
    postgres: serverVersion,
    node: process.versions.node,
  };
  fs.writeFileSync(
    file,
    `${JSON.stringify({ startedAt, config, machine, rows, rounds, rowCounts }, null, 2)}\n`,
  );
  process.stdout.write(`\nraw results: ${path.relative(process.cwd(), file)}\n`);
}

await main();
