// bench/webhook: answer latency of signed inbound Twilio SMS webhooks at a fixed arrival rate
// (default 200/s for 30 s after a 5 s warm-up) against Postgres, beside the same server's
// GET /healthz (one database ping) at the same rate in the same run as the baseline. The real
// service's api role (startService) runs in this process on a throwaway database, and relay and
// workers in a second process on the same database, as production splits them (--roles
// api,relay,workers puts all in one process); load.ts fires open-loop from its own process. Then, with the
// service stopped: pgbench on the same transaction at the same rate (Postgres alone) and the
// one-message-at-a-time breakdown (Prisma vs the same SQL vs one statement), which explain the
// numbers. Target: webhook p99 ≤ 25 ms with zero errors. Prints Markdown tables and writes
// bench/results/webhook-<time>.json (and .log: the service's warnings, when there are any).
// Run: npm run bench:webhook [-- --rate 200 --duration 30 --roles api,relay,workers]; bench/README.md explains it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { classifyInboundSms } from '../../domain/sms-keywords.ts';
import { DEMO_RESIDENTS, DEMO_TENANT } from '../../prisma/demo-data.ts';
import { countRows, createBenchDatabase } from '../tickets/bench-db.ts';
import { runChild } from '../tickets/child.ts';
import { cpuWindow, monoMs, round, sleep } from '../tickets/stats.ts';
import { runBreakdown, type BreakdownRow } from './breakdown.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import { runPgbench, type PgbenchResult } from './pgbench.ts';
import { breakdownTable, details, loadTable, verdict, type Background, type PhaseResult } from './report.ts';
import {
  blockedSends,
  PUBLIC_BASE_URL,
  sampleServer,
  startBenchServer,
  summarizeLog,
  type BenchServer,
} from './server.ts';
import { startWorkersProcess, type WorkersProcess } from './workers.ts';

const env = process.env;
const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: env.BENCH_RATE ?? '200' },
    duration: { type: 'string', default: env.BENCH_DURATION_S ?? '30' },
    warmup: { type: 'string', default: env.BENCH_WARMUP_S ?? '5' },
    roles: { type: 'string', default: env.BENCH_ROLES ?? 'api' },
    /** Run relay and workers in their own process beside the api (production's split); off with --no-workers-process. */
    'no-workers-process': { type: 'boolean', default: false },
    'pool-size': { type: 'string', default: env.DATABASE_POOL_SIZE ?? '10' },
    'log-level': { type: 'string', default: env.LOG_LEVEL ?? 'warn' },
    'target-p99': { type: 'string', default: '25' },
    /** Extra residents (distinct phones) added to the five demo ones: more conversations, less row-lock sharing. */
    'extra-residents': { type: 'string', default: env.BENCH_EXTRA_RESIDENTS ?? '0' },
    /** Skip the pgbench baseline (no pgbench on PATH) or the one-at-a-time breakdown. */
    'no-pgbench': { type: 'boolean', default: false },
    'breakdown-messages': { type: 'string', default: '400' },
  },
});
const config = {
  rate: Number(args.rate),
  durationMs: Number(args.duration) * 1000,
  warmupMs: Number(args.warmup) * 1000,
  roles: args.roles,
  workersProcess: !args['no-workers-process'] && !args.roles.includes('relay'),
  poolSize: Number(args['pool-size']),
  logLevel: args['log-level'],
  target: { p99Ms: Number(args['target-p99']) },
  extraResidents: Number(args['extra-residents']),
  pgbench: !args['no-pgbench'],
  breakdownMessages: Number(args['breakdown-messages']),
};

const SMS_PATH = '/webhooks/twilio/sms';
/** Ordinary texts: none is a carrier keyword or an opt-out, so none queues an outbound SMS. */
const BODIES = [
  'The kitchen sink is leaking under the cabinet',
  'Heater makes a loud banging noise at night',
  'Hallway light on the 2nd floor is out',
  'When is the plumber coming?',
  'Bathroom fan stopped working',
];
const DEMO_PHONES = DEMO_RESIDENTS.map((r) => r.phone);
/** The demo tenant's SMS number (+15550001000): every webhook's To. */
const LINE = DEMO_TENANT.smsNumber ?? '';
const extraPhone = (i: number) => `+1555800${String(i).padStart(4, '0')}`;

