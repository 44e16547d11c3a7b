// The relay and workers roles in their own process (`node main.ts --roles relay,workers`) on the
// bench database, as production splits them: the webhook's process then only answers webhooks,
// while the events it writes are still relayed and consumed against the same database. SMS go to
// the local transport here (no Twilio credentials), so nothing can leave the machine.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface WorkersProcess {
  stop(): Promise<void>;
}

export async function startWorkersProcess(databaseUrl: string, logLevel: string): Promise<WorkersProcess> {
  const { KAFKA_BROKERS: _k, TWILIO_ACCOUNT_SID: _s, TWILIO_AUTH_TOKEN: _t, ...inherited } = process.env;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', 'main.ts', '--roles', 'relay,workers'],
    {
      cwd: ROOT,
      env: { ...inherited, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('Fixline started')) resolve();
      else if (logLevel !== 'silent' && /"level":(40|50|60)/.test(line)) console.error(`[workers] ${line}`);
    });
    void exited.then((code) => reject(new Error(`the workers process exited (${code}) before starting`)));
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
