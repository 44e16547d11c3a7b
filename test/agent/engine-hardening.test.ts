// The engine under the conditions that hurt in production: a phone number passed to a new resident,
// the same status question twice, input Postgres refuses, a turn that keeps failing, a bare
// hand-off marker, an unregistered number crying wolf, and an emergency turn retried after a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TURN_ATTEMPTS, runTurn } from '../../agent/engine.ts';
import { agentDeps, call, say, ScriptedModel, textsTo, textTheLine } from '../support/agent-world.ts';
import { createWorld, newTicket, type World } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';

describe('agent engine, hardened', () => {
  let db: TestDatabase;
  let world: World;
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend());
  });
  afterAll(async () => db?.drop());
  const fresh = async () => (world = await createWorld(db));

  it('never shows a number’s new owner the previous resident’s conversation', async () => {
    await fresh();
    const first = new ScriptedModel([
      call('create_ticket', {
        description: 'Leak',
        category: 'plumbing',
        severity: 'routine',
        access_notes: 'door code 4471#',
      }),
      say('Ticket opened, Alice.'),
    ]);
    await runTurn(agentDeps(db, { model: first }), await textTheLine(db, world, 'leak, door code 4471#'));
    // The number moves to Bob in another unit.
    const alice = await db.prisma.resident.findFirstOrThrow({ where: { tenantId: world.tenantId } });
    await db.prisma.resident.update({ where: { id: alice.id }, data: { phone: '+13125550100' } });
    const unit = await db.prisma.unit.create({
      data: { id: `${world.unitId}_b`, tenantId: world.tenantId, buildingId: world.buildingId, label: '202' },
    });
    await db.prisma.resident.create({
      data: {
        id: `r_bob_${world.tenantId}`,
        tenantId: world.tenantId,
        unitId: unit.id,
        name: 'Bob',
        phone: world.residentPhone,
      },
    });
    const second = new ScriptedModel([say('Hi Bob, what can I help with?')]);
    await runTurn(
      agentDeps(db, { model: second }),
      await textTheLine(db, world, 'what did I report before?'),
    );
    const seen = JSON.stringify(second.requests[0]!.messages);
    expect(seen).not.toContain('4471');
    expect(seen).not.toContain('Alice');
    expect(second.requests[0]!.facts!.openTickets).toEqual([]);
  });

  it('answers the same status question twice without escalating', async () => {
    await fresh();
    const ticket = await newTicket(db, world);
    for (let i = 0; i < 2; i++) {
      const model = new ScriptedModel([say(`Ticket ${ticket.code}: we are finding a plumber.`)]);
      const result = await runTurn(agentDeps(db, { model }), await textTheLine(db, world, 'any update?'));
      expect(result.outcome).toBe('replied');
    }
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('triaged');
    expect(await textsTo(db, world.landlordPhone)).toEqual([]);
  });

  it('tells the model about values Postgres refuses instead of failing the turn', async () => {
    await fresh();
    const model = new ScriptedModel([
      call('create_ticket', {
        description: 'Leak',
        category: 'plumbing',
        severity: 'routine',
        window_start: '0000-01-01T00:00:00Z',
        window_end: '0000-01-01T03:00:00Z',
      }),
      say('When could the plumber come?'),
    ]);
    const result = await runTurn(agentDeps(db, { model }), await textTheLine(db, world, 'leak'));
    expect(result.outcome).toBe('replied');
    const told = JSON.parse(model.requests[1]!.messages.at(-1)!.content as string);
    expect(told.error.code).toBe('invalid_arguments');
    expect(await db.prisma.ticket.count({ where: { tenantId: world.tenantId } })).toBe(0);
  });

  it('gives up on a turn that keeps failing: the resident hears a person is on it', async () => {
    await fresh();
    const broken = { kind: 'openai' as const, complete: async () => Promise.reject(new TypeError('bug')) };
    const deps = agentDeps(db, { model: broken, fallback: broken });
    const envelope = await textTheLine(db, world, 'the fridge is warm');
    for (let i = 0; i < MAX_TURN_ATTEMPTS; i++) await expect(runTurn(deps, envelope)).rejects.toThrow('bug');
    const result = await runTurn(deps, envelope);
    expect(result.outcome).toBe('handoff');
    expect(await textsTo(db, world.residentPhone)).toEqual([result.reply]);
    expect((await textsTo(db, world.landlordPhone))[0]).toContain('the fridge is warm');
  });

  it('a bare hand-off marker still sends the resident a hand-off message', async () => {
    await fresh();
    const result = await runTurn(
      agentDeps(db, { model: new ScriptedModel([say('[handoff]')]) }),
      await textTheLine(db, world, 'hmm'),
    );
    expect(result.outcome).toBe('handoff');
    expect((await textsTo(db, world.residentPhone))[0]).toMatch(/person/);
  });

  it('alerts the on-call phone once for an unregistered number’s repeated emergency texts', async () => {
    await fresh();
    for (let i = 0; i < 3; i++)
      await runTurn(
        agentDeps(db),
        await textTheLine(db, world, 'gas leak smell in the hallway!!', '+13125550111'),
      );
    expect(await textsTo(db, world.landlordPhone)).toHaveLength(1);
    expect(await textsTo(db, '+13125550111')).toHaveLength(6);
  });

  it('an emergency turn retried after a crash replays its ticket, not "already open"', async () => {
    await fresh();
    const envelope = await textTheLine(db, world, 'water pouring through the ceiling');
    const first = await runTurn(agentDeps(db), envelope);
    const [ticket] = await db.prisma.ticket.findMany({ where: { tenantId: world.tenantId } });
    // As if the worker died after the ticket committed but before the reply did.
    await db.prisma.message.deleteMany({ where: { toAddress: world.residentPhone } });
    await db.prisma.processedEvent.deleteMany({ where: { eventId: envelope.event_id } });
    await db.prisma.agentTurn.updateMany({
      where: { messageId: envelope.payload.message_id as string },
      data: { status: 'running' },
    });
    const retried = await runTurn(agentDeps(db), envelope);
    expect(retried.ticketIds).toEqual([ticket!.id]);
    expect(retried.reply).toBe(first.reply);
    expect(await db.prisma.ticket.count({ where: { tenantId: world.tenantId } })).toBe(1);
  });
});
