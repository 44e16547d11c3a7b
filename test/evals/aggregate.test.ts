// Aggregates, the threshold gate and the report: pure functions over hand-made runs.
import { describe, expect, it } from 'vitest';
import {
  byCategory,
  gate,
  median,
  percentile,
  summarize,
  type ModelThresholds,
} from '../../evals/aggregate.ts';
import { costOf } from '../../evals/pricing.ts';
import { buildReport, diffReports, renderMarkdown, type ReportMeta } from '../../evals/report.ts';
import type { ScenarioRun } from '../../evals/runner.ts';

const run = (over: Partial<ScenarioRun> = {}): ScenarioRun => ({
  id: 'a',
  category: 'intake_plumbing',
  repeat: 0,
  pass: true,
  checks: [{ name: 'tickets', pass: true }],
  turns: 2,
  turnsToTicket: 2,
  stoppedEarly: false,
  emergency: null,
  latenciesMs: [10, 20],
  inputTokens: 0,
  outputTokens: 0,
  costUsd: null,
  models: ['fixline-intake-v1'],
  ticketsCreated: 1,
  fallbacks: 0,
  transcript: [{ from: 'resident', text: 'sink leaks' }],
  ...over,
});

const runs: ScenarioRun[] = [
  run({ id: 'a' }),
  run({
    id: 'b',
    pass: false,
    checks: [{ name: 'tickets', pass: false, detail: 'got none' }],
    turnsToTicket: null,
    ticketsCreated: 0,
  }),
  run({
    id: 'gas',
    category: 'emergency',
    turns: 1,
    turnsToTicket: 1,
    latenciesMs: [300],
    emergency: { detected: true },
  }),
  run({ id: 'v', category: 'vendor_reply', turnsToTicket: null, latenciesMs: [5000], ticketsCreated: 0 }),
];

const meta: ReportMeta = {
  command: 'npm run evals -- --model fallback',
  model: 'fallback',
  modelNames: ['fixline-intake-v1'],
  resident: 'scripted',
  repeat: 1,
  filter: null,
  datasets: [{ file: 'evals/datasets/resident-v1.jsonl', sha256: 'ab'.repeat(32), scenarios: 4 }],
  database: 'embedded PGlite (temporary)',
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:01:00.000Z',
};

