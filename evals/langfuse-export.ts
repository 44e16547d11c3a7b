// Optional export of an eval run to Langfuse datasets (`--langfuse`, with LANGFUSE_PUBLIC_KEY and
// LANGFUSE_SECRET_KEY): one Langfuse dataset per eval dataset file, one item per scenario (input:
// facts, goal and turns; expected output: the expectations), and one dataset run per eval run in
// which every scenario run is a trace (its transcript) carrying the checks as scores. Plain HTTP on
// the Langfuse public API (basic auth), so no SDK is needed.
import crypto from 'node:crypto';
import type { Report } from './report.ts';

export interface LangfuseTarget {
  publicKey: string;
  secretKey: string;
  baseUrl: string;
}

export interface ExportItem {
  id: string;
  /** The dataset file's name without extension, e.g. resident-v1. */
  dataset: string;
  input: unknown;
  expected: unknown;
}

export interface ExportResult {
  datasets: string[];
  items: number;
  run: string;
  traces: number;
}

const INGESTION_BATCH = 50;

export async function exportToLangfuse(
  target: LangfuseTarget,
  report: Report,
  items: ExportItem[],
  fetchImpl: typeof fetch = fetch,
): Promise<ExportResult> {
  const auth = `Basic ${Buffer.from(`${target.publicKey}:${target.secretKey}`).toString('base64')}`;
  const post = async (path: string, body: unknown) => {
    const res = await fetchImpl(`${target.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Langfuse ${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  const datasetName = (file: string) => `fixline-${file}`;
  const itemId = (item: ExportItem) => `${datasetName(item.dataset)}-${item.id}`;
  const byId = new Map(items.map((i) => [i.id, i]));
  const datasets = [...new Set(items.map((i) => datasetName(i.dataset)))];
  for (const name of datasets) {
    await post('/api/public/v2/datasets', {
      name,
      description: 'Fixline prompt eval scenarios (evals/datasets).',
      metadata: { source: 'fixline evals' },
    });
  }
  for (const item of items) {
    await post('/api/public/dataset-items', {
      datasetName: datasetName(item.dataset),
      id: itemId(item),
      input: item.input,
      expectedOutput: item.expected,
      metadata: { scenario: item.id },
    });
  }

  const runName = `${report.meta.model}${report.meta.modelNames.length ? ` ${report.meta.modelNames.join('+')}` : ''} ${report.meta.startedAt}`;
  const now = new Date().toISOString();
  const events: unknown[] = [];
  const links: { traceId: string; item: ExportItem }[] = [];
  for (const run of report.runs) {
    const item = byId.get(run.id);
    if (!item) continue;
    const traceId = crypto.randomUUID();
    links.push({ traceId, item });
    events.push({
      id: crypto.randomUUID(),
      type: 'trace-create',
      timestamp: now,
      body: {
        id: traceId,
        timestamp: now,
        name: `eval ${run.id}`,
        input: run.transcript.filter((t) => t.from !== 'line'),
        output: run.transcript,
        metadata: { category: run.category, repeat: run.repeat, turns: run.turns, models: run.models },
        tags: ['fixline-evals', run.category],
      },
    });
    const scores: [string, number][] = [
      ['pass', run.pass ? 1 : 0],
      ...run.checks.map((c): [string, number] => [c.name, c.pass ? 1 : 0]),
      ['turns', run.turns],
    ];
    if (run.latenciesMs.length) scores.push(['max_turn_latency_ms', Math.max(...run.latenciesMs)]);
    if (run.costUsd !== null) scores.push(['cost_usd', run.costUsd]);
    for (const [name, value] of scores) {
      events.push({
        id: crypto.randomUUID(),
        type: 'score-create',
        timestamp: now,
        body: { id: crypto.randomUUID(), traceId, name, value, dataType: 'NUMERIC' },
      });
    }
  }
  for (let i = 0; i < events.length; i += INGESTION_BATCH) {
    const answer = await post('/api/public/ingestion', { batch: events.slice(i, i + INGESTION_BATCH) });
    const errors = Array.isArray(answer.errors) ? answer.errors : [];
    if (errors.length)
      throw new Error(
        `Langfuse rejected ${errors.length} event(s): ${JSON.stringify(errors[0]).slice(0, 200)}`,
      );
  }
  for (const { traceId, item } of links) {
    await post('/api/public/dataset-run-items', {
      runName,
      runDescription: report.meta.command,
      metadata: { model: report.meta.model, resident: report.meta.resident, repeat: report.meta.repeat },
      datasetItemId: itemId(item),
      traceId,
    });
  }
  return { datasets, items: items.length, run: runName, traces: links.length };
}
