// pgbench phase: the database's own limit for the ticket transaction. Runs pgbench with a custom
// script (create-ticket-tx.sql or rows-only-tx.sql) against the bench database with the API phase's
// client count and duration, after a short warm-up run; TPS from its summary, p50/p99 from its
// per-transaction log (-l).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cpuWindow, percentile, type CpuWindow } from './stats.ts';

const run = promisify(execFile);

export interface PgbenchOptions {
  url: string;
  script: string;
  clients: number;
  warmupMs: number;
  durationMs: number;
}

export interface PgbenchResult {
  script: string;
  tps: number;
  transactions: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** The machine's CPU use over the measured run (pgbench itself is in another process). */
  cpu: CpuWindow;
}

function pgbenchArgs(o: PgbenchOptions, seconds: number, extra: string[] = []): string[] {
  return [
    '-n', // no vacuum of pgbench's own tables (there are none)
    '-M',
    'prepared',
    '-c',
    String(o.clients),
    '-j',
    String(Math.min(o.clients, os.availableParallelism())),
    '-T',
    String(seconds),
    '-f',
    path.join(import.meta.dirname, o.script),
    ...extra,
    o.url,
  ];
}

function parseSummary(stdout: string): { tps: number; transactions: number; failed: number } {
  const tps = /^tps = ([\d.]+)/m.exec(stdout);
  const processed = /^number of transactions actually processed: (\d+)/m.exec(stdout);
  const failed = /^number of failed transactions: (\d+)/m.exec(stdout);
  if (!tps || !processed) throw new Error(`could not read pgbench's summary:\n${stdout}`);
  return { tps: Number(tps[1]), transactions: Number(processed[1]), failed: Number(failed?.[1] ?? 0) };
}

/** Latencies (ms) from pgbench's per-transaction logs: "client tx latency_us script epoch epoch_us". */
function readLatencies(dir: string): number[] {
  const out: number[] = [];
  for (const file of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const latencyUs = Number(line.split(' ')[2]);
      if (line && Number.isFinite(latencyUs)) out.push(latencyUs / 1000);
    }
  }
  return out;
}

export async function runPgbench(o: PgbenchOptions): Promise<PgbenchResult> {
  const bin = process.env.PGBENCH ?? 'pgbench';
  const opts = { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PGAPPNAME: 'fixline-bench' } };
  if (o.warmupMs > 0) await run(bin, pgbenchArgs(o, Math.max(1, Math.round(o.warmupMs / 1000))), opts);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-pgbench-'));
  try {
    const args = pgbenchArgs(o, Math.round(o.durationMs / 1000), [
      '-l',
      `--log-prefix=${path.join(logDir, 'tx')}`,
    ]);
    const cpu = cpuWindow();
    const { stdout } = await run(bin, args, opts);
    const cpuUse = cpu();
    const summary = parseSummary(stdout);
    const latencies = readLatencies(logDir);
    return {
      script: o.script,
      ...summary,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      cpu: cpuUse,
    };
  } finally {
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}