describe('aggregates', () => {
  it('percentiles and medians', () => {
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
    expect(percentile([], 95)).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it('summarises pass rates, emergency recall, turns to ticket, agent latency apart from vendor replies', () => {
    const s = summarize(runs, 1);
    expect(s).toMatchObject({ scenarios: 4, runs: 4, passedRuns: 3, passRate: 0.75, passHatK: 0.75 });
    expect(s.emergency).toEqual({ scenarios: 1, runs: 1, detectedRuns: 1, recall: 1 });
    expect(s.medianTurnsToTicket).toBe(1.5);
    expect(s.p95TurnLatencyMs).toBe(300);
    expect(s.p95VendorLatencyMs).toBe(5000);
    expect(s.costUsd).toBeNull();
    expect(byCategory(runs).intake_plumbing).toMatchObject({ scenarios: 2, passRate: 0.5 });
  });

  it('pass^k counts a scenario only when every repeat passed', () => {
    const repeated = [
      run({ id: 'x', repeat: 0 }),
      run({ id: 'x', repeat: 1, pass: false }),
      run({ id: 'y' }),
      run({ id: 'y', repeat: 1 }),
    ];
    expect(summarize(repeated, 2)).toMatchObject({ passRate: 0.75, passHatK: 0.5 });
  });

  it('costs tokens at the listed price of the longest matching model name, none for unknown models', () => {
    expect(costOf('gpt-4.1-mini-2025-04-14', 1_000_000, 1_000_000)).toBeCloseTo(2.0);
    expect(costOf('gpt-4.1', 1_000_000, 0)).toBeCloseTo(2.0);
    expect(costOf('fixline-intake-v1', 0, 0)).toBeNull();
    expect(costOf('some-local-model', 10, 10)).toBeNull();
    const paid = summarize(
      [run({ costUsd: 0.002, ticketsCreated: 2 }), run({ id: 'z', costUsd: 0.001, ticketsCreated: 1 })],
      1,
    );
    expect(paid.costPerTicketUsd).toBeCloseTo(0.001);
    // The model reading vendor replies costs money too, but it opens no ticket.
    const withVendor = summarize(
      [
        run({ costUsd: 0.002, ticketsCreated: 2 }),
        run({ id: 'v', category: 'vendor_reply', costUsd: 0.004, ticketsCreated: 0 }),
      ],
      1,
    );
    expect(withVendor.costUsd).toBeCloseTo(0.006);
    expect(withVendor.costPerTicketUsd).toBeCloseTo(0.001);
  });
});

describe('the gate', () => {
  const thresholds: ModelThresholds = {
    pass_rate: 0.7,
    emergency_recall: 1,
    categories: { emergency: 1, intake_plumbing: 0.6, cancel: 1 },
    max_p95_turn_latency_ms: 1000,
  };

  it('passes when every threshold is met, and ignores categories that did not run', () => {
    const result = gate(summarize(runs, 1), byCategory(runs), {
      ...thresholds,
      categories: { emergency: 1, cancel: 1 },
    });
    expect(result).toMatchObject({ passed: true, failures: [] });
  });

  it('fails below a threshold, naming each metric', () => {
    const result = gate(summarize(runs, 1), byCategory(runs), thresholds);
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual(['category intake_plumbing = 0.500 (needs ≥ 0.6)']);
  });

  it('emergency recall below 100% fails; a partial (--filter) run is not held to the overall pass rate', () => {
    const missed = [
      ...runs,
      run({ id: 'co', category: 'emergency', pass: false, emergency: { detected: false } }),
    ];
    const result = gate(summarize(missed, 1), byCategory(missed), {
      emergency_recall: 1,
      pass_rate: 0.99,
      categories: {},
    });
    expect(result.failures).toEqual([
      'pass_rate = 0.600 (needs ≥ 0.99)',
      'emergency_recall = 0.500 (needs ≥ 1)',
    ]);
    const partial = gate(
      summarize(missed, 1),
      byCategory(missed),
      { emergency_recall: 1, pass_rate: 0.99, categories: {} },
      { partial: true },
    );
    expect(partial.failures).toEqual(['emergency_recall = 0.500 (needs ≥ 1)']);
  });

  it('no thresholds for the model: nothing to gate', () => {
    expect(gate(summarize(runs, 1), byCategory(runs), undefined).passed).toBe(true);
  });
});

describe('the report', () => {
  it('renders Markdown with the summary, categories, gate and failing scenarios', () => {
    const report = buildReport(
      meta,
      runs,
      gate(summarize(runs, 1), byCategory(runs), { categories: { emergency: 1 } }),
    );
    const md = renderMarkdown(report);
    expect(md).toContain('| pass rate (runs) | 75.0% (3/4) |');
    expect(md).toContain('| emergency recall | 100.0% (1/1) |');
    expect(md).toContain('| emergency | 1 | 100.0% (1/1) | 100.0% |');
    expect(md).toContain('- **b** (intake_plumbing, 0/1 runs passed): tickets: got none');
    expect(md).toContain('gate: **PASSED**');
  });

  it('diffs against a baseline: metric and category changes, scenarios newly failing or passing', () => {
    const before = buildReport(
      meta,
      [run({ id: 'a', pass: false }), run({ id: 'b' }), run({ id: 'old' })],
      gate(summarize([], 1), {}, undefined),
    );
    const after = buildReport(meta, runs, gate(summarize(runs, 1), byCategory(runs), undefined));
    const diff = diffReports(after, before, 'baseline.json');
    expect(diff).toMatchObject({
      newlyFailing: ['b'],
      newlyPassing: ['a'],
      added: ['gas', 'v'],
      removed: ['old'],
    });
    expect(diff.metrics.find((m) => m.metric === 'pass_rate')).toEqual({
      metric: 'pass_rate',
      before: 2 / 3,
      after: 0.75,
    });
    const md = renderMarkdown(after, diff);
    expect(md).toContain('## Compared with baseline.json');
    expect(md).toContain('- newly failing: b');
    expect(md).toContain('| pass_rate | 66.7% | 75.0% | +8.3 pt |');
  });

  it('a filtered run is compared with the same scenarios of the baseline', () => {
    const before = buildReport(
      meta,
      [run({ id: 'a' }), run({ id: 'b', pass: false }), run({ id: 'c', pass: false })],
      gate(summarize([], 1), {}, undefined),
    );
    const filtered = buildReport(
      { ...meta, filter: 'a' },
      [run({ id: 'a' })],
      gate(summarize([], 1), {}, undefined),
    );
    const diff = diffReports(filtered, before, 'full.json');
    expect(diff.metrics.find((m) => m.metric === 'pass_rate')).toMatchObject({ before: 1, after: 1 });
    expect(diff.removed).toEqual([]);
  });
});
