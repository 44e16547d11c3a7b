// The whole booking loop with millisecond timeouts and real workers (relay, booking consumer, timer
// scheduler, SMS sender on the local transport): decline → next, timeout → next, late YES after
// another vendor booked, all declined → escalation, emergency SLA breach while dispatching, and no
// candidates → escalation at once. Outcomes are read from the database and the SMS sent.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingPolicy } from '../../domain/booking-policy.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { KafkaEventBus } from '../../events/kafka-bus.ts';
import { getTimeline } from '../../services/ticket-service.ts';
import { createWorld, newTicket, startWorkers, type Workers, type World } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { waitUntil } from '../support/deferred.ts';
import { testEnv } from '../support/env.ts';
import { testLogger } from '../support/logger.ts';

// Routine offers time out fast (the timeout scenarios use them); urgent ones wait long enough that a
// vendor's NO always arrives first, even on a loaded machine.
const POLICY: BookingPolicy = {
  offerTimeoutMs: { emergency: 150, urgent: 5_000, routine: 150 },
  slaMs: { emergency: 60_000, urgent: 60_000, routine: 60_000 },
};

describe('booking loop', () => {
  let db: TestDatabase;
  let workers: Workers;
  const bus = new InProcessEventBus({ logger: testLogger });

  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend(), { poolSize: 10 });
    workers = await startWorkers(db, bus, POLICY);
  });
  afterAll(async () => {
    await workers?.stop();
    await bus.close();
    await db?.drop();
  });

  const statusOf = async (id: string) => (await db.prisma.ticket.findUniqueOrThrow({ where: { id } })).status;
  const waitForStatus = (id: string, status: string) =>
    waitUntil(async () => (await statusOf(id)) === status, 10_000);
  const actions = async (w: World, id: string) =>
    (await getTimeline(db.prisma, w.tenantId, id)).map((e) => e.action);
  const smsTo = (phone: string) => workers.transport.sent.filter((s) => s.to === phone).map((s) => s.body);
  const appointments = (ticketId: string) => db.prisma.appointment.findMany({ where: { ticketId } });

  it('answers a vendor’s question about the job on offer with the offer itself', async () => {
    const world = await createWorld(db);
    const [a] = world.vendors;
    const ticket = await newTicket(db, world, { severity: 'urgent' });
    await waitUntil(async () => smsTo(a!.phone).length === 1);
    expect((await workers.vendorSays(world.tenantId, a!.phone, "what's the address?")).outcome).toBe(
      'instructions',
    );
    await waitUntil(async () => smsTo(a!.phone).length === 2);
    expect(smsTo(a!.phone)[1]).toBe(`Here is the job again. ${smsTo(a!.phone)[0]}`);
    expect(smsTo(a!.phone)[1]).toContain('12 Main St unit 101');
    expect(await statusOf(ticket.id)).toBe('dispatching');
  });

  it('moves to the next vendor on NO and books the first YES', async () => {
    const world = await createWorld(db);
    const [a, b] = world.vendors;
    workers.behave(a!.phone, (_sms, code) => `no ${code}`);
    workers.behave(b!.phone, (_sms, code) => `YES ${code}`);
    const ticket = await newTicket(db, world);
    await waitForStatus(ticket.id, 'scheduled');

    const [appointment] = await appointments(ticket.id);
    expect(appointment).toMatchObject({
      vendorId: b!.id,
      status: 'tentative',
      confirmationMethod: 'sms_yes',
    });
    expect(await actions(world, ticket.id)).toEqual(
      expect.arrayContaining([
        'dispatch.started',
        'offer.sent',
        'offer.declined',
        'vendor.replied',
        'appointment.booked',
      ]),
    );
    expect(smsTo(a!.phone)[0]).toMatch(
      new RegExp(`^Job ${ticket.code}: Kitchen sink leaking, 12 Main St unit 101`),
    );
    expect(smsTo(a!.phone)[0]).toContain(`Reply YES ${ticket.code} to accept, NO ${ticket.code} to decline.`);
    await waitUntil(
      async () => smsTo(world.landlordPhone).length > 0 && smsTo(world.residentPhone).length > 0,
    );
    expect(smsTo(a!.phone)).toContainEqual(
      `Got it, you passed on job ${ticket.code}. Thanks for letting us know.`,
    );
    expect(smsTo(b!.phone).at(-1)).toContain(`job ${ticket.code} is yours`);
    expect(smsTo(world.residentPhone)[0]).toContain(`Vendor 1 will come for ticket ${ticket.code}`);
    expect(smsTo(world.landlordPhone)[0]).toContain(`booked with Vendor 1`);
    const events = await db.prisma.outboxEvent.findMany({
      where: { aggregateId: ticket.id, eventType: { in: ['vendor.confirmed', 'appointment.confirmed'] } },
      orderBy: { position: 'asc' },
    });
    expect(events.map((e) => e.eventType)).toEqual(['vendor.confirmed', 'appointment.confirmed']);
  });

  it('moves on when a vendor does not answer in time, and tells a late YES the job is taken', async () => {
    const world = await createWorld(db);
    const [a, b] = world.vendors;
    workers.behave(b!.phone, (_sms, code) => `yes ${code}`);
    const ticket = await newTicket(db, world, { severity: 'routine' });
    await waitForStatus(ticket.id, 'scheduled');
    expect(await actions(world, ticket.id)).toContain('offer.expired');

    const late = await workers.vendorSays(world.tenantId, a!.phone, `YES ${ticket.code}`);
    expect(late).toEqual({ outcome: 'taken', ticketId: ticket.id });
    await waitUntil(async () => smsTo(a!.phone).some((s) => s.includes('has been taken')));
    expect(await appointments(ticket.id)).toHaveLength(1);
  });

  it('books an earlier vendor whose offer timed out, if they say YES before anyone else', async () => {
    const world = await createWorld(db, { vendors: [{}, {}, {}] });
    const [a] = world.vendors;
    const ticket = await newTicket(db, world, { severity: 'routine' });
    await waitUntil(async () => (await db.prisma.offer.count({ where: { ticketId: ticket.id } })) >= 2);
    const result = await workers.vendorSays(world.tenantId, a!.phone, 'yes');
    expect(result.outcome).toBe('booked');
    expect((await appointments(ticket.id))[0]!.vendorId).toBe(a!.id);
  });

  it('escalates to the on-call landlord when every vendor declines', async () => {
    const world = await createWorld(db);
    for (const v of world.vendors) workers.behave(v.phone, () => 'no');
    const ticket = await newTicket(db, world);
    await waitForStatus(ticket.id, 'escalated');
    await waitUntil(async () => smsTo(world.landlordPhone).length > 0);
    expect(smsTo(world.landlordPhone)[0]).toContain(`ESCALATION ${ticket.code} (urgent)`);
    expect(smsTo(world.landlordPhone)[0]).toContain('declined or did not answer');
    const dispatch = await db.prisma.dispatch.findFirstOrThrow({ where: { ticketId: ticket.id } });
    expect(dispatch.status).toBe('exhausted');
    expect(await actions(world, ticket.id)).toEqual(
      expect.arrayContaining(['dispatch.exhausted', 'ticket.escalated']),
    );
  });

  it('escalates at once when no vendor has the trade', async () => {
    const world = await createWorld(db, { trade: 'pest' });
    const ticket = await newTicket(db, world, { category: 'plumbing' });
    await waitForStatus(ticket.id, 'escalated');
    await waitUntil(async () => smsTo(world.landlordPhone).length > 0);
    expect(smsTo(world.landlordPhone)[0]).toContain('No vendor on file can take it');
    expect(await db.prisma.offer.count({ where: { ticketId: ticket.id } })).toBe(0);
  });
});

