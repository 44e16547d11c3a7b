// Turns the rounds' raw results into the printed Markdown table (medians across rounds, each
// metric beside its baseline or target, every round's value in brackets) and per-round details.
import type { ApiResult } from './api-phase.ts';
import type { PgbenchResult } from './pgbench-phase.ts';
import type { LatencyResult, ThroughputResult } from './relay-phase.ts';
import { median, round } from './stats.ts';

export interface RoundResult {
  api: ApiResult;
  pgbench: PgbenchResult;
  pgbenchRowsOnly: PgbenchResult;
  /** One per outbox history (0, then --outbox-history). */
  relayLatency: LatencyResult[];
  relayThroughput: ThroughputResult[];
}

export const TARGETS = { apiShareOfPgbench: 0.5, relayP50Ms: 20, relayP99Ms: 100, relayEventsPerSec: 3000 };

/** Above this p99 schedule→commit lag of the outbox writer, a latency row is flagged. */
const WRITER_LAG_MS = 100;

export interface Row {
  metric: string;
  measured: string;
  baseline: string;
  ratio: string;
  pass: string;
}

type Pick = (r: RoundResult) => number;
const mid = (rounds: RoundResult[], pick: Pick) => median(rounds.map(pick));
const verdict = (ok: boolean) => (ok ? 'pass' : 'MISS');
/** " (a, b, c)": every round's value, when there is more than one. */
const each = (rounds: RoundResult[], pick: Pick, digits = 0) =>
  rounds.length > 1 ? ` (${rounds.map((r) => round(pick(r), digits)).join(', ')})` : '';
const historyLabel = (history: number) =>
  history === 0 ? 'empty outbox' : `${history.toLocaleString('en')} published rows`;

function apiRows(rounds: RoundResult[], concurrency: number): Row[] {
  const apiRps = mid(rounds, (r) => r.api.rps);
  const pgTps = mid(rounds, (r) => r.pgbench.tps);
  const rowsTps = mid(rounds, (r) => r.pgbenchRowsOnly.tps);
  const share = apiRps / pgTps;
  const ms = (pick: Pick) => round(mid(rounds, pick));
  return [
    {
      metric: `POST /tickets throughput, ${concurrency} connections`,
      measured: `${round(apiRps, 0)} req/s${each(rounds, (r) => r.api.rps)}`,
      baseline: `pgbench same tx: ${round(pgTps, 0)} tps${each(rounds, (r) => r.pgbench.tps)}`,
      ratio: `${round(share * 100, 0)}%`,
      pass: `${verdict(share >= TARGETS.apiShareOfPgbench)} (≥ ${TARGETS.apiShareOfPgbench * 100}%)`,
    },
    {
      metric: 'POST /tickets latency p50 / p99',
      measured: `${ms((r) => r.api.p50Ms)} / ${ms((r) => r.api.p99Ms)} ms`,
      baseline: `pgbench same tx: ${ms((r) => r.pgbench.p50Ms)} / ${ms((r) => r.pgbench.p99Ms)} ms`,
      ratio: `${round(mid(rounds, (r) => r.api.p50Ms) / mid(rounds, (r) => r.pgbench.p50Ms))}x`,
      pass: 'info',
    },
    {
      metric: 'POST /tickets vs the rows alone',
      measured: `${round(apiRps, 0)} req/s`,
      baseline: `pgbench rows only: ${round(rowsTps, 0)} tps${each(rounds, (r) => r.pgbenchRowsOnly.tps)}`,
      ratio: `${round((apiRps / rowsTps) * 100, 0)}%`,
      pass: 'info',
    },
  ];
}

