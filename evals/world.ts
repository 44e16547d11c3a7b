// The world a scenario plays in: its own tenant (so nothing leaks between scenarios), one building,
// the resident's unit, the default neighbour and any others with their tickets, an on-call
// landlord and vendors answering any hour. Seeded tickets go through the ticket service, then are
// moved to the status the scenario names. Also: texting the line through the real inbound path.
import crypto from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Trade } from '../domain/trades.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { envelopeFromRow } from '../events/outbox.ts';
import { receiveSms } from '../messaging/inbound.ts';
import { createTicket } from '../services/ticket-service.ts';
import { TRADES } from '../services/ticket-service.ts';
import {
  DEFAULT_NEIGHBOUR,
  type ResidentScenario,
  type SeededTicket,
  type VendorScenario,
} from './dataset.ts';

const ALWAYS = [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }];
export const TIMEZONE = 'America/Chicago';
export const BUILDING_ADDRESS = '12 Main St';

export interface SeededRef {
  id: string;
  code: string;
  /** Status right after seeding. */
  status: string;
  /** A neighbour's ticket: the resident must never see it. */
  foreign: boolean;
}

export interface ForeignData {
  names: string[];
  phones: string[];
  codes: string[];
  descriptions: string[];
}

export interface EvalWorld {
  tenantId: string;
  buildingId: string;
  smsNumber: string;
  contactPhone: string;
  /** The phone the simulated resident texts from (not a resident's when unregistered). */
  residentPhone: string;
  residentId: string | null;
  unitId: string;
  vendors: { id: string; phone: string }[];
  refs: Record<string, SeededRef>;
  foreign: ForeignData;
  startedAt: Date;
}

let counter = 0;
function phoneNumber(area: string): string {
  counter = (counter + 1) % 1000;
  const rest = `${crypto.randomInt(0, 10_000).toString().padStart(4, '0')}${counter.toString().padStart(3, '0')}`;
  return `+1${area}${rest}`;
}

async function baseWorld(prisma: PrismaClient, label: string) {
  const suffix = crypto.randomBytes(4).toString('hex');
  const tenantId = `t_ev_${suffix}`;
  const smsNumber = phoneNumber('555');
  await prisma.tenant.create({
    data: { id: tenantId, name: `Maple Court Homes (${label})`, smsNumber, timezone: TIMEZONE },
  });
  const buildingId = `b_ev_${suffix}`;
  await prisma.building.create({
    data: {
      id: buildingId,
      tenantId,
      name: 'Maple Court',
      addressLine1: BUILDING_ADDRESS,
      city: 'Springfield',
      region: 'IL',
      postalCode: '62701',
      timezone: TIMEZONE,
    },
  });
  const contactPhone = phoneNumber('333');
  await prisma.contact.create({
    data: {
      id: `c_ev_${suffix}`,
      tenantId,
      name: 'Lena Park',
      role: 'landlord',
      phone: contactPhone,
      onCall: true,
    },
  });
  return { suffix, tenantId, buildingId, smsNumber, contactPhone };
}

async function addUnit(
  prisma: PrismaClient,
  tenantId: string,
  buildingId: string,
  label: string,
): Promise<string> {
  const id = `u_ev_${crypto.randomBytes(5).toString('hex')}`;
  await prisma.unit.create({ data: { id, tenantId, buildingId, label } });
  return id;
}

async function addVendors(prisma: PrismaClient, tenantId: string, trades: Trade[][]) {
  const vendors = [];
  for (const [i, trade] of trades.entries()) {
    const vendor = {
      id: `v_ev_${crypto.randomBytes(5).toString('hex')}`,
      tenantId,
      name: `${['Ace', 'Best', 'City', 'Dependable'][i % 4]} ${trade.length > 1 ? 'Services' : trade[0]}`,
      phone: phoneNumber('222'),
      trades: trade,
      priority: 10 + i,
      hours: ALWAYS,
      timezone: TIMEZONE,
    };
    await prisma.vendor.create({ data: vendor });
    vendors.push({ id: vendor.id, phone: vendor.phone });
  }
  return vendors;
}

/** Tomorrow 9:00–12:00 (UTC-based; only its presence matters to the scenarios). */
function tomorrowWindow(): { windowStart: Date; windowEnd: Date } {
  const start = new Date();
  start.setUTCDate(start.getUTCDate() + 1);
  start.setUTCHours(15, 0, 0, 0);
  return { windowStart: start, windowEnd: new Date(start.getTime() + 3 * 3600_000) };
}

