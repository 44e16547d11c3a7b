// Turns phase records into numbers and Markdown: percentiles of latency A and B per mode and rate
// beside the target (p95 ≤ 300 ms with Postgres+Kafka at the steady rate; embedded and
// higher rates are reported for information), and the per-stage breakdown that says what dominates.
import type { StageSamples } from './breakdown.ts';
import { STAGE_LABELS } from './breakdown.ts';
import type { PhaseRecord } from './drive.ts';
import type { ModeName } from './modes.ts';

export const TARGET_P95_MS = 300;

/** Nearest-rank percentile (p in 0..100); NaN without samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function distribution(samples: number[]): Distribution {
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    n: samples.length,
    p50: r(percentile(samples, 50)),
    p95: r(percentile(samples, 95)),
    p99: r(percentile(samples, 99)),
    max: r(percentile(samples, 100)),
  };
}

export interface PhaseSummary {
  mode: ModeName;
  label: string;
  /** Whether the target applies (Postgres+Kafka at the steady rate). */
  targeted: boolean;
  ratePerSec: number;
  tickets: number;
  created: number;
  booked: number;
  unbooked: number;
  errors: string[];
  achievedCreatePerSec: number;
  bookingsPerSec: number;
  /** Last ticket committed → last confirmation handed over (how long the backlog took to drain). */
  drainMs: number;
  createMs: Distribution;
  a: Distribution;
  b: Distribution;
  timeToBook: Distribution;
  stages: Record<keyof StageSamples, Distribution>;
  cpu: { processPct: number; machinePct: number };
  /** Every sample, rounded to 0.1 ms, for the JSON file (not printed). */
  raw: { a: number[]; b: number[]; stages: StageSamples };
}

const tenths = (values: number[]) => values.map((v) => Math.round(v * 10) / 10);

export function summarize(
  mode: ModeName,
  targeted: boolean,
  phase: PhaseRecord,
  stages: StageSamples,
  cpu: { processPct: number; machinePct: number },
): PhaseSummary {
  const t = phase.traces;
  const diffs = (from: 'calledAt' | 'committedAt' | 'yesAt', to: 'committedAt' | 'offerAt' | 'confirmAt') =>
    t.filter((x) => x[from] !== undefined && x[to] !== undefined).map((x) => x[to]! - x[from]!);
  const created = t.filter((x) => x.committedAt !== undefined);
  const confirmed = t.filter((x) => x.confirmAt !== undefined);
  const firstCall = Math.min(...t.map((x) => x.calledAt ?? Infinity));
  const lastConfirm = Math.max(...confirmed.map((x) => x.confirmAt!));
  const firstCommit = Math.min(...created.map((x) => x.committedAt!));
  return {
    mode,
    label: phase.options.label,
    targeted,
    ratePerSec: phase.options.ratePerSec,
    tickets: phase.options.tickets,
    created: created.length,
    booked: confirmed.length,
    unbooked: created.length - confirmed.length,
    errors: [...new Set(t.filter((x) => x.error).map((x) => x.error!))].slice(0, 5),
    achievedCreatePerSec: ((created.length - 1) / (phase.lastCommitAt - firstCall)) * 1000,
    bookingsPerSec: (confirmed.length / (lastConfirm - firstCommit)) * 1000,
    drainMs: lastConfirm - phase.lastCommitAt,
    createMs: distribution(diffs('calledAt', 'committedAt')),
    a: distribution(diffs('committedAt', 'offerAt')),
    b: distribution(diffs('yesAt', 'confirmAt')),
    timeToBook: distribution(diffs('committedAt', 'confirmAt')),
    stages: Object.fromEntries(
      Object.entries(stages).map(([k, v]) => [k, distribution(v as number[])]),
    ) as PhaseSummary['stages'],
    cpu,
    raw: {
      a: tenths(diffs('committedAt', 'offerAt')),
      b: tenths(diffs('yesAt', 'confirmAt')),
      stages: Object.fromEntries(
        Object.entries(stages).map(([k, v]) => [k, tenths(v as number[])]),
      ) as unknown as StageSamples,
    },
  };
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const fmt = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(1));

function verdict(s: PhaseSummary, d: Distribution): string {
  const ok = d.n > 0 && d.p95 <= TARGET_P95_MS && s.unbooked === 0;
  if (s.targeted) return ok ? 'pass' : 'MISS';
  return `info (${ok ? 'would pass' : 'over'})`;
}

