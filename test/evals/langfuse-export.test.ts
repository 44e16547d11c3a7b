// The optional Langfuse export over plain HTTP, answered by msw: datasets and items upserted, one
// trace per scenario run with its checks as scores, and each trace linked to the dataset run.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { byCategory, gate, summarize } from '../../evals/aggregate.ts';
import { exportToLangfuse } from '../../evals/langfuse-export.ts';
import { buildReport } from '../../evals/report.ts';
import type { ScenarioRun } from '../../evals/runner.ts';

const BASE = 'http://langfuse.test';
const received: { path: string; body: Record<string, unknown>; auth: string | null }[] = [];
let ingestionErrors: unknown[] = [];
const server = setupServer(
  http.post(`${BASE}/api/public/*`, async ({ request }) => {
    const path = new URL(request.url).pathname;
    received.push({
      path,
      body: (await request.json()) as Record<string, unknown>,
      auth: request.headers.get('authorization'),
    });
    if (path === '/api/public/ingestion')
      return HttpResponse.json({ successes: [], errors: ingestionErrors }, { status: 207 });
    return HttpResponse.json({ id: 'ok' });
  }),
);

const run = (id: string, pass: boolean): ScenarioRun => ({
  id,
  category: 'intake_plumbing',
  repeat: 0,
  pass,
  checks: [
    { name: 'tickets', pass },
    { name: 'no_leak', pass: true },
  ],
  turns: 1,
  turnsToTicket: 1,
  stoppedEarly: false,
  emergency: null,
  latenciesMs: [12],
  inputTokens: 0,
  outputTokens: 0,
  costUsd: null,
  models: ['fixline-intake-v1'],
  ticketsCreated: 1,
  fallbacks: 0,
  transcript: [
    { from: 'resident', text: 'sink leaks' },
    { from: 'line', text: 'Ticket K7Q2 is open.' },
  ],
});

describe('Langfuse datasets export', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    received.length = 0;
    ingestionErrors = [];
  });
  afterAll(() => server.close());

  const runs = [run('sink-leak', true), run('toilet', false)];
  const report = buildReport(
    {
      command: 'npm run evals -- --langfuse',
      model: 'fallback',
      modelNames: ['fixline-intake-v1'],
      resident: 'scripted',
      repeat: 1,
      filter: null,
      datasets: [],
      database: 'test',
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:01.000Z',
    },
    runs,
    gate(summarize(runs, 1), byCategory(runs), undefined),
  );
  const items = runs.map((r) => ({
    id: r.id,
    dataset: 'resident-v1',
    input: { turns: ['sink leaks'] },
    expected: { tickets: [] },
  }));
  const target = { publicKey: 'pk-lf-test', secretKey: 'sk-lf-test', baseUrl: BASE };

  it('upserts the dataset and its items, sends traces with scores, and links them to the run', async () => {
    const result = await exportToLangfuse(target, report, items);
    expect(result).toMatchObject({ datasets: ['fixline-resident-v1'], items: 2, traces: 2 });
    expect(
      received.every((r) => r.auth === `Basic ${Buffer.from('pk-lf-test:sk-lf-test').toString('base64')}`),
    ).toBe(true);

    expect(received.filter((r) => r.path === '/api/public/v2/datasets').map((r) => r.body.name)).toEqual([
      'fixline-resident-v1',
    ]);
    const itemBodies = received.filter((r) => r.path === '/api/public/dataset-items').map((r) => r.body);
    expect(itemBodies.map((b) => b.id)).toEqual([
      'fixline-resident-v1-sink-leak',
      'fixline-resident-v1-toilet',
    ]);
    expect(itemBodies[0]).toMatchObject({
      datasetName: 'fixline-resident-v1',
      input: { turns: ['sink leaks'] },
    });

    const batch = received.find((r) => r.path === '/api/public/ingestion')!.body.batch as {
      type: string;
      body: Record<string, unknown>;
    }[];
    const traces = batch.filter((e) => e.type === 'trace-create');
    expect(traces).toHaveLength(2);
    const failing = traces.find((t) => t.body.name === 'eval toilet')!;
    const scores = batch.filter((e) => e.type === 'score-create' && e.body.traceId === failing.body.id);
    expect(Object.fromEntries(scores.map((s) => [s.body.name, s.body.value]))).toMatchObject({
      pass: 0,
      tickets: 0,
      no_leak: 1,
      turns: 1,
    });

    const links = received.filter((r) => r.path === '/api/public/dataset-run-items').map((r) => r.body);
    expect(links.map((l) => l.datasetItemId)).toEqual([
      'fixline-resident-v1-sink-leak',
      'fixline-resident-v1-toilet',
    ]);
    expect(new Set(links.map((l) => l.runName)).size).toBe(1);
    expect(links.map((l) => l.traceId)).toEqual(traces.map((t) => t.body.id));
  });

  it('fails loudly when Langfuse refuses', async () => {
    ingestionErrors = [{ id: 'x', status: 400, message: 'bad score' }];
    await expect(exportToLangfuse(target, report, items)).rejects.toThrow(/rejected 1 event/);
    server.use(
      http.post(`${BASE}/api/public/v2/datasets`, () =>
        HttpResponse.json({ message: 'unauthorized' }, { status: 401 }),
      ),
    );
    await expect(exportToLangfuse(target, report, items)).rejects.toThrow(/answered 401/);
  });
});
