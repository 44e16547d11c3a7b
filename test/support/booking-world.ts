// A small property world for booking tests: its own tenant (so rotation pointers and vendors never
// leak between tests), a building, a unit, a resident, an on-call landlord and vendors answering
// any hour. Plus the running workers: relay, booking consumer, timer scheduler and SMS sender on a
// local transport, with a simulated vendor population answering offers.
import crypto from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { subscribeBooking } from '../../booking/consumer.ts';
import { handleVendorReply } from '../../booking/vendor-replies.ts';
import type { BookingPolicy } from '../../domain/booking-policy.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { LocalSmsTransport, type RecordedSms } from '../../messaging/local-transport.ts';
import { createTicket, type NewTicket, type TicketView } from '../../services/ticket-service.ts';
import { OutboxRelay } from '../../workers/relay.ts';
import { SmsSender } from '../../workers/sms-sender.ts';
import { TimerScheduler } from '../../workers/timer-scheduler.ts';
import { testLogger } from './logger.ts';

const ALWAYS = [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }];

export interface World {
  tenantId: string;
  buildingId: string;
  unitId: string;
  residentPhone: string;
  landlordPhone: string;
  vendors: { id: string; phone: string; name: string }[];
}

let counter = 0;
const phone = (prefix: string) => `+1${prefix}${String(++counter).padStart(7, '0')}`.slice(0, 12);

export async function createWorld(
  db: Database,
  options: { trade?: string; vendors?: { priority?: number }[] } = {},
): Promise<World> {
  const suffix = crypto.randomBytes(4).toString('hex');
  const tenantId = `t_${suffix}`;
  const p = db.prisma;
  await p.tenant.create({ data: { id: tenantId, name: `Tenant ${suffix}`, smsNumber: phone('555') } });
  const buildingId = `b_${suffix}`;
  await p.building.create({
    data: {
      id: buildingId,
      tenantId,
      name: 'HQ',
      addressLine1: '12 Main St',
      city: 'X',
      region: 'IL',
      postalCode: '1',
    },
  });
  const unitId = `u_${suffix}`;
  await p.unit.create({ data: { id: unitId, tenantId, buildingId, label: '101' } });
  const residentPhone = phone('444');
  await p.resident.create({
    data: { id: `r_${suffix}`, tenantId, unitId, name: 'Alice', phone: residentPhone },
  });
  const landlordPhone = phone('333');
  await p.contact.create({
    data: { id: `c_${suffix}`, tenantId, name: 'Lena', role: 'landlord', phone: landlordPhone, onCall: true },
  });
  const vendors = [];
  for (const [i, v] of (options.vendors ?? [{}, {}]).entries()) {
    const vendor = {
      id: `v_${suffix}_${i}`,
      tenantId,
      name: `Vendor ${i}`,
      phone: phone('222'),
      trades: [options.trade ?? 'plumbing'],
      priority: v.priority ?? 10 + i,
      hours: ALWAYS,
      timezone: 'America/Chicago',
    };
    await p.vendor.create({ data: vendor });
    vendors.push({ id: vendor.id, phone: vendor.phone, name: vendor.name });
  }
  return { tenantId, buildingId, unitId, residentPhone, landlordPhone, vendors };
}

export async function newTicket(
  db: Database,
  world: World,
  extra: Partial<NewTicket> = {},
): Promise<TicketView> {
  const { ticket } = await createTicket(
    db.prisma,
    {
      tenantId: world.tenantId,
      actor: 'test',
      correlationId: `corr-${crypto.randomBytes(4).toString('hex')}`,
    },
    {
      buildingId: world.buildingId,
      unitId: world.unitId,
      residentPhone: world.residentPhone,
      description: 'Kitchen sink leaking',
      category: 'plumbing',
      severity: 'urgent',
      source: 'api',
      ...extra,
    },
  );
  return ticket;
}

/** How a simulated vendor answers an offer SMS: a reply text, or null to stay silent. */
export type VendorBehaviour = (offer: RecordedSms, code: string) => string | null;

export interface Workers {
  transport: LocalSmsTransport;
  /** Sets how the vendor with this phone answers offers (default: silence). */
  behave(vendorPhone: string, behaviour: VendorBehaviour): void;
  /** Sends an SMS from a vendor as if it arrived through the webhook. */
  vendorSays(tenantId: string, vendorPhone: string, body: string): ReturnType<typeof handleVendorReply>;
  stop(): Promise<void>;
}

export async function startWorkers(
  db: Database,
  bus: EventBus,
  policy: BookingPolicy,
  options: { listen?: boolean } = {},
): Promise<Workers> {
  const listen = options.listen ?? db.kind === 'postgres';
  const transport = new LocalSmsTransport();
  const deps = { pool: db.pool, logger: testLogger };
  const relay = new OutboxRelay({ ...deps, bus }, { pollMs: 10, listen });
  const timers = new TimerScheduler({ ...deps, prisma: db.prisma }, { pollMs: 10, listen });
  const sender = new SmsSender(
    { ...deps, transport },
    { pollMs: 10, listen, ratePerSecond: Number.POSITIVE_INFINITY },
  );
  const booking = await subscribeBooking(bus, db.prisma, { policy }, testLogger);
  const behaviours = new Map<string, VendorBehaviour>();
  const pending = new Set<Promise<unknown>>();
  const vendorSays = (tenantId: string, from: string, body: string) =>
    handleVendorReply(db.prisma, { policy }, { tenantId, from, body });
  transport.onSend((sms) => {
    const code = /^Job (\w{4}):/.exec(sms.body)?.[1];
    const behaviour = behaviours.get(sms.to);
    const reply = code && behaviour ? behaviour(sms, code) : null;
    if (reply === null) return;
    // Answer after the sender's transaction, as a real reply would arrive.
    const p = new Promise((r) => setTimeout(r, 5))
      .then(() => vendorSays(sms.tenantId, sms.to, reply))
      .catch((err) => testLogger.error({ err }, 'simulated vendor reply failed'))
      .finally(() => pending.delete(p));
    pending.add(p);
  });
  await Promise.all([relay.start(), timers.start(), sender.start()]);
  return {
    transport,
    behave: (vendorPhone, behaviour) => behaviours.set(vendorPhone, behaviour),
    vendorSays,
    async stop() {
      await Promise.allSettled([...pending]);
      await booking.stop();
      await Promise.all([relay.stop(), timers.stop(), sender.stop()]);
    },
  };
}