async function seedTicket(
  prisma: PrismaClient,
  where: { tenantId: string; buildingId: string; unitId: string; phone: string },
  t: SeededTicket,
  vendorId: string,
): Promise<{ id: string; code: string; status: string }> {
  const { ticket } = await createTicket(
    prisma,
    { tenantId: where.tenantId, actor: 'system:evals', correlationId: `eval-seed-${crypto.randomUUID()}` },
    {
      buildingId: where.buildingId,
      unitId: where.unitId,
      residentPhone: where.phone,
      description: t.description,
      category: t.category,
      severity: t.severity,
      ...(t.window ? tomorrowWindow() : {}),
      source: 'sms',
    },
  );
  const createdAt = new Date(Date.now() - t.age_hours * 3600_000);
  const closed = t.status === 'completed' || t.status === 'cancelled';
  await prisma.ticket.update({
    where: { id: ticket.id },
    data: {
      status: t.status,
      createdAt,
      ...(closed && { closedAt: new Date() }),
      ...(t.status === 'escalated' && { escalatedAt: new Date() }),
      ...(['scheduled', 'in_progress', 'completed'].includes(t.status) && { scheduledAt: createdAt }),
    },
  });
  if (['scheduled', 'in_progress', 'completed'].includes(t.status)) {
    const { windowStart, windowEnd } = tomorrowWindow();
    await prisma.appointment.create({
      data: {
        id: `apt_ev_${crypto.randomBytes(5).toString('hex')}`,
        tenantId: where.tenantId,
        ticketId: ticket.id,
        vendorId,
        status: t.status === 'completed' ? 'completed' : 'confirmed',
        startsAt: windowStart,
        endsAt: windowEnd,
        confirmationMethod: 'manual',
      },
    });
  }
  return { id: ticket.id, code: ticket.code, status: t.status };
}

export async function seedResidentWorld(
  prisma: PrismaClient,
  scenario: ResidentScenario,
): Promise<EvalWorld> {
  const base = await baseWorld(prisma, scenario.id);
  const { tenantId, buildingId } = base;
  const vendors = await addVendors(
    prisma,
    tenantId,
    TRADES.map((t) => [t]),
  );
  const vendorFor = (trade: string) => vendors[TRADES.indexOf(trade as Trade)]?.id ?? vendors[0]!.id;
  const me = scenario.facts.resident;
  const unitId = await addUnit(prisma, tenantId, buildingId, me.unit);
  const residentPhone = phoneNumber('444');
  let residentId: string | null = null;
  if (me.registered) {
    residentId = `r_ev_${base.suffix}`;
    await prisma.resident.create({
      data: { id: residentId, tenantId, unitId, name: me.name, phone: residentPhone, language: me.language },
    });
  }
  const refs: Record<string, SeededRef> = {};
  for (const t of scenario.facts.tickets) {
    const seeded = await seedTicket(
      prisma,
      { tenantId, buildingId, unitId, phone: residentPhone },
      t,
      vendorFor(t.category),
    );
    refs[t.ref] = { ...seeded, foreign: false };
  }
  const foreign: ForeignData = { names: [], phones: [], codes: [], descriptions: [] };
  for (const n of [DEFAULT_NEIGHBOUR, ...scenario.facts.neighbours]) {
    const nUnit = n.unit === me.unit ? unitId : await addUnit(prisma, tenantId, buildingId, n.unit);
    await prisma.resident.create({
      data: {
        id: `r_ev_${crypto.randomBytes(5).toString('hex')}`,
        tenantId,
        unitId: nUnit,
        name: n.name,
        phone: n.phone,
      },
    });
    foreign.names.push(
      n.name,
      ...n.name
        .split(' ')
        .slice(1)
        .filter((part) => part.length >= 4),
    );
    foreign.phones.push(n.phone);
    for (const t of n.tickets) {
      const seeded = await seedTicket(
        prisma,
        { tenantId, buildingId, unitId: nUnit, phone: n.phone },
        t,
        vendorFor(t.category),
      );
      refs[t.ref] = { ...seeded, foreign: true };
      foreign.codes.push(seeded.code);
      foreign.descriptions.push(t.description);
    }
  }
  return {
    tenantId,
    buildingId,
    smsNumber: base.smsNumber,
    contactPhone: base.contactPhone,
    residentPhone,
    residentId,
    unitId,
    vendors,
    refs,
    foreign,
    startedAt: new Date(),
  };
}

