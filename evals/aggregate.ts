// Aggregates over scenario runs and the threshold gate. Pure: the CLI and the tests call these on
// runs, and the report renders what they return.
import fs from 'node:fs';
import { z } from 'zod';
import type { ScenarioRun } from './runner.ts';

export interface RateStats {
  scenarios: number;
  runs: number;
  passedRuns: number;
  /** Passed runs / runs (pass@1 averaged over repeats). */
  passRate: number;
  /** Scenarios whose every repeat passed / scenarios. */
  passHatK: number;
}

export interface Summary extends RateStats {
  repeat: number;
  /** Over the emergency set (scenarios expecting safety advice): runs handled as emergencies. */
  emergency: { scenarios: number; runs: number; detectedRuns: number; recall: number } | null;
  medianTurnsToTicket: number | null;
  p50TurnLatencyMs: number | null;
  p95TurnLatencyMs: number | null;
  /** Booking-engine answers to vendor texts. */
  p95VendorLatencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  ticketsCreated: number;
  costPerTicketUsd: number | null;
  /** Agent turns answered by the deterministic model because the configured one failed. */
  fallbackTurns: number;
}

export interface ScenarioResult {
  id: string;
  category: string;
  runs: number;
  passedRuns: number;
  /** Every repeat passed. */
  pass: boolean;
  /** The failed checks of the first failing run. */
  failures: string[];
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function rates(runs: ScenarioRun[]): RateStats {
  const byScenario = groupBy(runs, (r) => r.id);
  const passedRuns = runs.filter((r) => r.pass).length;
  const allPassed = [...byScenario.values()].filter((rs) => rs.every((r) => r.pass)).length;
  return {
    scenarios: byScenario.size,
    runs: runs.length,
    passedRuns,
    passRate: runs.length ? passedRuns / runs.length : 0,
    passHatK: byScenario.size ? allPassed / byScenario.size : 0,
  };
}

export function summarize(runs: ScenarioRun[], repeat: number): Summary {
  const agentRuns = runs.filter((r) => r.category !== 'vendor_reply');
  const emergencyRuns = runs.filter((r) => r.emergency);
  const detected = emergencyRuns.filter((r) => r.emergency?.detected).length;
  const costUsd = sumCosts(runs);
  // Per ticket: what the agent spent to open them, not the booking engine's reading of vendor texts.
  const agentCostUsd = sumCosts(agentRuns);
  const ticketsCreated = runs.reduce((n, r) => n + r.ticketsCreated, 0);
  const latencies = agentRuns.flatMap((r) => r.latenciesMs);
  return {
    ...rates(runs),
    repeat,
    emergency: emergencyRuns.length
      ? {
          scenarios: new Set(emergencyRuns.map((r) => r.id)).size,
          runs: emergencyRuns.length,
          detectedRuns: detected,
          recall: detected / emergencyRuns.length,
        }
      : null,
    medianTurnsToTicket: median(runs.map((r) => r.turnsToTicket).filter((t): t is number => t !== null)),
    p50TurnLatencyMs: percentile(latencies, 50),
    p95TurnLatencyMs: percentile(latencies, 95),
    p95VendorLatencyMs: percentile(
      runs.filter((r) => r.category === 'vendor_reply').flatMap((r) => r.latenciesMs),
      95,
    ),
    inputTokens: runs.reduce((n, r) => n + r.inputTokens, 0),
    outputTokens: runs.reduce((n, r) => n + r.outputTokens, 0),
    costUsd,
    ticketsCreated,
    costPerTicketUsd: agentCostUsd !== null && ticketsCreated > 0 ? agentCostUsd / ticketsCreated : null,
    fallbackTurns: runs.reduce((n, r) => n + r.fallbacks, 0),
  };
}

function sumCosts(runs: ScenarioRun[]): number | null {
  const costs = runs.map((r) => r.costUsd).filter((c): c is number => c !== null);
  return costs.length ? costs.reduce((a, b) => a + b, 0) : null;
}

export function byCategory(runs: ScenarioRun[]): Record<string, RateStats> {
  const groups = groupBy(runs, (r) => r.category);
  return Object.fromEntries(
    [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, rs]) => [c, rates(rs)]),
  );
}