/** A mode that booked nothing in its warm-up: it gets FAIL rows instead of numbers. */
export interface BrokenMode {
  mode: ModeName;
  warmupTickets: number;
}

/** The headline table: latency A and B per mode and phase, with the target and the verdict. */
export function latencyTable(summaries: PhaseSummary[], broken: BrokenMode[] = []): string {
  const rows = summaries.flatMap((s) => {
    const phase = `${s.label}: ${s.ratePerSec}/s × ${s.tickets}`;
    const row = (metric: string, d: Distribution, target: string, pass: string) => [
      s.mode,
      phase,
      metric,
      `${d.n}`,
      fmt(d.p50),
      fmt(d.p95),
      fmt(d.p99),
      fmt(d.max),
      target,
      pass,
    ];
    const target = `p95 ≤ ${TARGET_P95_MS}`;
    return [
      row('A: committed → first offer handed over', s.a, target, verdict(s, s.a)),
      row('B: YES received → resident confirmation handed over', s.b, target, verdict(s, s.b)),
      row('time to book: committed → confirmation (incl. vendor delay)', s.timeToBook, '', ''),
    ];
  });
  for (const b of broken) {
    for (const metric of [
      'A: committed → first offer handed over',
      'B: YES received → resident confirmation handed over',
    ]) {
      const fail = `FAIL (0/${b.warmupTickets} booked)`;
      rows.push([b.mode, 'warm-up only', metric, '0', '–', '–', '–', '–', `p95 ≤ ${TARGET_P95_MS}`, fail]);
    }
  }
  const head = ['mode', 'phase', 'metric (ms)', 'n', 'p50', 'p95', 'p99', 'max', 'target', 'result'];
  return table(head, rows);
}

/** Throughput and health of each phase: what the generator achieved, bookings, drain, CPU. */
export function throughputTable(summaries: PhaseSummary[]): string {
  const rows = summaries.map((s) => [
    s.mode,
    `${s.label}: ${s.ratePerSec}/s × ${s.tickets}`,
    `${s.created}/${s.tickets}`,
    `${s.booked} (${s.unbooked} unbooked)`,
    s.achievedCreatePerSec.toFixed(1),
    s.bookingsPerSec.toFixed(1),
    s.drainMs.toFixed(0),
    `${fmt(s.createMs.p50)} / ${fmt(s.createMs.p95)}`,
    `${s.cpu.processPct.toFixed(0)}% / ${s.cpu.machinePct.toFixed(0)}%`,
  ]);
  const head = [
    'mode',
    'phase',
    'created',
    'booked',
    'created/s',
    'booked/s',
    'drain ms',
    'createTicket p50 / p95 ms',
    'CPU: bench process (of 1 core) / machine',
  ];
  return table(head, rows);
}

/** Per-stage p50 / p95 for every phase, side by side. */
export function stageTable(summaries: PhaseSummary[]): string {
  const keys = Object.keys(STAGE_LABELS) as (keyof StageSamples)[];
  const rows = keys.map((k) => [
    STAGE_LABELS[k],
    ...summaries.map((s) => `${fmt(s.stages[k].p50)} / ${fmt(s.stages[k].p95)}`),
  ]);
  const head = ['stage (ms, p50 / p95)', ...summaries.map((s) => `${s.mode} ${s.ratePerSec}/s`)];
  return table(head, rows);
}

/**
 * Waits of ≥ 250 ms in the stages that only wait for a wake-up (relay claim, SMS sender claim). With
 * NOTIFY they take milliseconds; a NOTIFY that arrives while the loop is busy is lost and the wait
 * runs to the poll interval (500 ms on Postgres). At light load that is what such waits mean.
 */
export function stallLines(summaries: PhaseSummary[]): string[] {
  const count = (v: number[]) => `${v.filter((x) => x >= 250).length}/${v.length}`;
  return summaries.map((s) => {
    const r = s.raw.stages;
    const relay = s.mode === 'postgres+kafka' ? `relay claim ${count(r.commitToRelayClaim)}, ` : '';
    return (
      `${s.mode} ${s.ratePerSec}/s: waits ≥ 250 ms — ${relay}sender claim of offer ` +
      `${count(r.offerQueuedToSenderClaim)}, of confirmation ${count(r.confirmQueuedToSenderClaim)}`
    );
  });
}
