// One eval run, in process: load and filter the datasets, build the agent exactly as the service
// does (agent/runtime.ts) with the chosen model, play every scenario, aggregate, gate on the
// thresholds and write the report. The CLI (run.ts) and the tests call this.
import path from 'node:path';
import type { Config } from '../config/env.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createAgentRuntime } from '../agent/runtime.ts';
import { createVendorClarifier } from '../agent/vendor-clarifier.ts';
import {
  byCategory,
  gate,
  loadThresholds,
  summarize,
  type GateResult,
  type ThresholdsFile,
} from './aggregate.ts';
import {
  defaultDatasetFiles,
  filterScenarios,
  loadDatasets,
  type LoadedDataset,
  type ResidentScenario,
  type Scenario,
} from './dataset.ts';
import { exportToLangfuse } from './langfuse-export.ts';
import { buildReport, diffReports, readReport, writeReport, type Report } from './report.ts';
import { runSuite, type ScenarioRun } from './runner.ts';
import { LlmResident, ScriptedResident, type SimulatedResident } from './simulated-resident.ts';

export const EVALS_DIR = import.meta.dirname;

export interface EvalOptions {
  model: 'fallback' | 'openai';
  resident: 'scripted' | 'llm';
  repeat: number;
  filter?: string | undefined;
  datasets?: string[] | undefined;
  thresholds?: string | undefined;
  baseline?: string | undefined;
  /** Where reports go; null writes none. */
  out?: string | null | undefined;
  langfuse?: boolean | undefined;
  /** The command line, for the report. */
  command?: string | undefined;
}

export interface EvalContext {
  config: Config;
  db: Database;
  databaseDescription: string;
  logger: Logger;
  /** Progress lines (default: none). */
  print?: (line: string) => void;
}

export interface EvalResult {
  report: Report;
  gate: GateResult;
  files: { json: string; markdown: string } | null;
  /** 0: thresholds met; 1: below them. */
  exitCode: 0 | 1;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a run needs before any database: datasets, thresholds and baseline, all checked. */
export interface PreparedEvals {
  options: EvalOptions;
  datasets: LoadedDataset[];
  scenarios: Scenario[];
  thresholds: ThresholdsFile;
  baseline: Report | undefined;
}

/** Loads and checks everything a run needs; throws UsageError or DatasetError before any work starts. */
export function prepareEvals(options: EvalOptions, config: Config): PreparedEvals {
  if ((options.model === 'openai' || options.resident === 'llm') && !config.openai) {
    throw new UsageError(
      '--model openai and --resident llm need OPENAI_API_KEY (and OPENAI_BASE_URL for other endpoints)',
    );
  }
  if (options.langfuse && !config.langfuse) {
    throw new UsageError('--langfuse needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY');
  }
  const datasets = loadDatasets(options.datasets?.length ? options.datasets : defaultDatasetFiles());
  const scenarios = filterScenarios(
    datasets.flatMap((d) => d.scenarios),
    options.filter,
  );
  if (!scenarios.length) throw new UsageError(`no scenario matches --filter ${options.filter}`);
  let thresholds: ThresholdsFile;
  try {
    thresholds = loadThresholds(options.thresholds ?? path.join(EVALS_DIR, 'thresholds.json'));
  } catch (err) {
    throw new UsageError(`bad thresholds file: ${(err as Error).message}`);
  }
  let baseline: Report | undefined;
  try {
    baseline = options.baseline ? readReport(options.baseline) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return { options, datasets, scenarios, thresholds, baseline };
}

export async function runEvals(input: EvalOptions | PreparedEvals, ctx: EvalContext): Promise<EvalResult> {
  const { config } = ctx;
  const prepared = 'scenarios' in input ? input : prepareEvals(input, config);
  const { options, datasets, scenarios, thresholds, baseline } = prepared;

  const runtime = createAgentRuntime(
    { ...config, openai: options.model === 'openai' ? config.openai : undefined, langfuse: undefined },
    ctx.db,
    createMetrics({ defaultMetrics: false }),
    ctx.logger,
  );
  // As in the service (service/roles.ts): only an OpenAI model reads unclear vendor replies.
  const interpreter = createVendorClarifier({
    model: runtime.deps.model,
    timeoutMs: config.agent.modelTimeoutMs,
    logger: ctx.logger,
  });
  const openai = config.openai;
  const resident = (s: ResidentScenario): SimulatedResident =>
    options.resident === 'llm' && openai
      ? new LlmResident(
          {
            apiKey: openai.apiKey,
            baseUrl: openai.baseUrl,
            model: openai.model,
            timeoutMs: config.agent.modelTimeoutMs,
          },
          s,
        )
      : new ScriptedResident(s.turns);

  const startedAt = new Date().toISOString();
  ctx.print?.(
    `evals: ${scenarios.length} scenario(s) × ${options.repeat}, model ${options.model}, resident ${options.resident}, ${ctx.databaseDescription}`,
  );
  let runs: ScenarioRun[];
  try {
    runs = await runSuite(
      {
        prisma: ctx.db.prisma,
        agent: runtime.deps,
        booking: { ...runtime.deps.booking, interpreter },
        resident,
        residentMode: options.resident,
      },
      {
        scenarios,
        repeat: options.repeat,
        onRun: (run, done, total) => {
          const failed = run.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.detail ?? 'failed'}`);
          ctx.print?.(
            `${run.pass ? 'pass' : 'FAIL'} [${done}/${total}] ${run.id} (${run.category}) ${run.turns} turn(s)${failed.length ? ` — ${failed.join('; ')}` : ''}`,
          );
        },
      },
    );
  } finally {
    await runtime.stop();
  }

  const summary = summarize(runs, options.repeat);
  const categories = byCategory(runs);
  const result = gate(summary, categories, thresholds[options.model], { partial: Boolean(options.filter) });
  const report = buildReport(
    {
      command: options.command ?? `npm run evals -- --model ${options.model}`,
      model: options.model,
      modelNames: [...new Set(runs.flatMap((r) => r.models))],
      resident: options.resident,
      repeat: options.repeat,
      filter: options.filter ?? null,
      datasets: datasets.map((d) => ({
        file: d.file,
        sha256: d.sha256,
        scenarios: d.scenarios.filter((s) => scenarios.includes(s)).length,
      })),
      database: ctx.databaseDescription,
      startedAt,
      finishedAt: new Date().toISOString(),
    },
    runs,
    result,
  );
  const diff = baseline ? diffReports(report, baseline, path.basename(options.baseline!)) : undefined;
  const files =
    options.out === null ? null : writeReport(options.out ?? path.join(EVALS_DIR, 'reports'), report, diff);
  if (options.langfuse && config.langfuse) {
    const items = datasets.flatMap((d) =>
      d.scenarios
        .filter((s) => scenarios.includes(s))
        .map((s) => ({
          id: s.id,
          dataset: path.basename(d.file, '.jsonl'),
          input: { category: s.category, goal: s.goal, facts: s.facts, turns: s.turns },
          expected: s.expected,
        })),
    );
    const exported = await exportToLangfuse(config.langfuse, report, items);
    ctx.print?.(
      `langfuse: ${exported.items} item(s) in ${exported.datasets.join(', ')}; run "${exported.run}"`,
    );
  }
  return { report, gate: result, files, exitCode: result.passed ? 0 : 1 };
}
