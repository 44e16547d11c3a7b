// Turns bench/webhook's results into the printed Markdown tables — the load table (endpoint | rate |
// requests | errors | p50 | p99 | max | target: webhook, /healthz and pgbench on the same transaction)
// and the breakdown table (one message at a time: Prisma vs the same SQL vs one statement) — plus the
// detail lines that explain them: the generator's own lateness, connections, server CPU and
// event-loop delay, the pg pool's queue, what the background roles did, the database's row counts.
import type { CpuWindow } from '../tickets/stats.ts';
import { round } from '../tickets/stats.ts';
import type { BreakdownRow } from './breakdown.ts';
import type { LoadResult } from './load.ts';
import type { PgbenchResult } from './pgbench.ts';
import type { ServerSample } from './server.ts';

export interface PhaseResult {
  endpoint: string;
  /** True for the baseline (no target applies). */
  baseline: boolean;
  rate: number;
  load: LoadResult;
  server: ServerSample;
  /** The server process's and the machine's CPU over warm-up + window. */
  cpu: CpuWindow;
}

export interface Background {
  roles: string;
  /** After the last webhook: time until no outbox row was pending (relay role), ms; null if it never ran. */
  outboxDrainMs: number | null;
  rows: Record<string, number>;
  blockedOutboundSms: number;
}

export interface Target {
  p99Ms: number;
}

export function verdict(p: PhaseResult, target: Target): string {
  if (p.baseline) return '— (baseline)';
  const ok = p.load.p99Ms <= target.p99Ms && p.load.errors === 0;
  return `${ok ? 'pass' : 'MISS'} (p99 ≤ ${target.p99Ms} ms, 0 errors)`;
}

const ms = (v: number) => `${round(v, 1)} ms`;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function loadTable(phases: PhaseResult[], pgbench: PgbenchResult | undefined, target: Target): string {
  const rows = phases.map((p) => [
    p.endpoint,
    `${p.rate}/s`,
    String(p.load.requests),
    String(p.load.errors),
    ms(p.load.p50Ms),
    ms(p.load.p99Ms),
    ms(p.load.maxMs),
    verdict(p, target),
  ]);
  if (pgbench) {
    const { transactions, errors, p50Ms, p99Ms, maxMs } = pgbench;
    const rate = `${phases[0]?.rate ?? '?'}/s`;
    const cells = [String(transactions), String(errors), ms(p50Ms), ms(p99Ms), ms(maxMs)];
    rows.push(['pgbench, same transaction (Postgres alone)', rate, ...cells, '— (baseline)']);
  }
  return table(['endpoint', 'rate', 'requests', 'errors', 'p50', 'p99', 'max', 'target'], rows);
}

export function breakdownTable(rows: BreakdownRow[]): string {
  const head = ['one message at a time, no HTTP', 'round trips', 'p50', 'p99', 'CPU per message'];
  return table(
    head,
    rows.map((r) => [r.variant, String(r.roundTrips), ms(r.p50Ms), ms(r.p99Ms), ms(r.cpuMsPerMessage)]),
  );
}

export function details(phases: PhaseResult[], bg: Background): string[] {
  const lines = phases.map((p) => {
    const l = p.load;
    const s = p.server;
    const statuses = Object.entries(l.statuses)
      .map(([code, n]) => `${code === 'timeout' ? 'no answer in 15 s' : code}×${n}`)
      .join(' ');
    const worst = l.perSecond.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a), l.perSecond[0]!);
    return (
      `${p.endpoint}: [${statuses}] sent at ${round(l.achievedRate, 1)}/s; p90 ${ms(l.p90Ms)}, ` +
      `p99.9 ${ms(l.p999Ms)}, mean ${ms(l.meanMs)}; worst second #${worst.second} p99 ${ms(worst.p99Ms)}; ` +
      `generator lateness p99 ${ms(l.lagP99Ms)} max ${ms(l.lagMaxMs)}; ${l.connections} connections, ` +
      `≤ ${l.maxInFlight} in flight; server ${round(p.cpu.processPct, 0)}% of a core, machine ` +
      `${round(p.cpu.machinePct, 0)}% busy; event-loop delay p99 ${ms(s.loopP99Ms)} max ${ms(s.loopMaxMs)}; ` +
      `pg pool ≤ ${s.poolTotalMax} connections, ≤ ${s.poolWaitingMax} waiting`
    );
  });
  const drain =
    bg.outboxDrainMs === null
      ? 'no relay role'
      : `outbox empty ${round(bg.outboxDrainMs, 0)} ms after the last answer`;
  const rows = Object.entries(bg.rows)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  lines.push(
    `background (${bg.roles}): ${drain}; rows: ${rows}; outbound SMS attempted ${bg.blockedOutboundSms}`,
  );
  return lines;
}
