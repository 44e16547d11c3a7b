// Postgres alone: pgbench runs receive-sms-tx.sql (the webhook's transaction, statement for
// statement) at the same fixed arrival rate (-R) with as many clients as the service's pg pool, after
// a warm-up run. Latency per transaction from pgbench's log (-l): the transaction's own time, not
// counting schedule lag, like the HTTP latency (send → answer). Needs pgbench on PATH (or PGBENCH).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { percentile } from '../tickets/stats.ts';

const run = promisify(execFile);

export interface PgbenchOptions {
  url: string;
  rate: number;
  clients: number;
  warmupMs: number;
  durationMs: number;
}

export interface PgbenchResult {
  transactions: number;
  /** Failed plus skipped (-R lag) transactions. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Schedule lag p99 (ms): pgbench itself falling behind. */
  lagP99Ms: number;
}

const args = (o: PgbenchOptions, seconds: number, extra: string[] = []) => [
  ...['-n', '-M', 'prepared', '-c', String(o.clients), '-j', String(Math.min(o.clients, 2))],
  ...[
    '-R',
    String(o.rate),
    '-T',
    String(seconds),
    '-f',
    path.join(import.meta.dirname, 'receive-sms-tx.sql'),
  ],
  ...extra,
  o.url,
];

export async function runPgbench(o: PgbenchOptions): Promise<PgbenchResult> {
  const bin = process.env.PGBENCH ?? 'pgbench';
  const opts = { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PGAPPNAME: 'fixline-bench-webhook' } };
  if (o.warmupMs > 0) await run(bin, args(o, Math.max(1, Math.round(o.warmupMs / 1000))), opts);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-pgbench-webhook-'));
  try {
    const { stdout } = await run(
      bin,
      args(o, Math.round(o.durationMs / 1000), ['-l', `--log-prefix=${path.join(dir, 'tx')}`]),
      opts,
    );
    const failed = Number(/^number of failed transactions: (\d+)/m.exec(stdout)?.[1] ?? 0);
    const skipped = Number(/^number of transactions skipped: (\d+)/m.exec(stdout)?.[1] ?? 0);
    // Log line: client_id transaction_no time_us script_no epoch epoch_us schedule_lag_us
    const latencies: number[] = [];
    const lags: number[] = [];
    for (const file of fs.readdirSync(dir)) {
      for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        const f = line.split(' ');
        if (f.length < 7 || !Number.isFinite(Number(f[2]))) continue;
        latencies.push(Number(f[2]) / 1000);
        lags.push(Number(f[6]) / 1000);
      }
    }
    return {
      transactions: latencies.length,
      errors: failed + skipped,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: percentile(latencies, 100),
      lagP99Ms: percentile(lags, 99),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
