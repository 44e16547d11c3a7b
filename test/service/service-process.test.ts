// The service as an operator runs it: `node main.ts` from an empty data folder, health checks,
// clean shutdown on SIGTERM, and a fast, named failure on bad configuration.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../support/service-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';

const running: ServiceProcess[] = [];
afterAll(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

async function stopAndTime(service: ServiceProcess) {
  const t0 = Date.now();
  service.child.kill('SIGTERM');
  const exit = await service.exited;
  return { ...exit, elapsed: Date.now() - t0 };
}

describe('embedded default (no DATABASE_URL, no KAFKA_BROKERS)', () => {
  it('starts from an empty data folder, migrates and seeds, answers /healthz, stops on SIGTERM within 5 s', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-data-'));
    const service = spawnService({ DATA_DIR: dataDir });
    running.push(service);
    const baseUrl = await service.started;

    const startLine = service.logs.find((l) => String(l.msg).startsWith('Fixline started'))!;
    expect(startLine).toMatchObject({ events: 'in-process' });
    expect(String(startLine.database)).toContain('pglite');
    expect(service.logs.some((l) => String(l.msg).includes('seeded the demo tenant'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);

    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      checks: { database: { ok: true, detail: 'pglite' }, broker: { ok: true, detail: 'in-process' } },
    });
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    expect(health.headers.get('x-correlation-id')).toBeTruthy();

    const exit = await stopAndTime(service);
    expect(exit.code).toBe(0);
    expect(exit.elapsed).toBeLessThan(5_000);
    expect(service.logs.some((l) => l.msg === 'stopped cleanly')).toBe(true);
  });

  it('keeps its data across restarts and does not seed twice', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-data-'));
    for (const expectSeed of [true, false]) {
      const service = spawnService({ DATA_DIR: dataDir });
      running.push(service);
      await service.started;
      expect(service.logs.some((l) => String(l.msg).includes('seeded the demo tenant'))).toBe(expectSeed);
      expect((await stopAndTime(service)).code).toBe(0);
    }
  });
});

describe('configuration errors', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ KAFKA_BROKERS: 'broker-without-port' }, 'KAFKA_BROKERS'],
  ])('%o stops start-up with a message naming %s', async (env, variable) => {
    const service = spawnService(env);
    running.push(service);
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    expect(service.stderr.join('\n')).toMatch(new RegExp(`${variable}: `));
  });
});

describe.runIf(testEnv.databaseUrl && testEnv.kafkaBrokers)('production mode (Postgres + Kafka)', () => {
  let db: TestDatabase;
  afterAll(async () => db?.drop());

  it('reports both real dependencies healthy and splits roles with --roles', async () => {
    db = await createTestDatabase('postgres', { empty: true });
    const service = spawnService({ DATABASE_URL: db.url, KAFKA_BROKERS: testEnv.kafkaBrokers!.join(',') }, [
      '--roles',
      'api',
    ]);
    running.push(service);
    const baseUrl = await service.started;
    const startLine = service.logs.find((l) => String(l.msg).startsWith('Fixline started'))!;
    expect(String(startLine.database)).toMatch(/^postgres/);
    expect(String(startLine.events)).toMatch(/^kafka/);
    expect(String(startLine.msg)).toContain('roles=api');
    const body = await (await fetch(`${baseUrl}/healthz`)).json();
    expect(body).toMatchObject({ status: 'ok', checks: { database: { ok: true }, broker: { ok: true } } });
    expect((await stopAndTime(service)).code).toBe(0);
  });
});