function relayRows(rounds: RoundResult[], ratePerSec: number, defaultBatchSize: number): Row[] {
  const rows: Row[] = [];
  rounds[0]?.relayLatency.forEach(({ history }, i) => {
    for (const [name, key, target] of [
      ['p50', 'p50Ms', TARGETS.relayP50Ms],
      ['p99', 'p99Ms', TARGETS.relayP99Ms],
    ] as const) {
      const pick: Pick = (r) => r.relayLatency[i]![key];
      const value = mid(rounds, pick);
      // The writer missing its schedule means the machine starved it: the offered load came in bursts.
      const lag = mid(rounds, (r) => r.relayLatency[i]!.generatorCommitP99Ms);
      rows.push({
        metric: `relay commit→ack ${name}, ${ratePerSec} events/s, ${historyLabel(history)}`,
        measured: `${round(value)} ms${each(rounds, pick, 1)}`,
        baseline: `≤ ${target} ms`,
        ratio: `${round(value / target, 2)}`,
        pass: `${verdict(value <= target)}${lag > WRITER_LAG_MS ? ` (writer lag p99 ${round(lag, 0)} ms)` : ''}`,
      });
    }
  });
  rounds[0]?.relayThroughput.forEach(({ batchSize, history, events }, i) => {
    const pick: Pick = (r) => r.relayThroughput[i]!.eventsPerSec;
    const eps = mid(rounds, pick);
    const batch = `batchSize ${batchSize}${batchSize === defaultBatchSize ? ' (default)' : ''}`;
    rows.push({
      metric: `relay drain of ${events} events, ${batch}, ${historyLabel(history)}`,
      measured: `${round(eps, 0)} events/s${each(rounds, pick)}`,
      baseline: `≥ ${TARGETS.relayEventsPerSec} events/s`,
      ratio: `${round(eps / TARGETS.relayEventsPerSec, 2)}`,
      pass: verdict(eps >= TARGETS.relayEventsPerSec),
    });
  });
  return rows;
}

export function buildRows(
  rounds: RoundResult[],
  concurrency: number,
  ratePerSec: number,
  defaultBatchSize: number,
): Row[] {
  return [...apiRows(rounds, concurrency), ...relayRows(rounds, ratePerSec, defaultBatchSize)];
}

export function markdownTable(rows: Row[]): string {
  const head: Row = {
    metric: 'metric',
    measured: 'measured',
    baseline: 'baseline / target',
    ratio: 'ratio',
    pass: 'pass',
  };
  const cols = Object.keys(head) as (keyof Row)[];
  const widths = cols.map((c) => Math.max(...[head, ...rows].map((r) => r[c].length)));
  const line = (r: Row) => `| ${cols.map((c, i) => r[c].padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** Per-round numbers that explain the table: CPU use, what each phase did, whether the writer kept up. */
export function details(rounds: RoundResult[]): string[] {
  return rounds.flatMap((r, i) => {
    const a = r.api;
    const statuses = Object.entries(a.statuses).map(([code, n]) => `${code}×${n}`);
    const cpu = (c: { processPct: number; machinePct: number }) =>
      `process ${round(c.processPct, 0)}% of a core, machine ${round(c.machinePct, 0)}% busy`;
    return [
      `round ${i + 1}`,
      `  api: ${a.requests} requests [${statuses.join(' ')}], p90 ${round(a.p90Ms)} ms, max ${round(a.maxMs)} ms; ${cpu(a.cpu)}, ${round(a.cpuMsPerRequest)} ms CPU per request`,
      `  pgbench: same tx ${r.pgbench.transactions} (${r.pgbench.failed} failed), machine ${round(r.pgbench.cpu.machinePct, 0)}% busy; ` +
        `rows only ${r.pgbenchRowsOnly.transactions}, p50/p99 ${round(r.pgbenchRowsOnly.p50Ms)}/${round(r.pgbenchRowsOnly.p99Ms)} ms`,
      ...r.relayLatency.map(
        (l) =>
          `  relay latency, ${historyLabel(l.history)}: ${l.events} events at ${round(l.achievedPerSec, 0)}/s, ` +
          `p90 ${round(l.p90Ms)} ms, max ${round(l.maxMs)} ms, ${l.missing} never acked; writer commit p50/p99 ` +
          `${round(l.generatorCommitP50Ms)}/${round(l.generatorCommitP99Ms)} ms; relay ${cpu(l.cpu)}`,
      ),
      ...r.relayThroughput.map(
        (t) =>
          `  relay drain, batchSize ${t.batchSize}, ${historyLabel(t.history)}: last ack ${round(t.ackedMs, 0)} ms, ` +
          `queue empty ${round(t.drainedMs, 0)} ms; relay ${cpu(t.cpu)}`,
      ),
    ];
  });
}
