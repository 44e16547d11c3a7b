// Fires due timers. One transaction per batch claims due rows with FOR UPDATE SKIP LOCKED, marks
// them fired and writes one `timer.fired` outbox event each, so a timer fires once in effect:
// either all of that commits or none of it. The row locks are the lease: a crashed worker's
// connection drops and Postgres releases them at once, and a hung one is cut off by the
// transaction's idle timeout (LEASE_MS). Due means due_at <= the database clock: never early.
// Started at boot, the first round picks up everything that fell due while nothing ran.
import type pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { enqueueEvents } from '../events/outbox.ts';
import type { Logger } from '../observability/logger.ts';
import { TIMER_NOTIFY } from '../services/timers.ts';
import { PollLoop } from './poll-loop.ts';

const LEASE_MS = 5_000;

const CLAIM_SQL = `
SELECT id, tenant_id, kind, ticket_id, payload, due_at FROM timers
WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= now()
ORDER BY due_at LIMIT $1
FOR UPDATE SKIP LOCKED`;

interface DueTimer {
  id: string;
  tenant_id: string;
  kind: string;
  ticket_id: string | null;
  payload: Record<string, unknown>;
  due_at: Date;
}

export interface TimerSchedulerOptions {
  batchSize?: number;
  /** Longest sleep between rounds; a NOTIFY on a new timer ends it early on Postgres. */
  pollMs?: number;
  listen?: boolean;
}

export class TimerScheduler {
  private readonly deps: { prisma: PrismaClient; pool: pg.Pool; logger: Logger };
  private readonly batchSize: number;
  private readonly loop: PollLoop;

  constructor(
    deps: { prisma: PrismaClient; pool: pg.Pool; logger: Logger },
    options: TimerSchedulerOptions = {},
  ) {
    this.deps = deps;
    this.batchSize = options.batchSize ?? 100;
    this.loop = new PollLoop({
      name: 'timer scheduler',
      pool: deps.pool,
      logger: deps.logger,
      pollMs: options.pollMs ?? 100,
      listenChannel: options.listen === false ? undefined : TIMER_NOTIFY,
      round: async () => (await this.fireDue()) >= this.batchSize,
    });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Fires one batch of due timers; returns how many fired. */
  async fireDue(): Promise<number> {
    return this.deps.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL idle_in_transaction_session_timeout = ${LEASE_MS}`);
      const due = await tx.$queryRawUnsafe<DueTimer[]>(CLAIM_SQL, this.batchSize);
      if (due.length === 0) return 0;
      await tx.timer.updateMany({
        where: { id: { in: due.map((t) => t.id) } },
        data: { firedAt: new Date(), attempts: { increment: 1 } },
      });
      await enqueueEvents(
        tx,
        due.map((t) => ({
          type: 'timer.fired',
          tenant_id: t.tenant_id,
          aggregate_type: t.ticket_id ? 'ticket' : 'timer',
          aggregate_id: t.ticket_id ?? t.id,
          version: 0,
          correlation_id: (t.payload.correlation_id as string | undefined) ?? t.id,
          causation_id: null,
          payload: {
            timer_id: t.id,
            kind: t.kind,
            ticket_id: t.ticket_id,
            due_at: t.due_at.toISOString(),
            ...t.payload,
          },
        })),
      );
      this.deps.logger.debug({ count: due.length }, 'timers fired');
      return due.length;
    });
  }
}