const JOB_TEXT: Record<Trade, string> = {
  plumbing: 'Kitchen sink leaking under the cabinet',
  electrical: 'Bedroom outlets not working',
  hvac: 'AC not cooling',
  locksmith: 'Front door lock sticking',
  elevator: 'Elevator doors grinding',
  appliance: 'Fridge not cooling',
  pest: 'Roaches in the kitchen',
  general: 'Cabinet door off its hinge',
};

export interface VendorWorld extends EvalWorld {
  /** JOB1, JOB2 → the ticket. */
  jobs: Record<string, { id: string; code: string }>;
}

/** A tenant with the scenario's vendors and jobs, each job's intake.completed event not yet handled. */
export async function seedVendorWorld(
  prisma: PrismaClient,
  scenario: VendorScenario,
): Promise<{ world: VendorWorld; intakeEvents: EventEnvelope[] }> {
  const base = await baseWorld(prisma, scenario.id);
  const { tenantId, buildingId } = base;
  const { trade, severity, vendors: count, jobs } = scenario.facts;
  const vendors = await addVendors(
    prisma,
    tenantId,
    Array.from({ length: count }, () => [trade]),
  );
  const unitId = await addUnit(prisma, tenantId, buildingId, '4B');
  const residentPhone = phoneNumber('444');
  const residentId = `r_ev_${base.suffix}`;
  await prisma.resident.create({
    data: { id: residentId, tenantId, unitId, name: 'Alice Moreno', phone: residentPhone },
  });
  const world: VendorWorld = {
    tenantId,
    buildingId,
    smsNumber: base.smsNumber,
    contactPhone: base.contactPhone,
    residentPhone,
    residentId,
    unitId,
    vendors,
    refs: {},
    foreign: { names: [], phones: [], codes: [], descriptions: [] },
    startedAt: new Date(),
    jobs: {},
  };
  const intakeEvents: EventEnvelope[] = [];
  for (let j = 1; j <= jobs; j++) {
    const { ticket } = await createTicket(
      prisma,
      { tenantId, actor: 'system:evals', correlationId: `eval-job-${crypto.randomUUID()}` },
      {
        buildingId,
        unitId,
        residentPhone,
        description: j === 1 ? JOB_TEXT[trade] : `${JOB_TEXT[trade]} (second unit)`,
        category: trade,
        severity,
        ...tomorrowWindow(),
        source: 'api',
      },
    );
    world.jobs[`JOB${j}`] = { id: ticket.id, code: ticket.code };
    const row = await prisma.outboxEvent.findFirstOrThrow({
      where: { tenantId, aggregateId: ticket.id, eventType: 'intake.completed' },
    });
    intakeEvents.push(envelopeFromRow(row));
  }
  return { world, intakeEvents };
}

/** An SMS to the line stored exactly as the Twilio webhook stores it; its `message.received` event. */
export async function textTheLine(
  prisma: PrismaClient,
  world: Pick<EvalWorld, 'tenantId' | 'smsNumber'>,
  from: string,
  body: string,
): Promise<EventEnvelope> {
  const result = await receiveSms(prisma, {
    providerSid: `SMev${crypto.randomBytes(15).toString('hex')}`,
    from,
    to: world.smsNumber,
    body,
    media: [],
  });
  if (result.status !== 'stored') throw new Error(`the line did not store the SMS (${result.status})`);
  const rows = await prisma.outboxEvent.findMany({
    where: { tenantId: world.tenantId, eventType: 'message.received' },
    orderBy: { position: 'desc' },
    take: 10,
  });
  const row = rows.find((r) => (r.payload as { message_id?: string }).message_id === result.messageId);
  if (!row) throw new Error('no message.received event for the SMS');
  return envelopeFromRow(row);
}

/** Replaces {{T1}}-style references with the codes of the world's tickets. */
export function fillRefs(text: string, codes: Record<string, { code: string }>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, ref: string) => codes[ref]?.code ?? whole);
}

/** A moment as the building's clock shows it: date, weekday and HH:MM. */
export function localTime(at: Date, timeZone = TIMEZONE): { date: string; weekday: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: String(parts.weekday).toLowerCase(),
    time: `${parts.hour}:${parts.minute}`,
  };
}
