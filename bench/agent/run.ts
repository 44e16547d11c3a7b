// bench/agent: what a resident waits for when the model provider fails, beside the deterministic
// model as the baseline. The eval suite's resident scenarios (evals/) run three times through the
// real engine: with the deterministic model; with the OpenAI adapter against a local endpoint that
// answers 503 at once (provider down: retries, then the circuit opens); and against one that never
// answers (provider hanging: every model call waits MODEL_TIMEOUT_MS). The two failing modes are
// answered by the deterministic fallback, so their pass rates should match the baseline's; the
// difference in latency is the price of the failure.
//   npm run bench:agent [-- --timeout-ms 2000 --filter emergency,intake]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    'timeout-ms': { type: 'string', default: '2000' },
    filter: { type: 'string', default: '' },
  },
});

interface Summary {
  passRate: number;
  medianTurnsToTicket: number | null;
  p50TurnLatencyMs: number;
  p95TurnLatencyMs: number;
  fallbackTurns: number;
  runs: number;
}

/** A stand-in for the provider: 503 at once, or a request that is never answered. */
async function fakeProvider(mode: 'down' | 'hang'): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    if (mode === 'down')
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"down"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function evals(
  label: string,
  model: 'fallback' | 'openai',
  env: Record<string, string>,
): Promise<Summary> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `fixline-bench-agent-${label}-`));
  const argv = ['evals/run.ts', '--model', model, '--resident', 'scripted', '--out', out, '--quiet'];
  if (args.filter) argv.push('--filter', args.filter);
  // The thresholds gate is not this bench's concern: a failing gate still writes the report.
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  const report = fs.readdirSync(out).find((f) => f.endsWith('.json'));
  if (!report) throw new Error(`${label}: the eval run wrote no report`);
  const summary = (JSON.parse(fs.readFileSync(path.join(out, report), 'utf8')) as { summary: Summary })
    .summary;
  fs.rmSync(out, { recursive: true, force: true });
  return summary;
}

const timeoutMs = args['timeout-ms'];
const rows: [string, Summary][] = [];
rows.push(['deterministic model (baseline)', await evals('baseline', 'fallback', {})]);
for (const mode of ['down', 'hang'] as const) {
  const provider = await fakeProvider(mode);
  try {
    const env = {
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: provider.url,
      MODEL_TIMEOUT_MS: timeoutMs,
      MODEL_MAX_RETRIES: '2',
    };
    const label =
      mode === 'down'
        ? 'provider down (503), fallback'
        : `provider hanging (timeout ${timeoutMs} ms), fallback`;
    rows.push([label, await evals(mode, 'openai', env)]);
  } finally {
    await provider.close();
  }
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
console.log(
  `\nbench/agent — ${os.availableParallelism()} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}\n`,
);
console.log(
  '| mode | runs | pass rate | median turns to ticket | turn latency p50 / p95 | turns answered by the fallback |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [label, s] of rows) {
  console.log(
    `| ${label} | ${s.runs} | ${pct(s.passRate)} | ${s.medianTurnsToTicket ?? '–'} | ${s.p50TurnLatencyMs} / ${s.p95TurnLatencyMs} ms | ${s.fallbackTurns} |`,
  );
}
