// Runs `node main.ts` as a child process, the way `npm start` does, and reads its JSON log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServiceProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  stderr: string[];
  /** Resolves with the API's base URL once the start-up line is logged. */
  started: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnService(env: Record<string, string>, args: string[] = []): ServiceProcess {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.KAFKA_BROKERS;
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', 'main.ts', ...args], {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let onStarted!: (url: string) => void;
  let onFailed!: (err: Error) => void;
  const started = new Promise<string>((resolve, reject) => {
    onStarted = resolve;
    onFailed = reject;
  });
  // Tests that expect a failed start await `exited` instead; keep the rejection from going unhandled.
  started.catch(() => {});
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      const roles = entry.roles as string[] | undefined;
      const api = roles?.find((r) => r.startsWith('api '));
      if (String(entry.msg).startsWith('Fixline started')) onStarted(api ? api.slice(4) : '');
    } catch {
      logs.push({ raw: line });
    }
  });
  readline.createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      onFailed(new Error(`service exited (${code ?? signal}) before starting: ${stderr.join('\n')}`));
      resolve({ code, signal });
    }),
  );
  return { child, logs, stderr, started, exited };
}
