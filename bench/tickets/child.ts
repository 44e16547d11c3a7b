// Runs one of the benchmark's helper scripts as a separate Node process and parses the single
// JSON line it prints; its stderr passes through so a failure is visible.
import { spawn } from 'node:child_process';
import path from 'node:path';

export function runChild<T>(script: string, arg: unknown): Promise<T> {
  const file = path.join(import.meta.dirname, script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, JSON.stringify(arg)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with code ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as T);
      } catch (err) {
        reject(new Error(`${script} printed no JSON result: ${(err as Error).message}`));
      }
    });
  });
}
