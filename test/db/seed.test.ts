// `npm run db:seed` must be safe to run any number of times and create the seeds' demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../domain/api-key.ts';
import { DEMO_API_KEY_ID, seedDemo } from '../../prisma/seed.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

const MAIN_TRADES = ['plumbing', 'electrical', 'hvac', 'locksmith', 'elevator', 'general'];
const ALL_TRADES = [...MAIN_TRADES, 'appliance', 'pest'];

describe.each(backends())('demo seed on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => db?.drop());

  async function counts() {
    const p = db.prisma;
    return {
      tenants: await p.tenant.count(),
      buildings: await p.building.count(),
      units: await p.unit.count(),
      residents: await p.resident.count(),
      vendors: await p.vendor.count(),
      contacts: await p.contact.count(),
      apiKeys: await p.apiKey.count(),
    };
  }

  it('creates t_demo, b_hq with an address, u_101 and neighbours, residents, vendors and a landlord', async () => {
    const first = await seedDemo(db.prisma);
    expect(first.generatedApiKey).toMatch(/^fxk_/);
    const building = await db.prisma.building.findUniqueOrThrow({ where: { id: 'b_hq' } });
    expect(building.tenantId).toBe('t_demo');
    expect(building.addressLine1).toBe('12 Main St');
    const units = await db.prisma.unit.findMany({ where: { buildingId: 'b_hq' } });
    expect(units.map((u) => u.id)).toContain('u_101');
    expect(units.length).toBeGreaterThanOrEqual(4);
    const residents = await db.prisma.resident.findMany();
    expect(residents.every((r) => /^\+1\d{10}$/.test(r.phone))).toBe(true);
    const vendors = await db.prisma.vendor.findMany({ where: { tenantId: 't_demo', active: true } });
    expect(vendors.length).toBeGreaterThanOrEqual(8);
    for (const trade of ALL_TRADES)
      expect(
        vendors.some((v) => v.trades.includes(trade)),
        trade,
      ).toBe(true);
    for (const trade of MAIN_TRADES) {
      expect(vendors.filter((v) => v.trades.includes(trade)).length, trade).toBeGreaterThanOrEqual(2);
    }
    expect(await db.prisma.contact.count({ where: { tenantId: 't_demo', onCall: true } })).toBe(1);
  });

  it('is idempotent: a second run changes no counts and keeps the existing key', async () => {
    const before = await counts();
    const keyBefore = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: DEMO_API_KEY_ID } });
    const second = await seedDemo(db.prisma);
    expect(second.generatedApiKey).toBeUndefined();
    expect(await counts()).toEqual(before);
    const keyAfter = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: DEMO_API_KEY_ID } });
    expect(keyAfter.hash).toBe(keyBefore.hash);
  });

  it('uses DEMO_API_KEY when given, storing only its hash', async () => {
    const before = await counts();
    const key = 'fxk_demo_key_for_scripts_0001';
    await seedDemo(db.prisma, key);
    await seedDemo(db.prisma, key);
    expect(await counts()).toEqual(before);
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: DEMO_API_KEY_ID } });
    expect(row.hash).toBe(hashApiKey(key));
    expect(row.hash).not.toContain(key);
  });
});
