// Triage on the OpenAI adapter, through the real `openai` SDK with its HTTP answered by msw: the
// model's trade and severity when its answer is usable, the lexicon whenever it is not (bad
// arguments, no call, a hanging or failing provider), the emergency floor, and no model call
// inside a transaction or on redelivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeAgent } from '../../agent/consumer.ts';
import { DeterministicModel } from '../../agent/deterministic-model.ts';
import { loadPrompt } from '../../agent/prompts.ts';
import { triageTicket, type TriageDeps } from '../../agent/triage.ts';
import { classifyProblem } from '../../domain/intake-lexicon.ts';
import { TRADES } from '../../domain/trades.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { envelopeFromRow } from '../../events/outbox.ts';
import { createMetrics, type Metrics } from '../../observability/metrics.ts';
import { updateTicket } from '../../services/ticket-changes.ts';
import { agentDeps, TEST_LIMITS } from '../support/agent-world.ts';
import { createWorld, newTicket, type World } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { testLogger } from '../support/logger.ts';
import {
  errorReply,
  hangingReply,
  mockedOpenAiModel,
  textReply,
  toolCallsReply,
  useOpenAiMock,
} from '../support/openai-mock.ts';

// The lexicon finds no problem it knows here (a routine general job); an electrician is needed.
const GFCI = 'The GFCI by the vanity keeps tripping';
const classify = (args: object, options: { delayMs?: number } = {}) =>
  toolCallsReply([{ name: 'classify_ticket', arguments: JSON.stringify(args) }], options);

