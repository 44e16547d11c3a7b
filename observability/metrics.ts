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
  /**
   * Vendor replies answered, by who read them (parser, model, or fallback: the model was asked but
   * its answer could not be used) and the intent read (for fallback: the model's, or `error`).
   */
  vendorReplyInterpretations: Counter<'by' | 'intent'>;
}

export interface AgentMetrics {
  /** One model call, by adapter (openai | deterministic). */
  modelLatency: Histogram<'kind'>;
  /** Input + output tokens of one turn. */
  turnTokens: Histogram;
  /** Agent turns finished, by outcome (replied, emergency, handoff, guarded) and adapter. */
  turns: Counter<'outcome' | 'model'>;
  /** Turns answered by the deterministic model because the configured one failed, by reason. */
  fallbacks: Counter<'reason'>;
  /** Replies withheld by the reply guard, by what they would have leaked. */
  guarded: Counter<'violation'>;
  /** Resident messages a conversation took to reach a ticket. */
  turnsToTicket: Histogram;
  /** Tokens a conversation spent to reach a ticket. */
  ticketTokens: Histogram;
  /** API/MCP tickets triaged, by who classified them (model | lexicon). */
  triage: Counter<'by'>;
}

export interface Metrics {
  registry: Registry;
  outbox: OutboxMetrics;
  booking: BookingMetrics;
  agent: AgentMetrics;
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
    vendorReplyInterpretations: new Counter({
      name: 'fixline_vendor_reply_interpretations_total',
      help: 'Vendor SMS replies answered, by who interpreted them (parser, model, fallback) and the intent.',
      labelNames: ['by', 'intent'],
      registers,
    }),
  };
  const agent: AgentMetrics = {
    modelLatency: new Histogram({
      name: 'fixline_agent_model_latency_seconds',
      help: 'One model call of an agent turn, by adapter.',
      labelNames: ['kind'],
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30],
      registers,
    }),
    turnTokens: new Histogram({
      name: 'fixline_agent_turn_tokens',
      help: 'Input plus output tokens of one agent turn.',
      buckets: [0, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000],
      registers,
    }),
    turns: new Counter({
      name: 'fixline_agent_turns_total',
      help: 'Agent turns finished, by outcome and model adapter.',
      labelNames: ['outcome', 'model'],
      registers,
    }),
    fallbacks: new Counter({
      name: 'fixline_agent_fallbacks_total',
      help: 'Turns the deterministic model finished because the configured model failed, by reason.',
      labelNames: ['reason'],
      registers,
    }),
    guarded: new Counter({
      name: 'fixline_agent_replies_guarded_total',
      help: 'Agent replies withheld by the reply guard, by what they would have leaked.',
      labelNames: ['violation'],
      registers,
    }),
    turnsToTicket: new Histogram({
      name: 'fixline_agent_turns_to_ticket',
      help: 'Resident messages a conversation took to reach a ticket.',
      buckets: [1, 2, 3, 4, 5, 6, 8, 10, 15],
      registers,
    }),
    ticketTokens: new Histogram({
      name: 'fixline_agent_ticket_tokens',
      help: 'Tokens a conversation spent to reach a ticket.',
      buckets: [0, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000],
      registers,
    }),
    triage: new Counter({
      name: 'fixline_triage_total',
      help: 'Tickets created without a trade or severity that triage classified, by model or lexicon.',
      labelNames: ['by'],
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
    agent,
    async scrape(pool) {
      const { rows } = await pool.query<{ pending: number; dead: number; oldest: number }>(QUEUE_SQL);
      pending.set(rows[0]!.pending);
      deadNow.set(rows[0]!.dead);
      oldest.set(rows[0]!.oldest);
      return registry.metrics();
    },
  };
}
