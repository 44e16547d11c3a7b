// `npm run evals -- [--model fallback|openai] [--filter …] [--repeat k] [...]`: runs the eval suite
// against the real agent engine on a throwaway database and gates on evals/thresholds.json.
// Exit codes: 0 thresholds met, 1 below them (or the run failed), 2 bad flags, configuration or dataset.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/env.ts';
import { createLogger } from '../observability/logger.ts';
import { DatasetError } from './dataset.ts';
import { openEvalDatabase, type EvalDatabase } from './eval-db.ts';
import { prepareEvals, runEvals, UsageError, type EvalOptions, type PreparedEvals } from './evaluate.ts';

export const USAGE = `usage: npm run evals -- [options]
  --model fallback|openai     the agent's model (default fallback: the deterministic model, no network)
  --resident scripted|llm     who plays the resident (default: llm with --model openai, else scripted)
  --filter TERMS              comma-separated categories or parts of scenario ids (e.g. emergency,cancel-)
  --repeat K                  runs per scenario, for pass^k with stochastic models (default 1)
  --dataset FILE              a dataset to run instead of evals/datasets/*.jsonl (repeatable)
  --baseline REPORT.json      compare with an earlier report
  --thresholds FILE           gates (default evals/thresholds.json)
  --out DIR                   where reports go (default evals/reports)
  --langfuse                  also export the run to Langfuse datasets (needs LANGFUSE_* keys)
  --quiet                     print only the summary`;

export function parseCli(argv: string[]): EvalOptions & { quiet: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string', default: 'fallback' },
        resident: { type: 'string' },
        filter: { type: 'string' },
        repeat: { type: 'string', default: '1' },
        dataset: { type: 'string', multiple: true },
        baseline: { type: 'string' },
        thresholds: { type: 'string' },
        out: { type: 'string' },
        langfuse: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) throw new UsageError('');
  if (values.model !== 'fallback' && values.model !== 'openai') {
    throw new UsageError(`--model must be fallback or openai, not "${values.model}"`);
  }
  const resident = values.resident ?? (values.model === 'openai' ? 'llm' : 'scripted');
  if (resident !== 'scripted' && resident !== 'llm') {
    throw new UsageError(`--resident must be scripted or llm, not "${resident}"`);
  }
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 50) {
    throw new UsageError(`--repeat must be a whole number from 1 to 50, not "${values.repeat}"`);
  }
  return {
    model: values.model,
    resident,
    repeat,
    filter: values.filter,
    datasets: values.dataset,
    baseline: values.baseline,
    thresholds: values.thresholds,
    out: values.out,
    langfuse: values.langfuse,
    quiet: values.quiet,
    command: ['npm run evals --', ...argv].join(' '),
  };
}

export async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseCli>;
  let config;
  let prepared: PreparedEvals;
  try {
    options = parseCli(argv);
    config = loadConfig();
    prepared = prepareEvals(options, config);
  } catch (err) {
    if (err instanceof UsageError && !err.message) {
      console.log(USAGE);
      return 0;
    }
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof DatasetError) {
      console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err.message);
      return 2;
    }
    throw err;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'error' : config.logLevel);
  let evalDb: EvalDatabase | null = null;
  const cleanup = async () => {
    const db = evalDb;
    evalDb = null;
    await db
      ?.close()
      .catch((err: unknown) => console.error(`could not remove the eval database: ${String(err)}`));
  };
  const interrupted = () => {
    void cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    evalDb = await openEvalDatabase(config.databaseUrl);
    const result = await runEvals(prepared, {
      config,
      db: evalDb.db,
      databaseDescription: evalDb.describe,
      logger,
      ...(!options.quiet && { print: (line: string) => console.log(line) }),
    });
    const s = result.report.summary;
    console.log('');
    for (const [category, c] of Object.entries(result.report.categories)) {
      console.log(
        `${category.padEnd(20)} ${(c.passRate * 100).toFixed(1).padStart(5)}%  (${c.passedRuns}/${c.runs})`,
      );
    }
    console.log(
      `overall ${(s.passRate * 100).toFixed(1)}% (${s.passedRuns}/${s.runs}); emergency recall ${
        s.emergency ? `${(s.emergency.recall * 100).toFixed(1)}%` : 'n/a'
      }; median turns to ticket ${s.medianTurnsToTicket ?? 'n/a'}; p95 turn latency ${
        s.p95TurnLatencyMs === null ? 'n/a' : `${s.p95TurnLatencyMs} ms`
      }`,
    );
    if (result.files) console.log(`report: ${result.files.markdown} (and .json)`);
    console.log(
      result.gate.passed ? 'thresholds: met' : `thresholds: NOT met — ${result.gate.failures.join('; ')}`,
    );
    return result.exitCode;
  } catch (err) {
    if (err instanceof UsageError || err instanceof DatasetError) {
      console.error(err.message);
      return 2;
    }
    console.error(err);
    return 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanup();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
