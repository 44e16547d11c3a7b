// bench/booking: how long the booking engine itself takes, with the vendor's reply time taken out.
// For each mode (embedded; Postgres+Kafka) it starts the real service with every role, creates a
// world of tenants/residents/vendors, then creates tickets at a steady rate while a simulated vendor
// answers every offer YES after a fixed delay, and measures
//   A = ticket committed → first offer SMS handed to the transport,
//   B = YES received → resident confirmation SMS handed to the transport
// (p50/p95/p99/max), plus a per-stage breakdown read back from the database. The first rate is the
// targeted one (p95 ≤ 300 ms with Postgres+Kafka); further rates show what happens under more load.
// Prints Markdown tables and writes the raw numbers to bench/results/booking-<time>.json.
// Run: npm run bench:booking [-- --tickets 500 --rates 5,25]; bench/README.md explains the numbers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stageBreakdown } from './breakdown.ts';
import { BookingProbe, nowMs, runPhase } from './drive.ts';
import { startEmbedded, startPostgresKafka, type ModeName, type RunningMode } from './modes.ts';
import {
  latencyTable,
  stageTable,
  stallLines,
  summarize,
  throughputTable,
  type BrokenMode,
  type PhaseSummary,
} from './report.ts';
import { createWorld } from './world.ts';

const env = process.env;
const { values: args } = parseArgs({
  options: {
    modes: { type: 'string', default: env.BENCH_MODES ?? 'embedded,postgres+kafka' },
    tickets: { type: 'string', default: env.BENCH_TICKETS ?? '500' },
    rates: { type: 'string', default: env.BENCH_RATES ?? '5,25' },
    'extra-tickets': { type: 'string', default: env.BENCH_EXTRA_TICKETS ?? '300' },
    'vendor-delay': { type: 'string', default: env.BENCH_VENDOR_DELAY_MS ?? '50' },
    warmup: { type: 'string', default: env.BENCH_WARMUP_TICKETS ?? '40' },
    'drain-timeout': { type: 'string', default: env.BENCH_DRAIN_TIMEOUT_S ?? '180' },
    'warmup-timeout': { type: 'string', default: env.BENCH_WARMUP_TIMEOUT_S ?? '30' },
    tenants: { type: 'string', default: '2' },
    trades: { type: 'string', default: '4' },
    'vendors-per-trade': { type: 'string', default: '3' },
    buildings: { type: 'string', default: '4' },
    residents: { type: 'string', default: '10' },
    'pool-size': { type: 'string', default: env.DATABASE_POOL_SIZE ?? '10' },
  },
});
const config = {
  modes: args.modes.split(',').map((m) => m.trim()) as ModeName[],
  tickets: Number(args.tickets),
  /** The first rate is the targeted steady phase; the others are shorter phases for information. */
  rates: args.rates.split(',').map(Number),
  extraTickets: Number(args['extra-tickets']),
  vendorDelayMs: Number(args['vendor-delay']),
  warmupTickets: Number(args.warmup),
  drainTimeoutMs: Number(args['drain-timeout']) * 1000,
  warmupTimeoutMs: Number(args['warmup-timeout']) * 1000,
  world: {
    tenants: Number(args.tenants),
    trades: Number(args.trades),
    vendorsPerTrade: Number(args['vendors-per-trade']),
    buildingsPerTenant: Number(args.buildings),
    residentsPerBuilding: Number(args.residents),
  },
  poolSize: Number(args['pool-size']),
  logLevel: env.LOG_LEVEL ?? 'warn',
  brokers: env.KAFKA_BROKERS || '127.0.0.1:19092',
};