/** Adds `n` residents of t_demo (unit u_101) with phones +15558000000… to the bench database. */
async function addResidents(url: string, n: number): Promise<string[]> {
  if (n === 0) return [];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO residents (id, tenant_id, unit_id, name, phone)
       SELECT 'r_bench_' || g, 't_demo', 'u_101', 'Bench resident ' || g, '+1555800' || lpad(g::text, 4, '0')
       FROM generate_series(0, $1::int - 1) g`,
      [n],
    );
  } finally {
    await client.end();
  }
  return Array.from({ length: n }, (_, i) => extraPhone(i));
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const loadavg = () => os.loadavg().map((l) => round(l, 2)) as [number, number, number];

async function runPhase(
  server: BenchServer,
  endpoint: string,
  webhook: boolean,
  from: string[],
): Promise<PhaseResult> {
  const spec: LoadSpec = {
    url: `${server.address}${webhook ? SMS_PATH : '/healthz'}`,
    rate: config.rate,
    warmupMs: config.warmupMs,
    durationMs: config.durationMs,
    timeoutMs: 15_000,
    ...(webhook && {
      twilio: {
        ...server.twilio,
        signedUrl: PUBLIC_BASE_URL + SMS_PATH,
        from,
        to: LINE,
        bodies: BODIES,
      },
    }),
  };
  log(`${endpoint}: ${config.rate}/s, ${config.warmupMs / 1000} s warm-up + ${config.durationMs / 1000} s`);
  await checkpoint(server.service.db.pool);
  const cpu = cpuWindow();
  const sample = sampleServer(server);
  const load = await runChild<LoadResult>('../webhook/load.ts', spec);
  return { endpoint, baseline: !webhook, rate: config.rate, load, server: sample(), cpu: cpu() };
}

/** Each phase starts right after a checkpoint, so none pays for the previous one's dirty pages. */
async function checkpoint(pool: pg.Pool): Promise<void> {
  await pool.query('CHECKPOINT');
}

async function checkpointUrl(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CHECKPOINT').finally(() => client.end());
}

/** With the relay running: how long after the last answer until no outbox row is pending. */
async function waitForOutbox(url: string, timeoutMs = 60_000): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = monoMs();
    while (monoMs() - t0 < timeoutMs) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE status = 'pending'`,
      );
      if (rows[0].n === 0) return monoMs() - t0;
      await sleep(20);
    }
    return null;
  } finally {
    await client.end();
  }
}

/** What the background roles did and what the database holds once the load stopped. */
async function afterLoad(url: string, relay: boolean) {
  const outboxDrainMs = relay ? await waitForOutbox(url) : null;
  // Let the booking consumer finish the last events it was handed before counting.
  if (relay) await sleep(500);
  const rows = await countRows(url, ['messages', 'conversations', 'outbox_events', 'processed_events']);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sql = `SELECT count(*)::int AS n FROM messages WHERE direction = 'outbound'`;
    rows.outbound_messages = (await client.query(sql)).rows[0].n;
  } finally {
    await client.end();
  }
  return { outboxDrainMs, rows };
}

