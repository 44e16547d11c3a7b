// The same handler receives the same envelope through either adapter of the event-bus port:
// Kafka against a real broker, and in-process delivery.
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnvelope, type EventEnvelope } from '../../events/envelope.ts';
import type { DeliveryInfo, EventBus } from '../../events/event-bus.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { KafkaEventBus } from '../../events/kafka-bus.ts';
import { collector } from '../support/deferred.ts';
import { testEnv } from '../support/env.ts';
import { testLogger } from '../support/logger.ts';

type Adapter = { name: string; make: () => EventBus };
const runId = crypto.randomBytes(4).toString('hex');
const adapters: Adapter[] = [
  { name: 'in-process', make: () => new InProcessEventBus({ logger: testLogger, retryBaseMs: 5 }) },
];
if (testEnv.kafkaBrokers) {
  adapters.push({
    name: 'kafka',
    make: () =>
      new KafkaEventBus({
        brokers: testEnv.kafkaBrokers!,
        clientId: 'fixline-test',
        topicPrefix: `test_${runId}_${crypto.randomBytes(3).toString('hex')}.`,
        logger: testLogger,
      }),
  });
}

function ticketEvent(ticketId: string, version: number): EventEnvelope {
  return createEnvelope({
    type: 'ticket.created',
    tenant_id: 't_demo',
    aggregate_type: 'ticket',
    aggregate_id: ticketId,
    version,
    correlation_id: `corr-${ticketId}`,
    causation_id: null,
    payload: { ticket_id: ticketId, description: 'Elevator stuck on 3rd floor', n: version },
  });
}

describe.each(adapters)('$name event bus', ({ make }) => {
  const buses: EventBus[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  it('delivers each published envelope unchanged, in order per key, to each consumer group', async () => {
    const bus = make();
    buses.push(bus);
    const events = [
      ticketEvent('tkt_a', 1),
      ticketEvent('tkt_b', 1),
      ticketEvent('tkt_a', 2),
      ticketEvent('tkt_a', 3),
    ];
    const audit = collector<{ env: EventEnvelope; info: DeliveryInfo }>(events.length);
    const booking = collector<EventEnvelope>(events.length);
    await bus.subscribe({
      group: 'audit',
      topics: ['ticket.created'],
      handler: async (env, info) => audit.push({ env, info }),
    });
    await bus.subscribe({
      group: 'booking',
      topics: ['ticket.created'],
      handler: async (env) => booking.push(env),
    });
    await bus.publish(events.map((envelope) => ({ envelope })));

    const received = await audit.done;
    expect(received.map((r) => r.env).sort(byId)).toEqual([...events].sort(byId));
    expect((await booking.done).sort(byId)).toEqual([...events].sort(byId));
    const versionsOfA = received.filter((r) => r.env.aggregate_id === 'tkt_a').map((r) => r.env.version);
    expect(versionsOfA).toEqual([1, 2, 3]);
    expect(
      received.every((r) => r.info.key === r.env.aggregate_id && r.info.topic.endsWith('ticket.created')),
    ).toBe(true);
  });

  it('redelivers an event whose handler failed (nothing is acknowledged before it is handled)', async () => {
    const bus = make();
    buses.push(bus);
    const event = ticketEvent('tkt_retry', 1);
    const seen = collector<number>(2);
    await bus.subscribe({
      group: 'flaky',
      topics: ['ticket.created'],
      handler: async (env, info) => {
        if (env.event_id !== event.event_id) return;
        seen.push(info.attempt);
        if (info.attempt === 1) throw new Error('transient failure');
      },
    });
    await bus.publish([{ envelope: event }]);
    expect(await seen.done).toEqual([1, 2]);
  });

  it('reports health', async () => {
    const bus = make();
    buses.push(bus);
    expect((await bus.health()).ok).toBe(true);
  });
});

function byId(a: EventEnvelope, b: EventEnvelope) {
  return a.event_id.localeCompare(b.event_id);
}