// kafkajs's one-time notice about its v2 partitioner change is noise here.
env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Whole-machine busy ticks from /proc/stat (Linux; other people's work included). */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: total - cpu[3]! - (cpu[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

function cpuWindow(): () => { processPct: number; machinePct: number } {
  const [t0, p0, m0] = [nowMs(), process.cpuUsage(), machineTicks()];
  return () => {
    const p = process.cpuUsage(p0);
    const m1 = machineTicks();
    return {
      processPct: ((p.user + p.system) / 1000 / (nowMs() - t0)) * 100,
      machinePct: m0 && m1 ? ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100 : Number.NaN,
    };
  };
}

/** What the outbox says when the warm-up booked nothing (e.g. every publish failing). */
async function whyNothingBooked(mode: RunningMode): Promise<string> {
  const { rows } = await mode.service.db.pool.query<{ status: string; last_error: string | null; n: number }>(
    `SELECT status, last_error, count(*)::int AS n FROM outbox_events WHERE status <> 'published'
     GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 3`,
  );
  const outbox = rows.map((r) => `${r.n} ${r.status}: ${r.last_error ?? 'no error yet'}`).join('; ');
  return `outbox rows not published: ${outbox || 'none'}`;
}

interface ModeResult {
  detail: string;
  summaries: PhaseSummary[];
  /** Set when the mode booked nothing during warm-up: why, from the outbox. */
  broken?: string;
}

async function benchMode(name: ModeName): Promise<ModeResult> {
  const modeOpts = { logLevel: config.logLevel, poolSize: config.poolSize, brokers: config.brokers };
  const started = nowMs();
  const mode: RunningMode =
    name === 'embedded' ? await startEmbedded(modeOpts) : await startPostgresKafka(modeOpts);
  log(`${name}: service up in ${(nowMs() - started).toFixed(0)} ms — ${mode.detail}`);
  const probe = new BookingProbe(mode);
  const summaries: PhaseSummary[] = [];
  let broken: string | undefined;
  try {
    const world = await createWorld(mode.service.db.prisma, config.world);
    const phase = { vendorDelayMs: config.vendorDelayMs, drainTimeoutMs: config.drainTimeoutMs };
    // Warm-up: consumer group joined, topics created, pools and query plans warm. Not reported.
    const warm = await runPhase(mode, world, probe, {
      ...phase,
      drainTimeoutMs: config.warmupTimeoutMs,
      label: 'warm-up',
      tickets: config.warmupTickets,
      ratePerSec: config.rates[0]!,
    });
    const warmBooked = warm.traces.filter((t) => t.confirmAt !== undefined).length;
    log(
      `${name}: warm-up ${warmBooked}/${warm.traces.length} booked in ${(warm.endedAt - warm.startedAt).toFixed(0)} ms`,
    );
    if (warmBooked === 0) {
      // Nothing books at all: measuring 600 tickets would only wait out the drain timeouts.
      broken = await whyNothingBooked(mode);
      log(`${name}: no ticket was booked during warm-up; skipping the measured phases (${broken})`);
      return { detail: mode.detail, summaries, broken };
    }
    for (const [i, rate] of config.rates.entries()) {
      const first = config.rates[0]!;
      const label = i === 0 ? 'steady' : rate > first ? 'stress' : 'light';
      const tickets = i === 0 ? config.tickets : config.extraTickets;
      log(`${name}: ${label} phase, ${tickets} tickets at ${rate}/s`);
      const cpu = cpuWindow();
      const record = await runPhase(mode, world, probe, { ...phase, label, tickets, ratePerSec: rate });
      const usage = cpu();
      const stages = await stageBreakdown(mode.service.db.pool, name, record);
      const summary = summarize(name, name === 'postgres+kafka' && i === 0, record, stages, usage);
      if (record.timedOut) log(`${name}: ${summary.unbooked} tickets not confirmed within the drain timeout`);
      summaries.push(summary);
      log(`${name}: A p95 ${summary.a.p95} ms, B p95 ${summary.b.p95} ms, ${summary.booked} booked`);
    }
  } finally {
    await probe.close();
    await mode.close();
  }
  if (probe.replyErrors > 0) log(`${name}: ${probe.replyErrors} simulated vendor replies failed`);
  return { detail: mode.detail, summaries, broken };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const load = [os.loadavg()[0]!];
  const details: Record<string, string> = {};
  const summaries: PhaseSummary[] = [];
  const broken: BrokenMode[] = [];
  for (const name of config.modes) {
    const result = await benchMode(name);
    details[name] = result.detail + (result.broken ? ` — BOOKED NOTHING in warm-up: ${result.broken}` : '');
    summaries.push(...result.summaries);
    if (result.broken) broken.push({ mode: name, warmupTickets: config.warmupTickets });
    load.push(os.loadavg()[0]!);
  }
  const w = config.world;
  const header =
    `Booking engine latency — vendor answers YES after ${config.vendorDelayMs} ms; ${config.tickets} tickets in the ` +
    `steady phase, ${config.extraTickets} in the others, after ${config.warmupTickets} warm-up; ${w.tenants} tenants × ${w.trades} trades × ${w.vendorsPerTrade} vendors, ` +
    `${w.tenants * w.buildingsPerTenant * w.residentsPerBuilding} residents; ${os.availableParallelism()} CPUs, ` +
    `Node ${process.versions.node}; 1-min load average ${load.map((l) => l.toFixed(2)).join(' → ')}`;
  const out = [
    header,
    ...Object.entries(details).map(([m, d]) => `- ${m}: ${d}`),
    '',
    latencyTable(summaries, broken),
    '',
    throughputTable(summaries),
    '',
    stageTable(summaries),
    '',
    ...stallLines(summaries),
  ];
  for (const s of summaries.filter((x) => x.errors.length > 0)) {
    out.push('', `${s.mode} ${s.label} errors: ${s.errors.join('; ')}`);
  }
  process.stdout.write(`\n${out.join('\n')}\n`);

  const dir = path.resolve(import.meta.dirname, '../results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `booking-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: os.availableParallelism(), loadAverage: load, node: process.versions.node };
  fs.writeFileSync(
    file,
    `${JSON.stringify({ startedAt, config, machine, details, broken, summaries }, null, 2)}\n`,
  );
  process.stdout.write(`\nraw results: ${path.relative(process.cwd(), file)}\n`);
}

await main();
