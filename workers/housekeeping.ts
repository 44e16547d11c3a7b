// Housekeeping: deletes rows whose work is done once they are past their retention, so the tables
// the hot paths read (outbox, inbox, agent turns, timers, idempotency keys) stay small and personal
// data in agent turns (transcripts of tool calls, access notes) is not kept forever.
// Kept: pending and dead outbox rows (only an operator settles those), running agent turns, due
// timers, every timer of a ticket still open (its dedupe key, e.g. `sla:<ticket>`, is what stops a
// re-dispatch from scheduling that timer again), and the business record (tickets, messages, audit).
// Deletes go in batches, so no sweep holds long locks; any number of processes may sweep at once.
import type pg from 'pg';
import { CLOSED } from '../domain/ticket-status.ts';
import type { Logger } from '../observability/logger.ts';
import { PollLoop } from './poll-loop.ts';

export interface RetentionPolicy {
  /** Days each kind of finished row is kept; 0 keeps it forever. */
  outboxDays: number;
  /** Must outlast the broker's retention: a consumer rewound to the oldest event needs its inbox. */
  inboxDays: number;
  agentTurnsDays: number;
  timersDays: number;
}

export interface HousekeepingOptions {
  intervalMs: number;
  /** Rows per DELETE statement. */
  batchSize?: number;
}

export type SweepCounts = Record<Sweep['name'], number>;

interface Sweep {
  name: 'outbox_events' | 'processed_events' | 'agent_turns' | 'timers' | 'idempotency_keys';
  /** Null: this table is kept forever. */
  days: number | null;
  /** Selects the ids of at most $2 deletable rows; $1 is the cut-off time. */
  select: string;
  key: string;
}

const sweeps = (policy: RetentionPolicy): Sweep[] => [
  {
    name: 'outbox_events',
    days: policy.outboxDays || null,
    key: 'id',
    select: `SELECT id FROM outbox_events WHERE status = 'published' AND published_at < $1 LIMIT $2`,
  },
  {
    name: 'processed_events',
    days: policy.inboxDays || null,
    key: '(consumer, event_id)',
    select: `SELECT consumer, event_id FROM processed_events WHERE processed_at < $1 LIMIT $2`,
  },
  {
    name: 'agent_turns',
    days: policy.agentTurnsDays || null,
    key: 'id',
    select: `SELECT id FROM agent_turns WHERE status = 'done' AND finished_at < $1 LIMIT $2`,
  },
  {
    name: 'timers',
    days: policy.timersDays || null,
    key: 'id',
    select: `SELECT id FROM timers
      WHERE (fired_at < $1 OR cancelled_at < $1)
        AND (ticket_id IS NULL OR ticket_id IN (SELECT id FROM tickets WHERE status IN (${CLOSED.map((s) => `'${s}'`).join(', ')})))
      LIMIT $2`,
  },
  {
    // Each key carries its own expiry (the API's replay window): delete once it has passed.
    name: 'idempotency_keys',
    days: 0,
    key: 'id',
    select: `SELECT id FROM idempotency_keys WHERE expires_at < $1 LIMIT $2`,
  },
];

/**
 * Deletes every finished row past its retention, batch by batch; returns how many per table.
 * `stopping` is asked between batches, so a first sweep over a large backlog never holds up shutdown.
 */
export async function sweepOnce(
  pool: pg.Pool,
  policy: RetentionPolicy,
  now: Date = new Date(),
  batchSize = 1_000,
  stopping: () => boolean = () => false,
): Promise<SweepCounts> {
  const counts = {} as SweepCounts;
  for (const sweep of sweeps(policy)) {
    counts[sweep.name] = 0;
    if (sweep.days === null) continue;
    const cutoff = new Date(now.getTime() - sweep.days * 86_400_000);
    while (!stopping()) {
      const { rowCount } = await pool.query(
        `DELETE FROM ${sweep.name} WHERE ${sweep.key} IN (${sweep.select})`,
        [cutoff, batchSize],
      );
      counts[sweep.name] += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize) break;
    }
  }
  return counts;
}

export class Housekeeping {
  private readonly loop: PollLoop;
  private stopping = false;

  constructor(
    deps: { pool: pg.Pool; logger: Logger },
    policy: RetentionPolicy,
    options: HousekeepingOptions,
  ) {
    this.loop = new PollLoop({
      name: 'housekeeping',
      pool: deps.pool,
      logger: deps.logger,
      pollMs: options.intervalMs,
      round: async () => {
        const counts = await sweepOnce(deps.pool, policy, new Date(), options.batchSize, () => this.stopping);
        if (Object.values(counts).some((n) => n > 0)) deps.logger.info({ deleted: counts }, 'housekeeping');
        // One sweep per interval: it already ran until every table was below a batch.
        return false;
      },
    });
  }

  start(): Promise<void> {
    this.stopping = false;
    return this.loop.start();
  }

  stop(): Promise<void> {
    this.stopping = true;
    return this.loop.stop();
  }
}
