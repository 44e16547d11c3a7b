// Triage of tickets created through the API or MCP without a trade or severity: classified from the
// description, moved to `triaged` through the state machine with `intake.completed` (so booking
// starts), once per event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triageTicket } from '../../agent/triage.ts';
import { envelopeFromRow } from '../../events/outbox.ts';
import { createWorld, newTicket, type World } from '../support/booking-world.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

describe.each(backends())('triage on %s', (backend) => {
  let db: TestDatabase;
  let world: World;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    world = await createWorld(db);
  });
  afterAll(async () => db?.drop());

  const createdEvent = async (ticketId: string) =>
    envelopeFromRow(
      await db.prisma.outboxEvent.findFirstOrThrow({
        where: { aggregateId: ticketId, eventType: 'ticket.created' },
      }),
    );

  it.each([
    ['Elevator stuck on 3rd floor', 'elevator'],
    ['The kitchen faucet drips all night', 'plumbing'],
    ['se fue la luz en la cocina y huele a quemado', 'electrical'],
    ['cucarachas en el baño', 'pest'],
  ])('classifies "%s" as %s, triages it and starts booking', async (description, category) => {
    const ticket = await newTicket(db, world, { description, category: undefined, severity: undefined });
    expect(ticket.status).toBe('new');
    const envelope = await createdEvent(ticket.id);

    expect(await triageTicket({ prisma: db.prisma }, envelope)).toBe('triaged');
    const after = await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after).toMatchObject({ category, status: 'triaged' });
    expect(['emergency', 'urgent', 'routine']).toContain(after.severity);
    const events = await db.prisma.outboxEvent.findMany({
      where: { aggregateId: ticket.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.eventType)).toContain('intake.completed');
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { ticketId: ticket.id, action: 'ticket.updated' },
    });
    expect(audit.actor).toBe('system:triage');

    // Redelivered: no second change.
    expect(await triageTicket({ prisma: db.prisma }, envelope)).toBe('duplicate');
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).version).toBe(
      after.version,
    );
  });

  it('leaves a ticket alone when it already has a trade and severity, or was triaged meanwhile', async () => {
    const full = await newTicket(db, world);
    expect(await triageTicket({ prisma: db.prisma }, await createdEvent(full.id))).toBe('not_needed');
    const raced = await newTicket(db, world, {
      description: 'door lock broken',
      category: undefined,
      severity: undefined,
    });
    await db.prisma.ticket.update({
      where: { id: raced.id },
      data: { category: 'general', severity: 'routine', status: 'triaged' },
    });
    expect(await triageTicket({ prisma: db.prisma }, await createdEvent(raced.id))).toBe('not_needed');
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: raced.id } })).category).toBe('general');
  });
});
