// Kafka event bus on kafkajs. Topic = event type (with an optional prefix), key = aggregate id.
// The producer is idempotent with acks=all; consumers commit an offset only after the handler
// succeeded, so a crash means redelivery (absorbed by the inbox), never loss.
import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type ISocketFactory,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import type { Logger } from '../observability/logger.ts';
import { eventEnvelopeSchema, eventHeaders, eventKey } from './envelope.ts';
import type { BusHealth, EventBus, PublishMessage, SubscribeOptions, Subscription } from './event-bus.ts';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  topicPrefix?: string;
  logger: Logger;
  /** Partitions for topics this bus creates. */
  partitions?: number;
  /** Opens every broker connection (kafkajs's default: plain TCP); tests route it through a proxy. */
  socketFactory?: ISocketFactory;
}

const PARTITIONS_IN_PARALLEL = 4;

export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly logger: Logger;
  private readonly prefix: string;
  private readonly partitions: number;
  private producer: Producer | undefined;
  private producerReady: Promise<Producer> | undefined;
  private admin: Admin | undefined;
  private adminReady: Promise<Admin> | undefined;
  private readonly consumers = new Set<Consumer>();
  private readonly knownTopics = new Set<string>();
  private closed = false;

  constructor(options: KafkaBusOptions) {
    this.logger = options.logger;
    this.prefix = options.topicPrefix ?? '';
    this.partitions = options.partitions ?? 3;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2_000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.logKafka(entry),
      socketFactory: options.socketFactory,
    });
  }

  topicFor(eventType: string): string {
    return this.prefix + eventType;
  }

  async publish(messages: PublishMessage[]): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    if (messages.length === 0) return;
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const { envelope, key = eventKey(envelope) } of messages) {
      const topic = this.topicFor(envelope.type);
      const list = byTopic.get(topic) ?? [];
      list.push({ key, value: JSON.stringify(envelope), headers: eventHeaders(envelope) });
      byTopic.set(topic, list);
    }
    await this.ensureTopics([...byTopic.keys()]);
    const producer = await this.connectedProducer();
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
      });
    } catch (err) {
      await this.discardProducer(producer);
      throw err;
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const topics = options.topics.map((t) => this.topicFor(t));
    await this.ensureTopics(topics);
    const consumer = this.kafka.consumer({
      groupId: this.prefix + options.group,
      retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 },
    });
    this.consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
    const attempts = new Map<string, number>();
    await consumer.run({
      // Partitions are handled side by side (one message at a time within each), so one slow event
      // does not hold up other tickets; a key always maps to one partition, so its order holds.
      partitionsConsumedConcurrently: PARTITIONS_IN_PARALLEL,
      eachMessage: async ({ topic, partition, message }) => {
        const parsed = eventEnvelopeSchema.safeParse(parseJson(message.value?.toString()));
        if (!parsed.success) {
          // A malformed message can never succeed: skip it loudly instead of blocking the partition.
          this.logger.error({ topic, partition, offset: message.offset }, 'skipping malformed event');
          return;
        }
        const slot = `${topic}/${partition}/${message.offset}`;
        const attempt = (attempts.get(slot) ?? 0) + 1;
        attempts.set(slot, attempt);
        await options.handler(parsed.data, {
          topic,
          partition,
          key: message.key?.toString() ?? '',
          attempt,
        });
        attempts.delete(slot);
      },
    });
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async health(): Promise<BusHealth> {
    try {
      const admin = await this.connectedAdmin();
      const cluster = await withTimeout(admin.describeCluster(), 2_000);
      return { ok: true, detail: `kafka: ${cluster.brokers.length} broker(s)` };
    } catch (err) {
      this.logger.warn({ err }, 'kafka health check failed');
      return { ok: false, detail: 'kafka: unreachable' };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    // Wait for connects in flight so their sockets are closed too.
    await Promise.allSettled([this.producerReady, this.adminReady]);
    await Promise.allSettled([this.producer?.disconnect(), this.admin?.disconnect()]);
  }

  private async connectedProducer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      this.producer = producer;
      await producer.connect();
      return producer;
    })().catch((err) => {
      this.producerReady = undefined;
      throw err;
    });
    return this.producerReady;
  }

  /**
   * A failed send may still have been written (the ack was lost), but kafkajs rewinds the
   * idempotence sequence numbers anyway; the broker would then take the next, different batch for
   * a duplicate of the written one and ack it without storing it. A new producer id starts clean.
   */
  private async discardProducer(producer: Producer): Promise<void> {
    if (this.producer !== producer) return;
    this.producer = undefined;
    this.producerReady = undefined;
    await producer.disconnect().catch(() => {});
  }

  private async connectedAdmin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin();
      this.admin = admin;
      await admin.connect();
      return admin;
    })().catch((err) => {
      this.adminReady = undefined;
      throw err;
    });
    return this.adminReady;
  }

  private async ensureTopics(topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const toCreate = missing.filter((t) => !existing.has(t));
    if (toCreate.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: toCreate.map((topic) => ({ topic, numPartitions: this.partitions })),
      });
    }
    for (const t of missing) this.knownTopics.add(t);
  }

  private logKafka(entry: LogEntry): void {
    const { message, ...rest } = entry.log;
    const level = entry.level <= logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
    this.logger[level]({ kafka: rest, namespace: entry.namespace }, message);
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
