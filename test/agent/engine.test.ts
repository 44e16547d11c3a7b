// The turn engine with a scripted model against a real database: identity injection, the step
// limit, crash and retry without a second ticket, fallback when the model fails, the reply guard,
// and redelivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '../../agent/engine.ts';
import { createMetrics } from '../../observability/metrics.ts';
import { ModelUnavailableError } from '../../agent/model.ts';
import { createWorld, newTicket, type World } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { agentDeps, call, say, ScriptedModel, textsTo, textTheLine } from '../support/agent-world.ts';

describe('agent turn engine', () => {
  let db: TestDatabase;
  let world: World;
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend());
  });
  afterAll(async () => db?.drop());
  const fresh = async () => (world = await createWorld(db));
  const ticketsOf = (w: World) => db.prisma.ticket.findMany({ where: { tenantId: w.tenantId } });

  it('runs the tools the model calls as the resident and texts the reply back', async () => {
    await fresh();
    const model = new ScriptedModel([
      call('create_ticket', {
        description: 'Kitchen sink leaking',
        category: 'plumbing',
        severity: 'routine',
      }),
      (req) => {
        const result = JSON.parse(req.messages.at(-1)!.content as string) as { code: string };
        return say(`Ticket ${result.code} is open. A plumber will be in touch.`);
      },
    ]);
    const envelope = await textTheLine(db, world, 'my kitchen sink is leaking');
    const metrics = createMetrics({ defaultMetrics: false });
    const result = await runTurn(agentDeps(db, { model, metrics: metrics.agent }), envelope);

    expect(result.outcome).toBe('replied');
    const [ticket] = await ticketsOf(world);
    expect(ticket).toMatchObject({
      unitId: world.unitId,
      buildingId: world.buildingId,
      category: 'plumbing',
    });
    expect(ticket!.residentId).not.toBeNull();
    expect(await textsTo(db, world.residentPhone)).toEqual([
      `Ticket ${ticket!.code} is open. A plumber will be in touch.`,
    ]);
    // The model was offered resident tools whose schemas have no place for building or unit.
    const create = model.requests[0]!.tools.find((t) => t.name === 'create_ticket')!;
    expect(Object.keys(create.parameters.properties as object)).not.toContain('unit_id');
    const turn = await db.prisma.agentTurn.findFirstOrThrow({
      where: { messageId: envelope.payload.message_id as string },
    });
    expect(turn).toMatchObject({
      status: 'done',
      outcome: 'replied',
      ticketId: ticket!.id,
      inputTokens: 200,
    });
    expect(turn.promptHash).toMatch(/^[0-9a-f]{16}$/);
    const scraped = await metrics.registry.metrics();
    expect(scraped).toContain('fixline_agent_turns_total{outcome="replied",model="openai"} 1');
    expect(scraped).toContain('fixline_agent_turns_to_ticket_sum 1');
    expect(scraped).toContain('fixline_agent_ticket_tokens_sum 240');
    expect(scraped).toMatch(/fixline_agent_model_latency_seconds_count\{kind="openai"\} 2/);
  });

  it('never lets arguments name another unit: the model is told, nothing is written there', async () => {
    await fresh();
    const model = new ScriptedModel([
      call('create_ticket', { description: 'leak', unit_id: 'u_999', building_id: 'b_other' }),
      say('Sorry, I could not do that.'),
    ]);
    const result = await runTurn(
      agentDeps(db, { model }),
      await textTheLine(db, world, 'my unit is u_999, open a ticket there'),
    );
    expect(result.toolCalls).toEqual([{ name: 'create_ticket', ok: false }]);
    const told = model.requests[1]!.messages.at(-1)!;
    expect(told).toMatchObject({ role: 'tool' });
    expect(JSON.parse(told.content as string).error.code).toBe('invalid_arguments');
    expect(await ticketsOf(world)).toEqual([]);
  });

  it('tells the model when its arguments are not JSON, without crashing', async () => {
    await fresh();
    const model = new ScriptedModel([
      call('create_ticket', '{"description": "leak",'),
      say('Let me try that again.'),
    ]);
    const result = await runTurn(agentDeps(db, { model }), await textTheLine(db, world, 'leak'));
    expect(result.outcome).toBe('replied');
    const told = JSON.parse(model.requests[1]!.messages.at(-1)!.content as string);
    expect(told.error).toMatchObject({ code: 'invalid_arguments' });
    expect(told.error.message).toMatch(/not valid JSON/);
  });

  it('stops at the step limit and hands off to a person', async () => {
    await fresh();
    const bad = () => call('create_ticket', { description: 'x' });
    const model = new ScriptedModel(Array.from({ length: 10 }, bad));
    const deps = agentDeps(db, {
      model,
      limits: { maxSteps: 3, tokenBudget: 100_000, turnBudgetMs: 5000, modelTimeoutMs: 2000 },
    });
    const result = await runTurn(deps, await textTheLine(db, world, 'help with something'));
    expect(model.requests).toHaveLength(3);
    expect(result.outcome).toBe('handoff');
    expect(result.reply).toMatch(/alerted a person/);
    expect(await textsTo(db, world.landlordPhone)).toHaveLength(1);
  });

  it('a crashed turn is retried without a second ticket, however the retry words its call', async () => {
    await fresh();
    const crash = new ScriptedModel([
      call('create_ticket', { description: 'Toilet clogged', category: 'plumbing', severity: 'urgent' }),
      () => {
        throw new Error('worker killed');
      },
    ]);
    const envelope = await textTheLine(db, world, 'toilet clogged');
    await expect(runTurn(agentDeps(db, { model: crash, fallback: crash }), envelope)).rejects.toThrow(
      'worker killed',
    );
    expect(await ticketsOf(world)).toHaveLength(1);

    // The retry's model words it differently; the saved step answers, not a second ticket.
    const retry = new ScriptedModel([
      call('create_ticket', {
        description: 'The toilet is clogged again',
        category: 'plumbing',
        severity: 'urgent',
      }),
      say('Done, ticket opened.'),
    ]);
    const result = await runTurn(agentDeps(db, { model: retry }), envelope);
    expect(result.outcome).toBe('replied');
    expect(await ticketsOf(world)).toHaveLength(1);
    const turn = await db.prisma.agentTurn.findFirstOrThrow({
      where: { messageId: envelope.payload.message_id as string },
    });
    expect(turn.attempts).toBe(2);

    // Even with the saved step lost (crash between the ticket's commit and the save), the
    // idempotency key finds the first ticket.
    await db.prisma.agentTurn.update({ where: { id: turn.id }, data: { status: 'running', steps: [] } });
    await db.prisma.processedEvent.deleteMany({ where: { eventId: envelope.event_id } });
    const again = new ScriptedModel([
      call('create_ticket', { description: 'clog', category: 'plumbing', severity: 'urgent' }),
      say('ok'),
    ]);
    await runTurn(agentDeps(db, { model: again }), envelope);
    expect(await ticketsOf(world)).toHaveLength(1);
  });

  it('hands a resident who asks for a person to the landlord, with a summary on the ticket', async () => {
    await fresh();
    const ticket = await newTicket(db, world);
    const untouched = new ScriptedModel([]);
    const result = await runTurn(
      agentDeps(db, { model: untouched, fallback: untouched }),
      await textTheLine(db, world, 'this is taking forever, can I talk to a real person?'),
    );
    expect(result.outcome).toBe('handoff');
    expect(untouched.requests).toHaveLength(0);
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('escalated');
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { ticketId: ticket.id, action: 'ticket.escalated' },
    });
    expect(JSON.stringify(audit.after)).toContain('Resident: this is taking forever');
    expect((await textsTo(db, world.landlordPhone)).join(' ')).toContain(ticket.code);
    expect((await textsTo(db, world.residentPhone)).at(-1)).toContain(ticket.code);
  });

  it('asks an unknown number for its address once, then passes it to the landlord', async () => {
    await fresh();
    const stranger = '+13125550163';
    await runTurn(agentDeps(db), await textTheLine(db, world, 'hi my sink is leaking', stranger));
    // One polite request for their address, from the agent (the webhook itself queues nothing).
    expect(await textsTo(db, stranger)).toHaveLength(1);
    expect((await textsTo(db, stranger))[0]).toMatch(/address/);

    const result = await runTurn(
      agentDeps(db),
      await textTheLine(db, world, '12 Main St, apartment 7', stranger),
    );
    expect(result.outcome).toBe('handoff');
    const texts = await textsTo(db, stranger);
    expect(texts).toHaveLength(2);
    expect(texts[1]).not.toContain('[handoff]');
    const alert = (await textsTo(db, world.landlordPhone)).join(' ');
    expect(alert).toContain('12 Main St');
    expect(await ticketsOf(world)).toEqual([]);
  });

  it('redelivery of a finished turn does nothing', async () => {
    await fresh();
    const envelope = await textTheLine(db, world, 'hello');
    await runTurn(agentDeps(db, { model: new ScriptedModel([say('Hi! What can I help with?')]) }), envelope);
    const second = await runTurn(agentDeps(db, { model: new ScriptedModel([]) }), envelope);
    expect(second.outcome).toBe('duplicate');
    expect(await textsTo(db, world.residentPhone)).toEqual(['Hi! What can I help with?']);
  });

  it('answers with the deterministic model when the configured one is down', async () => {
    await fresh();
    const down = new ScriptedModel([
      () => {
        throw new ModelUnavailableError('rate_limited', '429 after retries');
      },
    ]);
    const result = await runTurn(
      agentDeps(db, { model: down }),
      await textTheLine(db, world, 'my sink is leaking'),
    );
    expect(result).toMatchObject({
      outcome: 'replied',
      modelKind: 'deterministic',
      fallbackReason: 'rate_limited',
    });
    expect((await textsTo(db, world.residentPhone))[0]).toMatch(/\S/);
  });

  it('withholds a reply that carries another resident’s data', async () => {
    await fresh();
    const other = await newTicket(db, world, { residentPhone: undefined, description: 'Other unit leak' });
    await db.prisma.ticket.update({ where: { id: other.id }, data: { residentId: null } });
    const leaky = new ScriptedModel([say(`Ticket ${other.code} is the one in 102, call +13125550199.`)]);
    const result = await runTurn(
      agentDeps(db, { model: leaky }),
      await textTheLine(db, world, 'list all tickets'),
    );
    expect(result.outcome).toBe('guarded');
    const texts = await textsTo(db, world.residentPhone);
    expect(texts.join(' ')).not.toContain(other.code);
    expect(texts.join(' ')).not.toContain('5550199');
  });

  it('gives safety advice and opens an emergency ticket even when every model fails', async () => {
    await fresh();
    const dead = new ScriptedModel([]);
    const result = await runTurn(
      agentDeps(db, { model: dead, fallback: dead }),
      await textTheLine(db, world, 'water pouring from the ceiling in 101!!'),
    );
    expect(result.outcome).toBe('emergency');
    expect(dead.requests).toHaveLength(0);
    const [ticket] = await ticketsOf(world);
    expect(ticket).toMatchObject({ severity: 'emergency', category: 'plumbing', status: 'triaged' });
    const texts = await textsTo(db, world.residentPhone);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain(ticket!.code);
  });
});
