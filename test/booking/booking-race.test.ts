// First YES wins, whatever the race: 20 vendors holding open offers for one job all reply YES at
// the same moment, 200 times over. Exactly one appointment each time; every other vendor is told
// the job is taken. And every event the booking consumer handles, delivered twice, has one effect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleBookingEvent } from '../../booking/consumer.ts';
import { handleVendorReply } from '../../booking/vendor-replies.ts';
import { DEFAULT_BOOKING_POLICY } from '../../domain/booking-policy.ts';
import { envelopeFromRow } from '../../events/outbox.ts';
import { TimerScheduler } from '../../workers/timer-scheduler.ts';
import { createWorld, newTicket } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { testLogger } from '../support/logger.ts';

const policy = DEFAULT_BOOKING_POLICY;
const deps = { policy };

describe('booking races and redelivery', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend(), { poolSize: 24 });
  });
  afterAll(async () => db?.drop());

  it('books exactly one of 20 simultaneous YES replies, 200 times', { timeout: 240_000 }, async () => {
    const world = await createWorld(db, { vendors: Array.from({ length: 20 }, () => ({ priority: 10 })) });
    const repetitions = primaryBackend() === 'postgres' ? 200 : 20;
    for (let rep = 0; rep < repetitions; rep++) {
      const ticket = await newTicket(db, world);
      await db.prisma.ticket.update({ where: { id: ticket.id }, data: { status: 'dispatching' } });
      const dispatch = await db.prisma.dispatch.create({
        data: {
          id: `dsp_race_${rep}_${ticket.id}`,
          tenantId: world.tenantId,
          ticketId: ticket.id,
          candidates: world.vendors.map((v) => v.id),
          nextIndex: 20,
        },
      });
      // Nineteen offers timed out (still acceptable) and the last is pending: all twenty are open.
      await db.prisma.offer.createMany({
        data: world.vendors.map((v, i) => ({
          id: `ofr_race_${rep}_${i}_${ticket.id}`,
          tenantId: world.tenantId,
          dispatchId: dispatch.id,
          ticketId: ticket.id,
          vendorId: v.id,
          sequence: i + 1,
          expiresAt: new Date(Date.now() + 60_000),
          response: i < 19 ? 'expired' : 'pending',
        })),
      });
      const results = await Promise.all(
        world.vendors.map((v) =>
          handleVendorReply(db.prisma, deps, {
            tenantId: world.tenantId,
            from: v.phone,
            body: `YES ${ticket.code}`,
          }),
        ),
      );
      const outcomes = results.map((r) => r.outcome).sort();
      expect(outcomes, `repetition ${rep}`).toEqual(['booked', ...Array(19).fill('taken')]);
      const appointments = await db.prisma.appointment.findMany({ where: { ticketId: ticket.id } });
      expect(appointments).toHaveLength(1);
      const winner = world.vendors[results.findIndex((r) => r.outcome === 'booked')]!;
      expect(appointments[0]!.vendorId).toBe(winner.id);
      const takenNotices = await db.prisma.message.findMany({
        where: { ticketId: ticket.id, direction: 'outbound', body: { contains: 'has been taken' } },
      });
      // Every loser hears it (the one whose offer was still pending may hear it twice: once when the
      // job was booked, once in answer to its own YES); the winner never does.
      expect([...new Set(takenNotices.map((m) => m.toAddress))].sort()).toEqual(
        world.vendors
          .filter((v) => v !== winner)
          .map((v) => v.phone)
          .sort(),
      );
    }
  });

  it('gives every booking event one effect even when delivered twice, also concurrently', async () => {
    const world = await createWorld(db, { vendors: [{}, {}] });
    const ticket = await newTicket(db, world);
    const counts = async () => ({
      dispatches: await db.prisma.dispatch.count({ where: { ticketId: ticket.id } }),
      offers: await db.prisma.offer.count({ where: { ticketId: ticket.id } }),
      messages: await db.prisma.message.count({ where: { ticketId: ticket.id, direction: 'outbound' } }),
      audit: await db.prisma.auditLog.count({ where: { ticketId: ticket.id } }),
      timers: await db.prisma.timer.count({ where: { ticketId: ticket.id } }),
    });
    const eventOf = async (type: string, where: object = {}) =>
      envelopeFromRow(
        await db.prisma.outboxEvent.findFirstOrThrow({
          where: { eventType: type, tenantId: world.tenantId, ...where },
          orderBy: { position: 'desc' },
        }),
      );

    const intake = await eventOf('intake.completed', { aggregateId: ticket.id });
    const first = await Promise.all([1, 2, 3].map(() => handleBookingEvent(db.prisma, deps, intake)));
    expect(first.sort()).toEqual(['duplicate', 'duplicate', 'offered']);
    const afterIntake = await counts();
    expect(afterIntake).toMatchObject({ dispatches: 1, offers: 1, messages: 1, timers: 2 });
    expect(await handleBookingEvent(db.prisma, deps, intake)).toBe('duplicate');
    expect(await counts()).toEqual(afterIntake);

    // Fire both timers now (offer expiry and SLA) and deliver each timer.fired twice.
    await db.prisma.timer.updateMany({
      where: { ticketId: ticket.id },
      data: { dueAt: new Date(Date.now() - 1000) },
    });
    const scheduler = new TimerScheduler({ prisma: db.prisma, pool: db.pool, logger: testLogger });
    expect(await scheduler.fireDue()).toBe(2);
    expect(await scheduler.fireDue()).toBe(0);
    for (const kind of ['offer_expiry', 'sla_breach']) {
      const fired = await eventOf('timer.fired', {
        aggregateId: ticket.id,
        payload: { path: ['kind'], equals: kind },
      });
      const outcomes = await Promise.all([1, 2].map(() => handleBookingEvent(db.prisma, deps, fired)));
      expect(
        outcomes.filter((o) => o === 'duplicate'),
        kind,
      ).toHaveLength(1);
      const settled = await counts();
      expect(await handleBookingEvent(db.prisma, deps, fired)).toBe('duplicate');
      expect(await counts()).toEqual(settled);
    }
    // One expiry moved the run on once (offer 2 sent); the SLA escalated once.
    const offers = await db.prisma.offer.findMany({
      where: { ticketId: ticket.id },
      orderBy: { sequence: 'asc' },
    });
    expect(offers.map((o) => o.response)).toEqual(['expired', 'pending']);
    const escalations = await db.prisma.auditLog.count({
      where: { ticketId: ticket.id, action: 'ticket.escalated' },
    });
    expect(escalations).toBe(1);
  });
});
