// The agent inside the running system: relay → bus → agent turns → tools → booking → vendor YES.
// A resident's messages in one conversation are answered one at a time, in order; an emergency
// reported by SMS ends with safety advice, an emergency ticket and a booked vendor, with no model.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeAgent } from '../../agent/consumer.ts';
import type { ModelPort } from '../../agent/model.ts';
import { KafkaEventBus } from '../../events/kafka-bus.ts';
import { OutboxRelay } from '../../workers/relay.ts';
import { testEnv } from '../support/env.ts';
import type { BookingPolicy } from '../../domain/booking-policy.ts';
import type { Subscription } from '../../events/event-bus.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { agentDeps, say, ScriptedModel, textTheLine } from '../support/agent-world.ts';
import { createWorld, startWorkers, type Workers } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { waitUntil } from '../support/deferred.ts';
import { testLogger } from '../support/logger.ts';

const POLICY: BookingPolicy = {
  offerTimeoutMs: { emergency: 5_000, urgent: 5_000, routine: 5_000 },
  slaMs: { emergency: 60_000, urgent: 60_000, routine: 60_000 },
};

describe('agent in the running system', () => {
  let db: TestDatabase;
  let workers: Workers;
  let agent: Subscription[] = [];
  const bus = new InProcessEventBus({ logger: testLogger });
  const scripted = new ScriptedModel(
    Array.from({ length: 3 }, () => async (req: Parameters<ScriptedModel['complete']>[0]) => {
      // Slow enough that later messages arrive while this turn still runs.
      await new Promise((r) => setTimeout(r, 150));
      const last = req.messages.at(-1)!.content as string;
      return say(`got: ${last}`);
    }),
  );
  let orderTenant = '';

  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend(), { poolSize: 10 });
    workers = await startWorkers(db, bus, POLICY);
    const deterministic = agentDeps(db, { booking: { policy: POLICY } });
    // One agent: the scripted model for the ordering tenant, the deterministic one for the rest.
    agent = await subscribeAgent(bus, {
      ...deterministic,
      model: {
        kind: 'openai',
        complete: (req) =>
          req.facts?.resident &&
          orderTenant &&
          req.messages.some((m) => m.role === 'user' && m.content.startsWith('order '))
            ? scripted.complete(req)
            : deterministic.fallback.complete(req),
      },
    });
  });
  afterAll(async () => {
    for (const s of agent) await s.stop();
    await workers?.stop();
    await bus.close();
    await db?.drop();
  });

  it('answers one conversation’s messages one at a time, in arrival order', async () => {
    const world = await createWorld(db);
    orderTenant = world.tenantId;
    for (const n of [1, 2, 3]) await textTheLine(db, world, `order ${n}`);
    await waitUntil(
      async () =>
        (await db.prisma.agentTurn.count({ where: { tenantId: world.tenantId, status: 'done' } })) === 3,
      15_000,
    );
    expect(scripted.requests.map((r) => r.messages.at(-1)!.content)).toEqual([
      'order 1',
      'order 2',
      'order 3',
    ]);
    // Each turn saw the replies to the earlier ones: they had finished before it started.
    const third = scripted.requests[2]!.messages.filter((m) => m.role !== 'system').map((m) => m.content);
    // (in the order things happened: the resident had sent "order 2" before the first reply).
    expect(third).toEqual(['order 1', 'order 2', 'got: order 1', 'got: order 2', 'order 3']);
  });

  it('an emergency by SMS: safety advice, an emergency ticket and a booked vendor', async () => {
    const world = await createWorld(db);
    for (const v of world.vendors) workers.behave(v.phone, (_sms, code) => `YES ${code}`);
    await textTheLine(db, world, 'water pouring from the ceiling in 101');
    let ticketId = '';
    await waitUntil(async () => {
      const t = await db.prisma.ticket.findFirst({ where: { tenantId: world.tenantId } });
      ticketId = t?.id ?? '';
      return t?.status === 'scheduled';
    }, 15_000);
    const ticket = await db.prisma.ticket.findUniqueOrThrow({
      where: { id: ticketId },
      include: { appointments: true },
    });
    expect(ticket).toMatchObject({ severity: 'emergency', category: 'plumbing', unitId: world.unitId });
    expect(ticket.appointments).toHaveLength(1);
    await waitUntil(
      async () => workers.transport.sent.filter((s) => s.to === world.residentPhone).length >= 3,
      10_000,
    );
    const texts = workers.transport.sent.filter((s) => s.to === world.residentPhone).map((s) => s.body);
    expect(texts[0]).toMatch(/valve|water|outlet/i);
    expect(texts[1]).toContain(ticket.code);
  });
});

describe.runIf(testEnv.kafkaBrokers)('agent turns across two workers on Kafka', () => {
  let db: TestDatabase;
  let relay: OutboxRelay;
  const prefix = `agent_${crypto.randomBytes(4).toString('hex')}.`;
  const buses = [1, 2].map(
    (n) =>
      new KafkaEventBus({
        brokers: testEnv.kafkaBrokers ?? [],
        clientId: `fixline-agent-test-${n}`,
        topicPrefix: prefix,
        logger: testLogger,
      }),
  );
  const seen: { who: string; messages: string[] }[] = [];
  const model: ModelPort = {
    kind: 'openai',
    async complete(req) {
      const messages = req.messages.filter((m) => m.role !== 'system').map((m) => m.content ?? '');
      seen.push({ who: req.facts!.resident!.name, messages });
      await new Promise((r) => setTimeout(r, 100));
      return say(`got: ${messages.at(-1)}`);
    },
  };
  let subscriptions: Subscription[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend(), { poolSize: 10 });
    for (const bus of buses) subscriptions.push(...(await subscribeAgent(bus, agentDeps(db, { model }))));
    relay = new OutboxRelay(
      { pool: db.pool, bus: buses[0]!, logger: testLogger },
      { pollMs: 10, listen: db.kind === 'postgres' },
    );
    await relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    for (const s of subscriptions) await s.stop();
    subscriptions = [];
    for (const bus of buses) await bus.close();
    await db?.drop();
  });

  it('keeps each conversation in order while two workers share the work', async () => {
    const world = await createWorld(db);
    const bob = { ...world, residentPhone: '+13125550177' };
    await db.prisma.resident.create({
      data: {
        id: `r_bob_${world.tenantId}`,
        tenantId: world.tenantId,
        unitId: world.unitId,
        name: 'Bob',
        phone: bob.residentPhone,
      },
    });
    for (const n of [1, 2, 3]) {
      await textTheLine(db, world, `alice ${n}`);
      await textTheLine(db, bob, `bob ${n}`);
    }
    await waitUntil(
      async () =>
        (await db.prisma.agentTurn.count({ where: { tenantId: world.tenantId, status: 'done' } })) === 6,
      60_000,
    );
    for (const [who, name] of [
      ['alice', 'Alice'],
      ['bob', 'Bob'],
    ] as const) {
      const turns = seen.filter((s) => s.who === name);
      expect(turns.map((t) => t.messages.at(-1))).toEqual([`${who} 1`, `${who} 2`, `${who} 3`]);
      // Each turn started after the previous one's reply was committed.
      expect(turns[2]!.messages).toEqual(expect.arrayContaining([`got: ${who} 1`, `got: ${who} 2`]));
    }
  }, 90_000);
});
