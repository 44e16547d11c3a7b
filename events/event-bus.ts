// The event-bus port. Two adapters: Kafka (kafkajs) for production and in-process delivery for the
// embedded default. Both give at-least-once delivery, in order per key, to one member of each
// consumer group; handlers must be idempotent (see the inbox in events/inbox.ts).
import type { EventEnvelope } from './envelope.ts';

export interface PublishMessage {
  envelope: EventEnvelope;
  /** Defaults to the aggregate id. */
  key?: string;
}

export interface DeliveryInfo {
  topic: string;
  key: string;
  partition: number;
  /** How many times this delivery has been attempted in this process (1 = first). */
  attempt: number;
}

export type EventHandler = (envelope: EventEnvelope, info: DeliveryInfo) => Promise<void>;

export interface SubscribeOptions {
  /** Consumer group: each group receives every event once; members of a group share the work. */
  group: string;
  /** Event types (topics) to receive. */
  topics: string[];
  handler: EventHandler;
  /** Start from the earliest retained event when the group has no committed position. */
  fromBeginning?: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface BusHealth {
  ok: boolean;
  detail: string;
}

export interface EventBus {
  readonly kind: 'kafka' | 'in-process';
  /** Resolves once every message is acknowledged by the bus (acks=all on Kafka). */
  publish(messages: PublishMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  health(): Promise<BusHealth>;
  /** Stops consumers first, then the producer. Safe to call twice. */
  close(): Promise<void>;
}
