// The eval report: JSON (everything, including each run's transcript and checks) and Markdown (the
// summary, per-category table, gate and failures), written to evals/reports/ (git-ignored). With a
// baseline report, both include what changed: metrics, categories, scenarios newly failing/passing.
import fs from 'node:fs';
import path from 'node:path';
import {
  byCategory,
  scenarioResults,
  summarize,
  type GateResult,
  type RateStats,
  type ScenarioResult,
  type Summary,
} from './aggregate.ts';
import type { ScenarioRun } from './runner.ts';

export const REPORT_VERSION = 1;

export interface ReportMeta {
  command: string;
  model: 'fallback' | 'openai';
  /** The model names the engine reported (e.g. fixline-intake-v1, gpt-4.1-mini). */
  modelNames: string[];
  resident: 'scripted' | 'llm';
  repeat: number;
  filter: string | null;
  datasets: { file: string; sha256: string; scenarios: number }[];
  database: string;
  startedAt: string;
  finishedAt: string;
}

export interface Report {
  version: number;
  meta: ReportMeta;
  summary: Summary;
  categories: Record<string, RateStats>;
  scenarios: ScenarioResult[];
  gate: GateResult;
  runs: ScenarioRun[];
}

export function buildReport(meta: ReportMeta, runs: ScenarioRun[], gate: GateResult): Report {
  return {
    version: REPORT_VERSION,
    meta,
    summary: summarize(runs, meta.repeat),
    categories: byCategory(runs),
    scenarios: scenarioResults(runs),
    gate,
    runs,
  };
}

export interface ReportDiff {
  baseline: string;
  metrics: { metric: string; before: number | null; after: number | null }[];
  categories: { category: string; before: number | null; after: number | null }[];
  newlyFailing: string[];
  newlyPassing: string[];
  added: string[];
  removed: string[];
}

export function diffReports(current: Report, baseline: Report, baselineName: string): ReportDiff {
  // A filtered run is compared with the same scenarios of the baseline, not with all of it.
  const ids = new Set(current.scenarios.map((x) => x.id));
  const baseRuns = current.meta.filter ? baseline.runs.filter((r) => ids.has(r.id)) : baseline.runs;
  const baseSummary = summarize(baseRuns, baseline.meta.repeat);
  const baseCategories = byCategory(baseRuns);
  const s = (summary: Summary) => ({
    pass_rate: summary.passRate,
    pass_hat_k: summary.passHatK,
    emergency_recall: summary.emergency?.recall ?? null,
    median_turns_to_ticket: summary.medianTurnsToTicket,
    p95_turn_latency_ms: summary.p95TurnLatencyMs,
    cost_per_ticket_usd: summary.costPerTicketUsd,
  });
  const before = s(baseSummary);
  const after = s(current.summary);
  const categories = [
    ...new Set([...Object.keys(baseCategories), ...Object.keys(current.categories)]),
  ].sort();
  const was = new Map(scenarioResults(baseRuns).map((x) => [x.id, x.pass]));
  const now = new Map(current.scenarios.map((x) => [x.id, x.pass]));
  return {
    baseline: baselineName,
    metrics: (Object.keys(after) as (keyof typeof after)[]).map((metric) => ({
      metric,
      before: before[metric],
      after: after[metric],
    })),
    categories: categories.map((category) => ({
      category,
      before: baseCategories[category]?.passRate ?? null,
      after: current.categories[category]?.passRate ?? null,
    })),
    newlyFailing: [...now].filter(([id, pass]) => !pass && was.get(id) === true).map(([id]) => id),
    newlyPassing: [...now].filter(([id, pass]) => pass && was.get(id) === false).map(([id]) => id),
    added: [...now.keys()].filter((id) => !was.has(id)),
    removed: [...was.keys()].filter((id) => !now.has(id)),
  };
}

