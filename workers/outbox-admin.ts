// Operator actions on the outbox: see the queue, list dead-lettered events, re-queue them. Used by
// the `npm run outbox` CLI and the /outbox endpoints (which scope everything to the caller's tenant).
import type pg from 'pg';
import { OUTBOX_CHANNEL } from '../events/outbox.ts';
import { REQUEUE_DEAD_SQL } from './outbox-claim.ts';

export interface DeadEvent {
  id: string;
  tenant_id: string;
  event_type: string;
  aggregate_id: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
}

export interface OutboxSummary {
  pending: number;
  published: number;
  dead: number;
  oldest_pending_age_seconds: number;
}

export async function outboxSummary(pool: pg.Pool, tenantId?: string): Promise<OutboxSummary> {
  const { rows } = await pool.query<OutboxSummary>(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'published')::int AS published,
            count(*) FILTER (WHERE status = 'dead')::int AS dead,
            coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8
              AS oldest_pending_age_seconds
     FROM outbox_events WHERE ($1::text IS NULL OR tenant_id = $1)`,
    [tenantId ?? null],
  );
  return rows[0]!;
}

export async function listDeadEvents(
  pool: pg.Pool,
  options: { tenantId?: string; limit?: number } = {},
): Promise<DeadEvent[]> {
  const { rows } = await pool.query<DeadEvent>(
    `SELECT id, tenant_id, event_type, aggregate_id, attempts, last_error, created_at
     FROM outbox_events WHERE status = 'dead' AND ($1::text IS NULL OR tenant_id = $1)
     ORDER BY position LIMIT $2`,
    [options.tenantId ?? null, options.limit ?? 100],
  );
  return rows;
}

/** Re-queues dead events (the given ids, or all) of one tenant (or all); returns the ids re-queued. */
export async function requeueDeadEvents(
  pool: pg.Pool,
  options: { ids?: string[]; tenantId?: string } = {},
): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(REQUEUE_DEAD_SQL, [
    options.ids ?? null,
    options.tenantId ?? null,
  ]);
  // Wake listening relays now rather than at their next poll.
  if (rows.length > 0) await pool.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  return rows.map((r) => r.id);
}