async function main(): Promise<void> {
  if (BODIES.some((b) => classifyInboundSms(b) !== null)) throw new Error('a bench body is an SMS keyword');
  if (!LINE) throw new Error('the demo tenant has no SMS number');
  const startedAt = new Date();
  const dir = path.resolve(import.meta.dirname, '../results');
  const stamp = `webhook-${startedAt.toISOString().replace(/[:.]/g, '-')}`;
  const logFile = path.join(dir, `${stamp}.log`);
  const load = { start: loadavg(), end: [0, 0, 0] as number[] };
  // Other work on the machine skews every number: sample it before anything of ours runs.
  const idle = cpuWindow();
  await sleep(2000);
  const backgroundPct = idle().machinePct;
  const database = await createBenchDatabase();
  process.once('SIGINT', () => {
    log('interrupted: dropping the bench database');
    void database.drop().finally(() => process.exit(130));
  });
  log(
    `database ${database.name}, roles ${config.roles}, ${os.availableParallelism()} CPUs, load ${load.start}`,
  );
  let server: BenchServer | undefined;
  let workers: WorkersProcess | undefined;
  const phases: PhaseResult[] = [];
  let background: Background;
  let pgbench: PgbenchResult | undefined;
  let breakdown: BreakdownRow[] = [];
  try {
    const from = [...DEMO_PHONES, ...(await addResidents(database.url, config.extraResidents))];
    server = await startBenchServer({ databaseUrl: database.url, logFile, ...config });
    workers = config.workersProcess ? await startWorkersProcess(database.url, config.logLevel) : undefined;
    phases.push(await runPhase(server, 'GET /healthz (baseline)', false, from));
    phases.push(await runPhase(server, `POST ${SMS_PATH}`, true, from));
    const relayRuns = config.workersProcess || config.roles.split(',').includes('relay');
    const { outboxDrainMs, rows } = await afterLoad(database.url, relayRuns);
    await workers?.stop();
    workers = undefined;
    background = { roles: config.roles, outboxDrainMs, rows, blockedOutboundSms: blockedSends.length };
    await server.close();
    server = undefined;
    // Baselines on the same database after the service stopped, so they compete with nothing of ours.
    if (config.pgbench) {
      await checkpointUrl(database.url);
      log(`pgbench: receive-sms-tx.sql at ${config.rate}/s, ${config.poolSize} clients`);
      pgbench = await runPgbench({ url: database.url, clients: config.poolSize, ...config });
    }
    if (config.breakdownMessages > 0) {
      log(`breakdown: ${config.breakdownMessages} messages one at a time, three ways`);
      breakdown = await runBreakdown(database.url, {
        messages: config.breakdownMessages,
        phones: DEMO_PHONES,
        to: LINE,
        body: BODIES[0]!,
      });
    }
    load.end = loadavg();
  } finally {
    await workers?.stop().catch(() => {});
    await server?.close().catch((err: unknown) => log(`service close: ${String(err)}`));
    await database.drop();
  }

  const header =
    `Signed Twilio SMS webhooks vs /healthz — open loop ${config.rate}/s, ${config.warmupMs / 1000} s warm-up + ` +
    `${config.durationMs / 1000} s; Postgres (fresh database), in-process events, roles ${config.roles}` +
    `${config.workersProcess ? ' (relay,workers in a second process)' : ''}, ` +
    `pg pool ${config.poolSize}, LOG_LEVEL ${config.logLevel}, ${DEMO_PHONES.length + config.extraResidents} resident phones; Node ${process.versions.node}, ` +
    `${os.availableParallelism()} CPUs, machine ${round(backgroundPct, 0)}% busy before start; ` +
    `load average ${load.start.join(' ')} → ${load.end.join(' ')}`;
  const tables = [loadTable(phases, pgbench, config.target), details(phases, background).join('\n')];
  const logLines = summarizeLog(logFile);
  const logName = path.relative(process.cwd(), logFile);
  tables[1] +=
    logLines.length > 0
      ? `\nservice log (${logName}):\n  ${logLines.join('\n  ')}`
      : `\nservice log: nothing at ${config.logLevel} or above`;
  if (pgbench) tables[1] += `\npgbench: schedule lag p99 ${round(pgbench.lagP99Ms, 1)} ms`;
  if (breakdown.length > 0) tables.push(breakdownTable(breakdown));
  process.stdout.write(`\n${header}\n\n${tables.join('\n\n')}\n`);

  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${stamp}.json`);
  const machine = {
    cpus: os.availableParallelism(),
    backgroundPct,
    loadAverage: load,
    node: process.versions.node,
  };
  const verdicts = phases.map((p) => ({ endpoint: p.endpoint, verdict: verdict(p, config.target) }));
  fs.writeFileSync(
    file,
    `${JSON.stringify({ startedAt, config, machine, verdicts, phases, background, pgbench, breakdown }, null, 2)}\n`,
  );
  process.stdout.write(`\nraw results: ${path.relative(process.cwd(), file)}\n`);
  const failed = background.blockedOutboundSms > 0 || phases.some((p) => p.load.errors > 0);
  if (failed) process.exitCode = 1;
}

await main();
