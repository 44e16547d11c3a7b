// In-process event bus: the embedded default when no KAFKA_BROKERS is set. Same contract as Kafka:
// every consumer group gets each event, in order per key, retried with backoff when a handler
// fails. publish() resolves only once every subscribed group has handled the event, and rejects if
// one gave up, so the relay keeps the outbox row pending and retries (the inbox absorbs repeats):
// with no broker to hold events, the outbox row is their only durable copy.
import type { Logger } from '../observability/logger.ts';
import { eventKey } from './envelope.ts';
import type {
  BusHealth,
  EventBus,
  EventHandler,
  PublishMessage,
  SubscribeOptions,
  Subscription,
} from './event-bus.ts';
import type { EventEnvelope } from './envelope.ts';

export interface InProcessBusOptions {
  logger: Logger;
  /** Handler attempts before an event is given up on (logged as an error). */
  maxAttempts?: number;
  retryBaseMs?: number;
}

interface Group {
  topics: Set<string>;
  handler: EventHandler;
  /** Tail of each key's delivery chain: one key's events run one after another. */
  chains: Map<string, Promise<void>>;
}

export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly groups = new Map<string, Group>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;

  constructor(options: InProcessBusOptions) {
    this.logger = options.logger;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.retryBaseMs = options.retryBaseMs ?? 50;
  }

  async publish(messages: PublishMessage[]): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    const deliveries: Promise<void>[] = [];
    for (const { envelope, key = eventKey(envelope) } of messages) {
      for (const group of this.groups.values()) {
        if (group.topics.has(envelope.type)) deliveries.push(this.enqueue(group, key, envelope));
      }
    }
    const failed = (await Promise.allSettled(deliveries)).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.groups.has(options.group)) throw new Error(`consumer group ${options.group} already subscribed`);
    const group: Group = { topics: new Set(options.topics), handler: options.handler, chains: new Map() };
    this.groups.set(options.group, group);
    return {
      stop: async () => {
        this.groups.delete(options.group);
        await Promise.allSettled([...group.chains.values()]);
      },
    };
  }

  async health(): Promise<BusHealth> {
    return this.closed ? { ok: false, detail: 'closed' } : { ok: true, detail: 'in-process' };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    this.groups.clear();
  }

  private enqueue(group: Group, key: string, envelope: EventEnvelope): Promise<void> {
    const previous = group.chains.get(key) ?? Promise.resolve();
    // A failed predecessor does not stop the chain; its publisher sees the failure.
    const next = previous.catch(() => {}).then(() => this.deliver(group, key, envelope));
    group.chains.set(key, next);
    this.inFlight.add(next);
    void next
      .finally(() => {
        this.inFlight.delete(next);
        if (group.chains.get(key) === next) group.chains.delete(key);
      })
      .catch(() => {});
    return next;
  }

  private async deliver(group: Group, key: string, envelope: EventEnvelope): Promise<void> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        await group.handler(envelope, { topic: envelope.type, key, partition: 0, attempt });
        return;
      } catch (err) {
        const log = { err, event_id: envelope.event_id, type: envelope.type, attempt };
        if (attempt === this.maxAttempts || this.closed) {
          this.logger.error({ ...log, correlation_id: envelope.correlation_id }, 'event handler gave up');
          throw err;
        }
        this.logger.warn(log, 'event handler failed; retrying');
        await sleep(Math.min(this.retryBaseMs * 2 ** (attempt - 1), 1_000));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