/** Reads a report written earlier; a clear error when it is not one. */
export function readReport(file: string): Report {
  let parsed: Report;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  } catch (err) {
    throw new Error(`cannot read baseline report ${file}: ${(err as Error).message}`);
  }
  if (parsed?.version !== REPORT_VERSION || !parsed.summary || !Array.isArray(parsed.scenarios)) {
    throw new Error(`${file} is not an eval report (version ${REPORT_VERSION})`);
  }
  return parsed;
}

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(1)}%`;
const num = (v: number | null | undefined, unit = '') =>
  v === null || v === undefined ? 'n/a' : `${Number.isInteger(v) ? v : v.toFixed(2)}${unit}`;
const usd = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `$${v.toFixed(4)}`);
const delta = (before: number | null, after: number | null, asPct: boolean) => {
  if (before === null || after === null) return '';
  const d = after - before;
  if (Math.abs(d) < 1e-9) return '=';
  return `${d > 0 ? '+' : ''}${asPct ? `${(d * 100).toFixed(1)} pt` : d.toFixed(2)}`;
};

export function renderMarkdown(report: Report, diff?: ReportDiff): string {
  const { meta, summary: s, gate } = report;
  const lines: string[] = [];
  lines.push(
    `# Fixline eval report — ${meta.model}${meta.modelNames.length ? ` (${meta.modelNames.join(', ')})` : ''}`,
  );
  lines.push('');
  lines.push(`- command: \`${meta.command}\``);
  lines.push(
    `- resident: ${meta.resident}; repeat: ${meta.repeat}; filter: ${meta.filter ?? 'none'}; database: ${meta.database}`,
  );
  lines.push(
    `- datasets: ${meta.datasets.map((d) => `${d.file} (${d.scenarios} scenarios, sha256 ${d.sha256.slice(0, 12)})`).join(', ')}`,
  );
  lines.push(`- ran ${meta.startedAt} → ${meta.finishedAt}`);
  lines.push(
    `- gate: **${gate.passed ? 'PASSED' : 'FAILED'}**${gate.failures.length ? ` — ${gate.failures.join('; ')}` : ''}`,
  );
  lines.push('');
  lines.push('## Summary');
  lines.push('');
  lines.push('| metric | value |');
  lines.push('| --- | --- |');
  lines.push(`| pass rate (runs) | ${pct(s.passRate)} (${s.passedRuns}/${s.runs}) |`);
  lines.push(`| pass^${s.repeat} (scenarios passing every repeat) | ${pct(s.passHatK)} of ${s.scenarios} |`);
  lines.push(
    `| emergency recall | ${s.emergency ? `${pct(s.emergency.recall)} (${s.emergency.detectedRuns}/${s.emergency.runs})` : 'n/a'} |`,
  );
  lines.push(`| median turns to ticket | ${num(s.medianTurnsToTicket)} |`);
  lines.push(
    `| turn latency p50 / p95 | ${num(s.p50TurnLatencyMs, ' ms')} / ${num(s.p95TurnLatencyMs, ' ms')} |`,
  );
  lines.push(`| vendor reply latency p95 | ${num(s.p95VendorLatencyMs, ' ms')} |`);
  lines.push(`| tokens in / out | ${s.inputTokens} / ${s.outputTokens} |`);
  lines.push(
    `| estimated cost (total / per ticket) | ${usd(s.costUsd)} / ${usd(s.costPerTicketUsd)} (${s.ticketsCreated} tickets) |`,
  );
  lines.push(`| turns answered by the fallback model | ${s.fallbackTurns} |`);
  lines.push('');
  lines.push('## Per category');
  lines.push('');
  lines.push(`| category | scenarios | pass rate | pass^${s.repeat} |${diff ? ' Δ vs baseline |' : ''}`);
  lines.push(`| --- | --- | --- | --- |${diff ? ' --- |' : ''}`);
  for (const [category, c] of Object.entries(report.categories)) {
    const d = diff?.categories.find((x) => x.category === category);
    lines.push(
      `| ${category} | ${c.scenarios} | ${pct(c.passRate)} (${c.passedRuns}/${c.runs}) | ${pct(c.passHatK)} |${d ? ` ${delta(d.before, d.after, true)} |` : diff ? ' |' : ''}`,
    );
  }
  if (gate.rows.length) {
    lines.push('');
    lines.push('## Gate');
    lines.push('');
    lines.push('| metric | value | threshold | |');
    lines.push('| --- | --- | --- | --- |');
    for (const r of gate.rows)
      lines.push(`| ${r.metric} | ${num(r.actual)} | ${r.threshold} | ${r.ok ? 'ok' : '**FAIL**'} |`);
  }
  if (diff) lines.push('', ...renderDiff(diff));
  const failing = report.scenarios.filter((x) => !x.pass);
  lines.push('');
  lines.push(`## Failing scenarios (${failing.length})`);
  lines.push('');
  for (const f of failing) {
    lines.push(
      `- **${f.id}** (${f.category}, ${f.passedRuns}/${f.runs} runs passed): ${f.failures.join('; ')}`,
    );
    const run = report.runs.find((r) => r.id === f.id && !r.pass);
    for (const t of run?.transcript ?? [])
      lines.push(`  - ${t.from}: ${t.text.replace(/\s+/g, ' ').slice(0, 240)}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderDiff(diff: ReportDiff): string[] {
  const lines = [
    `## Compared with ${diff.baseline}`,
    '',
    '| metric | before | after | Δ |',
    '| --- | --- | --- | --- |',
  ];
  for (const m of diff.metrics) {
    const asPct = ['pass_rate', 'pass_hat_k', 'emergency_recall'].includes(m.metric);
    const show = (v: number | null) => (asPct ? pct(v) : num(v));
    lines.push(`| ${m.metric} | ${show(m.before)} | ${show(m.after)} | ${delta(m.before, m.after, asPct)} |`);
  }
  lines.push('');
  lines.push(`- newly failing: ${diff.newlyFailing.join(', ') || 'none'}`);
  lines.push(`- newly passing: ${diff.newlyPassing.join(', ') || 'none'}`);
  if (diff.added.length) lines.push(`- new scenarios: ${diff.added.join(', ')}`);
  if (diff.removed.length) lines.push(`- in the baseline, not run now: ${diff.removed.join(', ')}`);
  return lines;
}

/** Writes `<stamp>-<model>.json` and `.md` into `dir`; returns their paths. */
export function writeReport(
  dir: string,
  report: Report,
  diff?: ReportDiff,
): { json: string; markdown: string } {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.meta.startedAt.replace(/[:.]/g, '-');
  const base = path.join(dir, `${stamp}-${report.meta.model}`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify({ ...report, ...(diff && { diff }) }, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, renderMarkdown(report, diff));
  return { json: `${base}.json`, markdown: `${base}.md` };
}
