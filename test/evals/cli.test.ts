// The eval CLI: flags checked before any work (exit 2), and one real run in a child process that
// falls below its thresholds and exits 1, having written its reports.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { prepareEvals, UsageError } from '../../evals/evaluate.ts';
import { main, parseCli } from '../../evals/run.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('eval CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-evals-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses flags, with scripted residents for the deterministic model and LLM residents for OpenAI', () => {
    expect(parseCli([])).toMatchObject({ model: 'fallback', resident: 'scripted', repeat: 1 });
    expect(parseCli(['--model', 'openai', '--repeat', '3', '--filter', 'emergency'])).toMatchObject({
      model: 'openai',
      resident: 'llm',
      repeat: 3,
      filter: 'emergency',
    });
    expect(parseCli(['--model', 'openai', '--resident', 'scripted']).resident).toBe('scripted');
  });

  it('refuses bad flags with a message naming them', () => {
    expect(() => parseCli(['--model', 'gpt'])).toThrow(/--model must be fallback or openai, not "gpt"/);
    expect(() => parseCli(['--repeat', '0'])).toThrow(/--repeat must be a whole number/);
    expect(() => parseCli(['--resident', 'robot'])).toThrow(UsageError);
    expect(() => parseCli(['--frobnicate'])).toThrow(/Unknown option '--frobnicate'/);
    expect(() => parseCli(['stray'])).toThrow(UsageError);
  });

  it('exits 2 on bad flags, a bad dataset or a model that is not configured, before opening a database', async () => {
    expect(await main(['--model', 'gpt'])).toBe(2);
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, '{"id": "x", "category": "emergency"}\n');
    expect(await main(['--dataset', bad])).toBe(2);
    expect(await main(['--filter', 'no-such-scenario-anywhere'])).toBe(2);
    const noKey = loadConfig({ NODE_ENV: 'test' });
    expect(() => prepareEvals({ model: 'openai', resident: 'scripted', repeat: 1 }, noKey)).toThrow(
      /need OPENAI_API_KEY/,
    );
    expect(() =>
      prepareEvals({ model: 'fallback', resident: 'scripted', repeat: 1, langfuse: true }, noKey),
    ).toThrow(/--langfuse needs LANGFUSE_PUBLIC_KEY/);
  });

  it('a run below its thresholds exits 1 and still writes its reports', async () => {
    const thresholds = path.join(dir, 'thresholds.json');
    fs.writeFileSync(
      thresholds,
      JSON.stringify({ fallback: { max_p95_turn_latency_ms: 0.001, categories: {} } }),
    );
    const out = path.join(dir, 'reports');
    const child = spawn(
      process.execPath,
      ['evals/run.ts', '--filter', 'emer-gas-smell', '--thresholds', thresholds, '--out', out, '--quiet'],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(1);
    expect(output).toMatch(/thresholds: NOT met — p95_turn_latency_ms = \d+ \(needs ≤ 0\.001\)/);
    const files = fs.readdirSync(out);
    expect(files.filter((f) => f.endsWith('-fallback.json'))).toHaveLength(1);
    const md = fs.readFileSync(
      path.join(
        out,
        files.find((f) => f.endsWith('.md'))!,
      ),
      'utf8',
    );
    expect(md).toContain('gate: **FAILED**');
    expect(md).toContain('| emergency recall | 100.0% (1/1) |');
  }, 60_000);
});
