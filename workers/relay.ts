// The outbox relay: claims committed outbox rows, publishes them through the event bus and marks
// them published, in one short transaction per batch. A crash between publish and mark republishes
// the batch (consumers drop duplicates by event_id); a broker outage leaves rows pending with
// exponential backoff, and after maxAttempts a row is marked dead (never dropped) until re-queued.
import type pg from 'pg';
import type { OutboxEvent } from '../generated/prisma/client.ts';
import { envelopeFromRow, OUTBOX_CHANNEL } from '../events/outbox.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../observability/logger.ts';
import type { OutboxMetrics } from '../observability/metrics.ts';
import { CLAIM_SQL, MARK_FAILED_SQL, MARK_PUBLISHED_SQL } from './outbox-claim.ts';
import { requeueDeadEvents } from './outbox-admin.ts';
import { PollLoop } from './poll-loop.ts';

export interface RelayDeps {
  pool: pg.Pool;
  bus: EventBus;
  logger: Logger;
  metrics?: OutboxMetrics;
  /** Called after the bus acknowledged a batch (benchmarks measure commit→ack with it). */
  onPublished?: (events: OutboxEvent[], ackedAt: number) => void;
}

export interface RelayOptions {
  batchSize?: number;
  /** Poll interval when no NOTIFY arrives (NOTIFY is only a hint). */
  pollMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Listen for NOTIFY on a dedicated connection (real Postgres; PGlite relies on polling). */
  listen?: boolean;
  /**
   * This is the only relay (the embedded database belongs to one process): commit the claim before
   * publishing instead of holding the row locks, because PGlite is one session and in-process
   * handlers need it while the batch is delivered. A crash before the rows are marked republishes
   * them, exactly as with the locks held.
   */
  soleRelay?: boolean;
}

export class OutboxRelay {
  private readonly opts: Required<RelayOptions>;
  private readonly loop: PollLoop;

  private readonly deps: RelayDeps;

  constructor(deps: RelayDeps, options: RelayOptions = {}) {
    this.deps = deps;
    this.opts = {
      batchSize: options.batchSize ?? 200,
      pollMs: options.pollMs ?? 500,
      maxAttempts: options.maxAttempts ?? 12,
      backoffBaseMs: options.backoffBaseMs ?? 200,
      backoffCapMs: options.backoffCapMs ?? 60_000,
      listen: options.listen ?? true,
      soleRelay: options.soleRelay ?? false,
    };
    this.loop = new PollLoop({
      name: 'outbox relay',
      pool: deps.pool,
      logger: deps.logger,
      pollMs: this.opts.pollMs,
      listenChannel: this.opts.listen ? OUTBOX_CHANNEL : undefined,
      round: async () => (await this.relayOnce()) >= this.opts.batchSize,
    });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Claims and publishes one batch; returns how many rows it handled. */
  async relayOnce(): Promise<number> {
    const client = await this.deps.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<Record<string, unknown>>(CLAIM_SQL, [this.opts.batchSize]);
      if (rows.length === 0 || this.opts.soleRelay) await client.query('COMMIT');
      if (rows.length === 0) return 0;
      const events = rows.map(rowToOutboxEvent);
      const ids = events.map((e) => e.id);
      try {
        await this.deps.bus.publish(events.map((e) => ({ envelope: envelopeFromRow(e), key: e.key })));
        this.recordPublished(events, Date.now());
        await client.query(MARK_PUBLISHED_SQL, [ids]);
      } catch (err) {
        const message = (err as Error).message.slice(0, 1000);
        const marked = await client.query<{ status: string }>(MARK_FAILED_SQL, [
          ids,
          message,
          this.opts.maxAttempts,
          this.opts.backoffBaseMs,
          this.opts.backoffCapMs,
        ]);
        const dead = marked.rows.filter((r) => r.status === 'dead').length;
        this.deps.metrics?.failed.inc(ids.length);
        if (dead > 0) {
          this.deps.metrics?.dead.inc(dead);
          this.deps.logger.error({ err: message, count: dead }, 'outbox events dead-lettered; re-queue them');
        }
        this.deps.logger.warn({ err: message, count: ids.length }, 'outbox publish failed; will retry');
      }
      if (!this.opts.soleRelay) await client.query('COMMIT');
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Puts dead rows (all, or the given ids) back in the queue. Returns how many. */
  async requeueDead(ids?: string[]): Promise<number> {
    return (await requeueDeadEvents(this.deps.pool, { ids })).length;
  }

  private recordPublished(events: OutboxEvent[], ackedAt: number): void {
    const metrics = this.deps.metrics;
    if (metrics) {
      metrics.published.inc(events.length);
      for (const e of events) metrics.publishLatency.observe((ackedAt - e.createdAt.getTime()) / 1000);
    }
    this.deps.onPublished?.(events, ackedAt);
  }
}

function rowToOutboxEvent(r: Record<string, unknown>): OutboxEvent {
  return {
    id: r.id as string,
    position: BigInt(r.position as string),
    tenantId: r.tenant_id as string,
    aggregateType: r.aggregate_type as string,
    aggregateId: r.aggregate_id as string,
    eventType: r.event_type as string,
    key: r.key as string,
    payload: r.payload as OutboxEvent['payload'],
    headers: r.headers as OutboxEvent['headers'],
    correlationId: r.correlation_id as string,
    causationId: (r.causation_id as string | null) ?? null,
    status: r.status as OutboxEvent['status'],
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as Date,
    publishedAt: (r.published_at as Date | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: r.created_at as Date,
  };
}
