// The service as an operator runs it: `node main.ts` from an empty data folder, health checks,
// clean shutdown on SIGTERM, and a fast, named failure on bad configuration.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../support/service-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { waitUntil } from '../support/deferred.ts';
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

  it("publishes the seeds' ticket as ticket.created on the broker, seen by an independent consumer", async () => {
    const key = 'fxk_e2e_demo_key_000000001';
    const prefix = `e2e_${Date.now()}.`;
    const service = spawnService({
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testEnv.kafkaBrokers!.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      DEMO_API_KEY: key,
    });
    running.push(service);
    const baseUrl = await service.started;
    // Production mode does not seed on its own; the operator runs `npm run db:seed`.
    const { seedDemo } = await import('../../prisma/seed.ts');
    await seedDemo(db.prisma, key);

    const res = await fetch(`${baseUrl}/tickets`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
        'x-correlation-id': 'e2e-corr-1',
      },
      body: JSON.stringify({
        tenant_id: 't_demo',
        building_id: 'b_hq',
        message: 'Elevator stuck on 3rd floor',
      }),
    });
    expect(res.status).toBe(201);
    const ticket = (await res.json()) as { id: string };
    // The relay publishes within milliseconds; the topic exists once the row is marked published.
    await waitUntil(
      async () =>
        (await db.prisma.outboxEvent.findFirst({ where: { aggregateId: ticket.id } }))?.status ===
        'published',
    );

    const kafka = new Kafka({
      clientId: 'e2e-reader',
      brokers: testEnv.kafkaBrokers!,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `e2e-reader-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}ticket.created`, fromBeginning: true });
    const message = await new Promise<{
      key: string;
      value: Record<string, unknown>;
      headers: Record<string, string>;
    }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ticket.created within 20 s')), 20_000);
      void consumer.run({
        eachMessage: async ({ message: m }) => {
          clearTimeout(timer);
          const headers = Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]));
          resolve({ key: String(m.key), value: JSON.parse(String(m.value)), headers });
        },
      });
    });
    await consumer.disconnect();
    expect(message.key).toBe(ticket.id);
    expect(message.value).toMatchObject({
      type: 'ticket.created',
      tenant_id: 't_demo',
      aggregate_id: ticket.id,
      correlation_id: 'e2e-corr-1',
      payload: { description: 'Elevator stuck on 3rd floor', building_id: 'b_hq' },
    });
    expect(message.headers).toMatchObject({
      'correlation-id': 'e2e-corr-1',
      'content-type': 'application/json',
    });
    expect((await stopAndTime(service)).code).toBe(0);
  });
});
