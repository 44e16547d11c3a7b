// SQL for the relay, as plain functions. Claiming never uses "id > last seen" (sequences commit out
// of order); it locks due pending rows with SKIP LOCKED and keeps only rows with no earlier pending
// row of the same key outside this batch, so two relays never publish one key out of order.
export const CLAIM_SQL = `
WITH candidates AS (
  SELECT id, key, position FROM outbox_events
  WHERE status = 'pending' AND next_attempt_at <= now()
  ORDER BY position
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
SELECT o.* FROM outbox_events o JOIN candidates c ON c.id = o.id
WHERE NOT EXISTS (
  SELECT 1 FROM outbox_events e
  WHERE e.key = c.key AND e.status = 'pending' AND e.position < c.position
    AND e.id NOT IN (SELECT id FROM candidates)
)
ORDER BY o.position`;

export const MARK_PUBLISHED_SQL = `
UPDATE outbox_events SET status = 'published', published_at = now(), attempts = attempts + 1, last_error = NULL
WHERE id = ANY($1::uuid[])`;

/**
 * $2 = error text, $3 = max attempts, $4 = backoff base ms, $5 = backoff cap ms. The backoff counts
 * from the failure (clock_timestamp), not from the claim (now() = transaction start): a publish that
 * hung for 40 s must not make a 4 s backoff already elapsed.
 */
export const MARK_FAILED_SQL = `
UPDATE outbox_events SET
  attempts = attempts + 1,
  last_error = $2,
  status = CASE WHEN attempts + 1 >= $3 THEN 'dead'::outbox_status ELSE 'pending'::outbox_status END,
  next_attempt_at = clock_timestamp() + make_interval(secs => least($5::float8, $4::float8 * 2 ^ attempts) * (0.5 + random() / 2) / 1000)
WHERE id = ANY($1::uuid[])
RETURNING status`;

/** Re-queue dead rows ($1 ids or all; $2 one tenant or all) for another round of attempts. */
export const REQUEUE_DEAD_SQL = `
UPDATE outbox_events SET status = 'pending', attempts = 0, next_attempt_at = now()
WHERE status = 'dead' AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))
  AND ($2::text IS NULL OR tenant_id = $2)
RETURNING id`;