describe('emergency SLA', () => {
  let db: TestDatabase;
  let workers: Workers;
  const bus = new InProcessEventBus({ logger: testLogger });
  const policy: BookingPolicy = {
    offerTimeoutMs: { emergency: 60_000, urgent: 60_000, routine: 60_000 },
    slaMs: { emergency: 300, urgent: 60_000, routine: 60_000 },
  };
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend(), { poolSize: 10 });
    workers = await startWorkers(db, bus, policy);
  });
  afterAll(async () => {
    await workers?.stop();
    await bus.close();
    await db?.drop();
  });

  it('escalates an emergency not booked in time, keeps dispatching, and still books a later YES', async () => {
    const world = await createWorld(db);
    const [a] = world.vendors;
    const ticket = await newTicket(db, world, { severity: 'emergency' });
    await waitUntil(
      async () =>
        (await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status === 'escalated',
    );
    const timer = await db.prisma.timer.findFirstOrThrow({
      where: { ticketId: ticket.id, kind: 'sla_breach' },
    });
    // Never early: it fired at or after its due time.
    expect(timer.firedAt!.getTime()).toBeGreaterThanOrEqual(timer.dueAt.getTime());
    expect((await db.prisma.dispatch.findFirstOrThrow({ where: { ticketId: ticket.id } })).status).toBe(
      'active',
    );

    expect((await workers.vendorSays(world.tenantId, a!.phone, 'YES')).outcome).toBe('booked');
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('scheduled');
  });
});

describe.runIf(testEnv.kafkaBrokers)('booking through the Kafka broker', () => {
  let db: TestDatabase;
  let workers: Workers;
  const bus = new KafkaEventBus({
    brokers: testEnv.kafkaBrokers ?? [],
    clientId: 'fixline-booking-test',
    topicPrefix: `booking_${crypto.randomBytes(4).toString('hex')}.`,
    logger: testLogger,
  });
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend(), { poolSize: 10 });
    workers = await startWorkers(db, bus, POLICY);
  });
  afterAll(async () => {
    await workers?.stop();
    await bus.close();
    await db?.drop();
  });

  // A fresh consumer group joins the broker first: allow for a slow rebalance on a busy machine.
  it(
    'dispatches from intake.completed and expires offers from timer.fired, both consumed from Kafka',
    { timeout: 90_000 },
    async () => {
      const world = await createWorld(db);
      const [a, b] = world.vendors;
      workers.behave(b!.phone, (_sms, code) => `YES ${code}`);
      const ticket = await newTicket(db, world, { severity: 'routine' });
      await waitUntil(
        async () =>
          (await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status === 'scheduled',
        80_000,
      );
      const offers = await db.prisma.offer.findMany({
        where: { ticketId: ticket.id },
        orderBy: { sequence: 'asc' },
      });
      expect(offers.map((o) => [o.vendorId, o.response])).toEqual([
        [a!.id, 'taken'],
        [b!.id, 'accepted'],
      ]);
      const handled = await db.prisma.processedEvent.findMany({
        where: { consumer: 'booking', tenantId: world.tenantId },
      });
      expect(handled.length).toBeGreaterThanOrEqual(2); // intake.completed and the first offer's timer.fired
    },
  );
});