describe('triage with the model', () => {
  const openai = useOpenAiMock();
  let db: TestDatabase;
  let world: World;
  let metrics: Metrics;
  const model = (maxRetries = 1) => mockedOpenAiModel({ timeoutMs: 5_000, maxRetries });
  const deps = (overrides: Partial<TriageDeps> = {}): TriageDeps => ({
    prisma: db.prisma,
    model: model(),
    timeoutMs: 2_000,
    metrics: metrics.agent,
    logger: testLogger,
    ...overrides,
  });

  beforeAll(async () => {
    metrics = createMetrics({ defaultMetrics: false });
    db = await createTestDatabase(primaryBackend());
    world = await createWorld(db);
  });
  afterAll(async () => db?.drop());

  const untriaged = (description: string, extra: { category?: 'plumbing' } = {}) =>
    newTicket(db, world, { description, category: undefined, severity: undefined, ...extra });
  const createdEvent = async (ticketId: string) =>
    envelopeFromRow(
      await db.prisma.outboxEvent.findFirstOrThrow({
        where: { aggregateId: ticketId, eventType: 'ticket.created' },
      }),
    );
  const ticketOf = (id: string) => db.prisma.ticket.findUniqueOrThrow({ where: { id } });
  const triageRecords = async (ticketId: string) =>
    (await db.prisma.auditLog.findMany({ where: { ticketId, action: 'ticket.triaged' } })).map((a) => ({
      actor: a.actor,
      ...(a.after as Record<string, unknown>),
    }));
  const eventTypes = async (ticketId: string) =>
    (await db.prisma.outboxEvent.findMany({ where: { aggregateId: ticketId } })).map((e) => e.eventType);
  const counted = async (by: string) =>
    (await metrics.agent.triage.get()).values.find((v) => v.labels.by === by)?.value ?? 0;

  it('takes the trade and severity the model gives, records who classified it, and starts booking', async () => {
    expect(classifyProblem(GFCI)).toBeNull();
    const ticket = await untriaged(GFCI);
    openai.enqueue(
      classify({
        category: 'electrical',
        severity: 'urgent',
        reason: 'A tripping GFCI is an electrical fault.',
      }),
    );

    expect(await triageTicket(deps(), await createdEvent(ticket.id))).toBe('triaged');

    expect(await ticketOf(ticket.id)).toMatchObject({
      category: 'electrical',
      severity: 'urgent',
      status: 'triaged',
    });
    expect((await eventTypes(ticket.id)).sort()).toEqual([
      'intake.completed',
      'ticket.created',
      'ticket.updated',
    ]);
    expect(await triageRecords(ticket.id)).toEqual([
      {
        actor: 'system:triage',
        by: 'model',
        model: 'gpt-test',
        prompt: 'ticket-triage.v1',
        prompt_hash: loadPrompt('ticket-triage.v1').hash,
        reason: 'A tripping GFCI is an electrical fault.',
        suggested: { category: 'electrical', severity: 'urgent' },
        category: 'electrical',
        severity: 'urgent',
      },
    ]);
    expect(await counted('model')).toBe(1);

    // What the provider got: the prompt with the trade list, the description as the user's words,
    // one tool whose schema lists the trades, and a tool_choice forcing it.
    const [request] = openai.requests;
    const body = request!.body;
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'classify_ticket' } });
    expect(body.messages).toHaveLength(2);
    expect(body.messages[1]).toEqual({ role: 'user', content: GFCI });
    const system = body.messages[0] as { role: string; content: string };
    expect(system.role).toBe('system');
    expect(system.content).not.toContain(GFCI);
    expect(system.content).not.toContain('{{');
    for (const trade of TRADES) expect(system.content).toContain(`\`${trade}\``);
    const tool = body.tools![0] as {
      function: { name: string; parameters: { properties: Record<string, { enum?: string[] }> } };
    };
    expect(tool.function.name).toBe('classify_ticket');
    expect(tool.function.parameters.properties.category!.enum).toEqual([...TRADES]);
    expect(tool.function.parameters.properties.severity!.enum).toEqual(['emergency', 'urgent', 'routine']);
  });

  it.each([
    ['a trade not on the list', classify({ category: 'carpentry', severity: 'routine' })],
    ['a severity not on the list', classify({ category: 'electrical', severity: 'asap' })],
    [
      'arguments that are not JSON',
      toolCallsReply([{ name: 'classify_ticket', arguments: '{"category": ' }]),
    ],
    ['text instead of the tool call', textReply('electrical, urgent')],
    ['a call of another tool', toolCallsReply([{ name: 'create_ticket', arguments: '{}' }])],
  ])('falls back to the lexicon when the model answers with %s', async (_, reply) => {
    const description = 'Tenant says the mini-split drips onto the floor';
    const lexicon = classifyProblem(description)!;
    const ticket = await untriaged(description);
    openai.enqueue(reply);
    const before = await counted('lexicon');

    expect(await triageTicket(deps(), await createdEvent(ticket.id))).toBe('triaged');

    expect(openai.requests).toHaveLength(1);
    expect(await ticketOf(ticket.id)).toMatchObject({
      category: lexicon.category,
      severity: lexicon.severity,
      status: 'triaged',
    });
    expect(await eventTypes(ticket.id)).toContain('intake.completed');
    expect(await triageRecords(ticket.id)).toEqual([
      expect.objectContaining({ by: 'lexicon', model_error: 'invalid_answer', category: lexicon.category }),
    ]);
    expect(await counted('lexicon')).toBe(before + 1);
  });

  it('takes an answer whose optional reason is null, as many models send it', async () => {
    const ticket = await untriaged(GFCI);
    openai.enqueue(classify({ category: 'electrical', severity: 'urgent', reason: null }));
    expect(await triageTicket(deps(), await createdEvent(ticket.id))).toBe('triaged');
    expect(await triageRecords(ticket.id)).toEqual([expect.objectContaining({ by: 'model' })]);
    expect((await triageRecords(ticket.id))[0]).not.toHaveProperty('reason');
  });

  it('falls back to the lexicon within the timeout when the provider hangs', async () => {
    const ticket = await untriaged(GFCI);
    openai.always(hangingReply());
    const started = performance.now();
    expect(await triageTicket(deps({ timeoutMs: 300 }), await createdEvent(ticket.id))).toBe('triaged');
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(await ticketOf(ticket.id)).toMatchObject({
      category: 'general',
      severity: 'routine',
      status: 'triaged',
    });
    expect(await triageRecords(ticket.id)).toEqual([
      expect.objectContaining({ by: 'lexicon', model_error: 'timeout' }),
    ]);
  });

  it('falls back to the lexicon when the provider fails, after its retry', async () => {
    const ticket = await untriaged('Kitchen faucet drips all night');
    openai.always(errorReply(500));
    expect(await triageTicket(deps(), await createdEvent(ticket.id))).toBe('triaged');
    expect(openai.requests).toHaveLength(2);
    expect(await ticketOf(ticket.id)).toMatchObject({ category: 'plumbing', status: 'triaged' });
    expect(await triageRecords(ticket.id)).toEqual([
      expect.objectContaining({ by: 'lexicon', model_error: 'server_error' }),
    ]);
  });

  it('makes what the emergency detector sees an emergency, whatever the model says', async () => {
    const ticket = await untriaged('gas smell in the hallway');
    openai.enqueue(classify({ category: 'plumbing', severity: 'routine' }));
    expect(await triageTicket(deps(), await createdEvent(ticket.id))).toBe('triaged');
    expect(await ticketOf(ticket.id)).toMatchObject({
      category: 'plumbing',
      severity: 'emergency',
      status: 'triaged',
    });
    expect(await triageRecords(ticket.id)).toEqual([
      expect.objectContaining({
        by: 'model',
        suggested: { category: 'plumbing', severity: 'routine' },
        emergency_floor: 'gas',
        severity: 'emergency',
      }),
    ]);
  });

  it('keeps a field the ticket already has', async () => {
    const ticket = await untriaged(GFCI, { category: 'plumbing' });
    openai.enqueue(classify({ category: 'electrical', severity: 'urgent' }));
    expect(await triageTicket(deps(), await createdEvent(ticket.id))).toBe('triaged');
    expect(await ticketOf(ticket.id)).toMatchObject({ category: 'plumbing', severity: 'urgent' });
  });

  it('asks no model on redelivery and changes nothing twice', async () => {
    const ticket = await untriaged(GFCI);
    const envelope = await createdEvent(ticket.id);
    openai.enqueue(classify({ category: 'electrical', severity: 'urgent' }));
    expect(await triageTicket(deps(), envelope)).toBe('triaged');
    const after = await ticketOf(ticket.id);

    expect(await triageTicket(deps(), envelope)).toBe('duplicate');
    expect(openai.requests).toHaveLength(1);
    expect((await ticketOf(ticket.id)).version).toBe(after.version);
    expect(await triageRecords(ticket.id)).toHaveLength(1);
    expect((await eventTypes(ticket.id)).filter((t) => t === 'intake.completed')).toHaveLength(1);
  });

  it('leaves a ticket triaged by someone else alone, before or while the model thinks', async () => {
    const manager = { tenantId: world.tenantId, actor: 'api_key:k1', correlationId: 'corr-manager' };
    const before = await untriaged(GFCI);
    await updateTicket(db.prisma, manager, before.id, { category: 'general', severity: 'routine' });
    expect(await triageTicket(deps(), await createdEvent(before.id))).toBe('not_needed');
    expect(openai.requests).toHaveLength(0);

    const during = await untriaged(GFCI);
    openai.enqueue(classify({ category: 'electrical', severity: 'urgent' }, { delayMs: 300 }));
    const triage = triageTicket(deps(), await createdEvent(during.id));
    await openai.waitForRequests(1);
    await updateTicket(db.prisma, manager, during.id, { category: 'general', severity: 'routine' });
    expect(await triage).toBe('not_needed');

    for (const id of [before.id, during.id]) {
      expect(await ticketOf(id)).toMatchObject({
        category: 'general',
        severity: 'routine',
        status: 'triaged',
      });
      expect(await triageRecords(id)).toEqual([]);
    }
  });

  it.runIf(primaryBackend() === 'postgres')('holds no transaction open while the model thinks', async () => {
    const ticket = await untriaged(GFCI);
    openai.enqueue(classify({ category: 'electrical', severity: 'urgent' }, { delayMs: 400 }));
    const triage = triageTicket(deps(), await createdEvent(ticket.id));
    await openai.waitForRequests(1);
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(rows[0]!.n).toBe(0);
    expect(await triage).toBe('triaged');
  });

  it('uses the lexicon without asking when the model is the deterministic one', async () => {
    const ticket = await untriaged('cucarachas en el baño');
    expect(await triageTicket(deps({ model: new DeterministicModel() }), await createdEvent(ticket.id))).toBe(
      'triaged',
    );
    expect(await ticketOf(ticket.id)).toMatchObject({ category: 'pest', status: 'triaged' });
    expect(await triageRecords(ticket.id)).toEqual([
      {
        actor: 'system:triage',
        by: 'lexicon',
        suggested: expect.any(Object),
        category: 'pest',
        severity: expect.any(String),
      },
    ]);
  });

  it('is wired into the agent consumer with the configured model and its timeout', async () => {
    const bus = new InProcessEventBus({ logger: testLogger });
    const limits = { ...TEST_LIMITS, modelTimeoutMs: 300 };
    const subscriptions = await subscribeAgent(
      bus,
      agentDeps(db, { model: model(), metrics: metrics.agent, limits }),
    );
    try {
      const ticket = await untriaged(GFCI);
      openai.enqueue(classify({ category: 'electrical', severity: 'urgent' }));
      await bus.publish([{ envelope: await createdEvent(ticket.id) }]);
      expect(await ticketOf(ticket.id)).toMatchObject({ category: 'electrical', status: 'triaged' });
      expect(await triageRecords(ticket.id)).toEqual([expect.objectContaining({ by: 'model' })]);

      // The model's budget is the agent's (config.agent.modelTimeoutMs), not the adapter's 5 s.
      const hung = await untriaged(GFCI);
      openai.always(hangingReply());
      const started = performance.now();
      await bus.publish([{ envelope: await createdEvent(hung.id) }]);
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(await triageRecords(hung.id)).toEqual([
        expect.objectContaining({ by: 'lexicon', model_error: 'timeout' }),
      ]);
    } finally {
      for (const s of subscriptions) await s.stop();
      await bus.close();
    }
  });
});
