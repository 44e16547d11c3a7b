// Idempotent demo seed: every row is upserted by id, so running it again changes nothing.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from '../domain/api-key.ts';
import {
  DEMO_BUILDINGS,
  DEMO_CONTACTS,
  DEMO_RESIDENTS,
  DEMO_TENANT,
  DEMO_UNITS,
  DEMO_VENDORS,
} from './demo-data.ts';

export const DEMO_API_KEY_ID = 'key_demo';

export interface SeedResult {
  /** Set only when this run created a new random key: print it, it is never shown again. */
  generatedApiKey?: string;
}

/** One transaction: a crash mid-seed leaves nothing half-made. */
export async function seedDemo(prisma: PrismaClient, demoApiKey?: string): Promise<SeedResult> {
  return prisma.$transaction((tx) => seedRows(tx as unknown as PrismaClient, demoApiKey), {
    timeout: 30_000,
  });
}

async function seedRows(prisma: PrismaClient, demoApiKey?: string): Promise<SeedResult> {
  const { id: tenantId, ...tenant } = DEMO_TENANT;
  await prisma.tenant.upsert({ where: { id: tenantId }, create: DEMO_TENANT, update: tenant });
  for (const b of DEMO_BUILDINGS) await prisma.building.upsert({ where: { id: b.id }, create: b, update: b });
  for (const u of DEMO_UNITS) await prisma.unit.upsert({ where: { id: u.id }, create: u, update: u });
  for (const r of DEMO_RESIDENTS) await prisma.resident.upsert({ where: { id: r.id }, create: r, update: r });
  for (const v of DEMO_VENDORS) await prisma.vendor.upsert({ where: { id: v.id }, create: v, update: v });
  for (const c of DEMO_CONTACTS) await prisma.contact.upsert({ where: { id: c.id }, create: c, update: c });
  return seedApiKey(prisma, demoApiKey);
}

async function seedApiKey(prisma: PrismaClient, demoApiKey?: string): Promise<SeedResult> {
  const existing = await prisma.apiKey.findUnique({ where: { id: DEMO_API_KEY_ID } });
  if (!demoApiKey && existing) return {};
  const key = demoApiKey ?? generateApiKey();
  const row = {
    tenantId: 't_demo',
    name: 'Demo key',
    prefix: apiKeyDisplayPrefix(key),
    hash: hashApiKey(key),
  };
  await prisma.apiKey.upsert({
    where: { id: DEMO_API_KEY_ID },
    create: { id: DEMO_API_KEY_ID, ...row },
    update: { ...row, revokedAt: null },
  });
  return demoApiKey ? {} : { generatedApiKey: key };
}
