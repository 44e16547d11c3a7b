// Prometheus metrics, one registry per service process. Counters and histograms are recorded where
// things happen (the relay); queue gauges are read from the outbox table when /metrics is scraped,
// so they are true for the whole cluster, whichever process relays.
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface OutboxMetrics {
  published: Counter;
  failed: Counter;
  dead: Counter;
  /** From the row's creation (its transaction's start) to the broker's acknowledgement. */
  publishLatency: Histogram;
}

export interface BookingMetrics {
  /** Ticket created → appointment booked, by severity. */
  timeToBook: Histogram<'severity'>;
  /** A ticket's first inbound message → the first message back to that person, by severity. */
  timeToFirstResponse: Histogram<'severity'>;
}

export interface Metrics {
  registry: Registry;
  outbox: OutboxMetrics;
  booking: BookingMetrics;
  /** Prometheus text for a scrape: refreshes the queue gauges from the database first. */
  scrape(pool: pg.Pool): Promise<string>;
}

const QUEUE_SQL = `
SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
       count(*) FILTER (WHERE status = 'dead')::int AS dead,
       coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8 AS oldest
FROM outbox_events WHERE status IN ('pending', 'dead')`;

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'fixline_' });
  const registers = [registry];
  const outbox: OutboxMetrics = {
    published: new Counter({
      name: 'fixline_outbox_published_total',
      help: 'Outbox events acknowledged by the event bus.',
      registers,
    }),
    failed: new Counter({
      name: 'fixline_outbox_publish_failures_total',
      help: 'Outbox events whose publish attempt failed (each attempt counts).',
      registers,
    }),
    dead: new Counter({
      name: 'fixline_outbox_dead_lettered_total',
      help: 'Outbox events marked dead after exhausting their attempts.',
      registers,
    }),
    publishLatency: new Histogram({
      name: 'fixline_outbox_publish_latency_seconds',
      help: 'Time from an outbox row being written to the broker acknowledging it.',
      buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
  };
  const booking: BookingMetrics = {
    timeToBook: new Histogram({
      name: 'fixline_time_to_book_seconds',
      help: 'Time from a ticket being created to its appointment being booked.',
      labelNames: ['severity'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 86400],
      registers,
    }),
    timeToFirstResponse: new Histogram({
      name: 'fixline_time_to_first_response_seconds',
      help: "Time from a ticket's first inbound message to the first message sent back to that person.",
      labelNames: ['severity'],
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 14400],
      registers,
    }),
  };
  const pending = new Gauge({
    name: 'fixline_outbox_pending',
    help: 'Outbox events waiting to be published.',
    registers,
  });
  const deadNow = new Gauge({
    name: 'fixline_outbox_dead',
    help: 'Outbox events currently dead-lettered (waiting for a re-queue).',
    registers,
  });
  const oldest = new Gauge({
    name: 'fixline_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending outbox event (0 when none).',
    registers,
  });

  return {
    registry,
    outbox,
    booking,
    async scrape(pool) {
      const { rows } = await pool.query<{ pending: number; dead: number; oldest: number }>(QUEUE_SQL);
      pending.set(rows[0]!.pending);
      deadNow.set(rows[0]!.dead);
      oldest.set(rows[0]!.oldest);
      return registry.metrics();
    },
  };
}
