// A tickets API on a fresh database with the demo tenant and a second tenant, for API tests.
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App, type AppDeps } from '../../api/app.ts';
import { generateApiKey, hashApiKey } from '../../domain/api-key.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from './database.ts';
import { testLogger } from './logger.ts';

export const DEMO_KEY = 'fxk_tickets_api_test_key_0001';
export const SEED_BODY = { tenant_id: 't_demo', building_id: 'b_hq', message: 'Elevator stuck on 3rd floor' };

export interface TicketApi {
  db: TestDatabase;
  app: App;
  /** API key of tenant t_other, which owns building b_other. */
  otherKey: string;
}

/**
 * Registers beforeAll/afterAll hooks; the returned object is filled once they ran. `extra` adds
 * app dependencies (metrics, auth options).
 */
export function useTicketApi(extra: Partial<AppDeps> = {}): TicketApi {
  const ctx = {} as TicketApi;
  beforeAll(async () => {
    ctx.db = await createTestDatabase(primaryBackend());
    await seedDemo(ctx.db.prisma, DEMO_KEY);
    ctx.otherKey = generateApiKey();
    await ctx.db.prisma.tenant.create({ data: { id: 't_other', name: 'Other PM' } });
    await ctx.db.prisma.building.create({
      data: {
        id: 'b_other',
        tenantId: 't_other',
        name: 'Other',
        addressLine1: '1 Side St',
        city: 'X',
        region: 'NY',
        postalCode: '10001',
      },
    });
    await ctx.db.prisma.apiKey.create({
      data: {
        id: 'key_other',
        tenantId: 't_other',
        name: 'other',
        prefix: 'x',
        hash: hashApiKey(ctx.otherKey),
      },
    });
    ctx.app = await buildApp({
      db: ctx.db,
      bus: new InProcessEventBus({ logger: testLogger }),
      logger: testLogger,
      readiness: { ready: true },
      ...extra,
    });
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.db?.drop();
  });
  return ctx;
}

export const auth = (key = DEMO_KEY) => ({ authorization: `Bearer ${key}` });

export async function rowCounts(db: TestDatabase) {
  const q = async (table: string) =>
    (await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  return {
    tickets: await q('tickets'),
    messages: await q('messages'),
    outbox: await q('outbox_events'),
    audit: await q('audit_logs'),
  };
}
