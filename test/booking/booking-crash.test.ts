// Crash safety of the booking workers: a `node main.ts --roles relay,workers` child is SIGKILLed
// again and again in the middle of a dispatch and restarted. The run still offers the job to each
// candidate exactly once, every offer timer fires once and never early (including those that fell
// due while nothing ran), and the exhausted run escalates once. Redelivered events are absorbed by
// the inbox; timers and SMS are rows, so nothing lives only in the killed process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, newTicket, type World } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { waitUntil } from '../support/deferred.ts';
import { spawnService, type ServiceProcess } from '../support/service-process.ts';

const OFFER_TIMEOUT_MS = 400;

describe('booking workers killed mid-dispatch', () => {
  let db: TestDatabase;
  let world: World;
  const children: ServiceProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend());
    world = await createWorld(db, { vendors: [{}, {}, {}, {}] });
  });
  afterAll(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    await db?.drop();
  });

  const startWorkers = async () => {
    // In-process events: the crash guarantees under test are the outbox's, the inbox's and the timers'.
    const child = spawnService(
      { DATABASE_URL: db.url, OFFER_TIMEOUT_MS: String(OFFER_TIMEOUT_MS), LOG_LEVEL: 'info' },
      ['--roles', 'relay,workers'],
    );
    children.push(child);
    await child.started;
    return child;
  };
  const kill = async (child: ServiceProcess) => {
    child.child.kill('SIGKILL');
    await child.exited;
  };
  const offers = (ticketId: string) =>
    db.prisma.offer.findMany({ where: { ticketId }, orderBy: { sequence: 'asc' } });
  const statusOf = async (id: string) => (await db.prisma.ticket.findUniqueOrThrow({ where: { id } })).status;

  it(
    'resumes after every SIGKILL: each vendor offered once, timers fired once, one escalation',
    { timeout: 120_000 },
    async () => {
      const ticket = await newTicket(db, world, { severity: 'routine' });

      // 1. Killed right after the first offer went out, and kept down past its expiry.
      let child = await startWorkers();
      await waitUntil(async () => (await offers(ticket.id)).length >= 1, 20_000, 5);
      await kill(child);
      await new Promise((r) => setTimeout(r, OFFER_TIMEOUT_MS + 300));
      const overdue = await db.prisma.timer.findFirstOrThrow({
        where: { ticketId: ticket.id, kind: 'offer_expiry' },
      });
      expect(overdue.firedAt).toBeNull();
      const restartedAt = Date.now();

      // 2. Killed at random moments while the run goes on, until it has escalated.
      let kills = 1;
      for (; kills < 12 && (await statusOf(ticket.id)) !== 'escalated'; kills++) {
        child = await startWorkers();
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
        await kill(child);
      }
      child = await startWorkers();
      await waitUntil(async () => (await statusOf(ticket.id)) === 'escalated', 30_000);
      // Let anything still in flight settle before judging "exactly once".
      await waitUntil(
        async () => (await db.prisma.outboxEvent.count({ where: { status: 'pending' } })) === 0,
        20_000,
      );
      await kill(child);

      const all = await offers(ticket.id);
      const dispatch = await db.prisma.dispatch.findFirstOrThrow({ where: { ticketId: ticket.id } });
      expect(all.map((o) => o.vendorId)).toEqual(dispatch.candidates);
      expect(all.map((o) => o.sequence)).toEqual([1, 2, 3, 4]);
      expect(all.every((o) => o.response === 'expired')).toBe(true);
      expect(dispatch.status).toBe('exhausted');
      for (const vendor of world.vendors) {
        const offersSent = await db.prisma.message.findMany({
          where: {
            toAddress: vendor.phone,
            direction: 'outbound',
            body: { startsWith: `Job ${ticket.code}` },
          },
        });
        // One offer SMS each: sent, or withheld because it expired while the workers were down.
        expect(offersSent, vendor.id).toHaveLength(1);
        expect(['sent', 'expired']).toContain(offersSent[0]!.status);
      }
      const timers = await db.prisma.timer.findMany({ where: { ticketId: ticket.id, kind: 'offer_expiry' } });
      expect(timers).toHaveLength(4);
      for (const t of timers) {
        expect(t.firedAt).not.toBeNull();
        expect(t.firedAt!.getTime()).toBeGreaterThanOrEqual(t.dueAt.getTime());
        expect(t.attempts).toBe(1);
      }
      const refired = await db.prisma.timer.findUniqueOrThrow({ where: { id: overdue.id } });
      expect(refired.firedAt!.getTime()).toBeGreaterThanOrEqual(restartedAt);
      const escalations = await db.prisma.auditLog.count({
        where: { ticketId: ticket.id, action: 'ticket.escalated' },
      });
      expect(escalations).toBe(1);
      const landlordAlerts = await db.prisma.message.count({
        where: { toAddress: world.landlordPhone, body: { contains: `ESCALATION ${ticket.code}` } },
      });
      expect(landlordAlerts).toBe(1);
    },
  );
});