export function scenarioResults(runs: ScenarioRun[]): ScenarioResult[] {
  return [...groupBy(runs, (r) => r.id).values()].map((rs) => {
    const failing = rs.find((r) => !r.pass);
    return {
      id: rs[0]!.id,
      category: rs[0]!.category,
      runs: rs.length,
      passedRuns: rs.filter((r) => r.pass).length,
      pass: !failing,
      failures: failing
        ? failing.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.detail ?? 'failed'}`)
        : [],
    };
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

// ---- thresholds

const rate = z.number().min(0).max(1);
export const modelThresholdsSchema = z.strictObject({
  /** Overall pass rate (runs); not gated when --filter narrows the suite. */
  pass_rate: rate.optional(),
  /** Scenarios passing every repeat. */
  pass_hat_k: rate.optional(),
  /** Must be 1: every emergency handled as one. */
  emergency_recall: z.literal(1).optional(),
  /** Pass rate per category (only categories that ran are gated). */
  categories: z.record(z.string(), rate).default({}),
  max_median_turns_to_ticket: z.number().positive().optional(),
  max_p95_turn_latency_ms: z.number().positive().optional(),
  max_cost_per_ticket_usd: z.number().positive().optional(),
});
export const thresholdsSchema = z.partialRecord(z.enum(['fallback', 'openai']), modelThresholdsSchema);
export type ModelThresholds = z.output<typeof modelThresholdsSchema>;
export type ThresholdsFile = z.output<typeof thresholdsSchema>;

export function loadThresholds(file: string): ThresholdsFile {
  const parsed = thresholdsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export interface GateResult {
  passed: boolean;
  failures: string[];
  /** What was compared, for the report: metric, actual, threshold, ok. */
  rows: { metric: string; actual: number | null; threshold: string; ok: boolean }[];
}

/** Compares a run's aggregates with the thresholds; `partial` (a --filter run) skips whole-suite gates. */
export function gate(
  summary: Summary,
  categories: Record<string, RateStats>,
  t: ModelThresholds | undefined,
  options: { partial?: boolean } = {},
): GateResult {
  const rows: GateResult['rows'] = [];
  const atLeast = (metric: string, actual: number | null, min: number | undefined) => {
    if (min === undefined || actual === null) return;
    rows.push({ metric, actual, threshold: `≥ ${min}`, ok: actual >= min - 1e-9 });
  };
  const atMost = (metric: string, actual: number | null, max: number | undefined) => {
    if (max === undefined || actual === null) return;
    rows.push({ metric, actual, threshold: `≤ ${max}`, ok: actual <= max + 1e-9 });
  };
  if (t) {
    if (!options.partial) {
      atLeast('pass_rate', summary.passRate, t.pass_rate);
      atLeast('pass_hat_k', summary.passHatK, t.pass_hat_k);
    }
    atLeast('emergency_recall', summary.emergency?.recall ?? null, t.emergency_recall);
    for (const [category, min] of Object.entries(t.categories)) {
      atLeast(`category ${category}`, categories[category]?.passRate ?? null, min);
    }
    atMost('median_turns_to_ticket', summary.medianTurnsToTicket, t.max_median_turns_to_ticket);
    atMost('p95_turn_latency_ms', summary.p95TurnLatencyMs, t.max_p95_turn_latency_ms);
    atMost('cost_per_ticket_usd', summary.costPerTicketUsd, t.max_cost_per_ticket_usd);
  }
  const failures = rows
    .filter((r) => !r.ok)
    .map((r) => `${r.metric} = ${format(r.actual)} (needs ${r.threshold})`);
  return { passed: failures.length === 0, failures, rows };
}

function format(value: number | null): string {
  if (value === null) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}
