// The property world the booking benchmark runs against: a few tenants of its own, each with
// buildings (one landlord each), units with one resident each, and for every trade a few vendors of
// equal priority answering any hour (so round-robin spreads the offers). Spreading tickets over
// tenants, trades, residents and landlords keeps the per-(tenant, trade) rotation row and the
// per-phone conversation rows from turning into one hot row: the benchmark measures the engine's
// path, not one lock. Options say how much to spread; --tenants 1 --trades 1 measures the hot row.
import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { TRADES, type Trade } from '../../services/ticket-service.ts';

const ALWAYS = [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }];

export interface WorldOptions {
  tenants: number;
  buildingsPerTenant: number;
  residentsPerBuilding: number;
  trades: number;
  vendorsPerTrade: number;
}

export interface Resident {
  buildingId: string;
  unitId: string;
  phone: string;
}

export interface BenchTenant {
  id: string;
  residents: Resident[];
  trades: Trade[];
}

export interface World {
  tenants: BenchTenant[];
  vendorCount: number;
}

/** What one ticket of the load is about: who reports it, where, and which trade. */
export interface TicketSpec {
  tenantId: string;
  resident: Resident;
  trade: Trade;
}

let phoneCounter = 0;
/** E.164-shaped numbers in the 555 range, unique within the run. */
const nextPhone = (area: string) => `+1${area}${String(++phoneCounter).padStart(7, '0')}`;

export async function createWorld(prisma: PrismaClient, options: WorldOptions): Promise<World> {
  const run = crypto.randomBytes(3).toString('hex');
  const trades = TRADES.slice(0, Math.max(1, Math.min(options.trades, TRADES.length)));
  const tenants: BenchTenant[] = [];
  let vendorCount = 0;
  for (let t = 0; t < options.tenants; t++) {
    const tenantId = `t_bb_${run}_${t}`;
    await prisma.tenant.create({
      data: { id: tenantId, name: `Bench ${run} ${t}`, smsNumber: nextPhone('555') },
    });
    const residents: Resident[] = [];
    for (let b = 0; b < options.buildingsPerTenant; b++) {
      const buildingId = `${tenantId}_b${b}`;
      await prisma.building.create({
        data: {
          id: buildingId,
          tenantId,
          name: `Building ${b}`,
          addressLine1: `${10 + b} Main St`,
          city: 'Springfield',
          region: 'IL',
          postalCode: '62701',
          timezone: 'America/Chicago',
        },
      });
      await prisma.contact.create({
        data: {
          id: `${buildingId}_c`,
          tenantId,
          buildingId,
          name: `Landlord ${b}`,
          role: 'landlord',
          phone: nextPhone('333'),
          onCall: true,
        },
      });
      for (let u = 0; u < options.residentsPerBuilding; u++) {
        const unitId = `${buildingId}_u${u}`;
        const phone = nextPhone('444');
        await prisma.unit.create({ data: { id: unitId, tenantId, buildingId, label: `${100 + u}` } });
        await prisma.resident.create({
          data: { id: `${unitId}_r`, tenantId, unitId, name: `Resident ${u}`, phone },
        });
        residents.push({ buildingId, unitId, phone });
      }
    }
    await prisma.vendor.createMany({
      data: trades.flatMap((trade) =>
        Array.from({ length: options.vendorsPerTrade }, (_, v) => ({
          id: `${tenantId}_${trade}_v${v}`,
          tenantId,
          name: `${trade} vendor ${v}`,
          phone: nextPhone('222'),
          trades: [trade],
          priority: 10,
          hours: ALWAYS,
          timezone: 'America/Chicago',
        })),
      ),
    });
    vendorCount += trades.length * options.vendorsPerTrade;
    tenants.push({ id: tenantId, residents, trades: [...trades] });
  }
  return { tenants, vendorCount };
}

/** The i-th ticket of a phase: tenants alternate, then trades, then residents. */
export function ticketSpec(world: World, i: number): TicketSpec {
  const tenant = world.tenants[i % world.tenants.length]!;
  const round = Math.floor(i / world.tenants.length);
  return {
    tenantId: tenant.id,
    trade: tenant.trades[round % tenant.trades.length]!,
    resident: tenant.residents[round % tenant.residents.length]!,
  };
}
