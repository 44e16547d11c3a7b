// GET /metrics/summary: how fast tickets get a first answer and a booking (p50/p90 per severity
// over a window), and how each vendor responds (offers, acceptances, median answer time). Read
// straight from the database, so it covers every process and survives restarts.
import type pg from 'pg';

const SEVERITY_SQL = `
WITH t AS (
  SELECT id, severity, created_at FROM tickets WHERE tenant_id = $1 AND created_at >= now() - make_interval(secs => $2)
), first_in AS (
  SELECT DISTINCT ON (ticket_id) ticket_id, created_at, from_address FROM messages
  WHERE direction = 'inbound' AND ticket_id IN (SELECT id FROM t) ORDER BY ticket_id, created_at
), first_out AS (
  SELECT fi.ticket_id, min(m.created_at) AS at FROM first_in fi
  JOIN messages m ON m.ticket_id = fi.ticket_id AND m.direction = 'outbound'
    AND m.to_address = fi.from_address AND m.created_at >= fi.created_at
  GROUP BY fi.ticket_id
), booked AS (
  SELECT ticket_id, min(created_at) AS at FROM appointments WHERE ticket_id IN (SELECT id FROM t) GROUP BY ticket_id
)
SELECT coalesce(t.severity::text, 'unknown') AS severity, count(*)::int AS tickets, count(b.at)::int AS booked,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.at - t.created_at)) AS ttb_p50,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM b.at - t.created_at)) AS ttb_p90,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fo.at - fi.created_at)) AS ttfr_p50,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM fo.at - fi.created_at)) AS ttfr_p90
FROM t LEFT JOIN booked b ON b.ticket_id = t.id
  LEFT JOIN first_in fi ON fi.ticket_id = t.id LEFT JOIN first_out fo ON fo.ticket_id = t.id
GROUP BY 1 ORDER BY 1`;

const VENDOR_SQL = `
SELECT v.id AS vendor_id, v.name, count(o.id)::int AS offers,
  count(o.id) FILTER (WHERE o.response = 'accepted')::int AS accepted,
  count(o.id) FILTER (WHERE o.response = 'declined')::int AS declined,
  count(o.id) FILTER (WHERE o.response = 'expired')::int AS no_answer,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.responded_at - o.sent_at)) AS median_response_seconds
FROM vendors v LEFT JOIN offers o ON o.vendor_id = v.id AND o.sent_at >= now() - make_interval(secs => $2)
WHERE v.tenant_id = $1 GROUP BY v.id, v.name ORDER BY v.id`;

const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

export async function bookingSummary(pool: pg.Pool, tenantId: string, windowSeconds: number) {
  const [severity, vendors] = await Promise.all([
    pool.query(SEVERITY_SQL, [tenantId, windowSeconds]),
    pool.query(VENDOR_SQL, [tenantId, windowSeconds]),
  ]);
  return {
    window_seconds: windowSeconds,
    by_severity: severity.rows.map((r) => ({
      severity: r.severity as string,
      tickets: r.tickets as number,
      booked: r.booked as number,
      time_to_book_seconds: { p50: round(r.ttb_p50), p90: round(r.ttb_p90) },
      time_to_first_response_seconds: { p50: round(r.ttfr_p50), p90: round(r.ttfr_p90) },
    })),
    vendors: vendors.rows.map((r) => ({
      vendor_id: r.vendor_id as string,
      name: r.name as string,
      offers: r.offers as number,
      accepted: r.accepted as number,
      declined: r.declined as number,
      no_answer: r.no_answer as number,
      acceptance_rate: r.offers > 0 ? round(r.accepted / r.offers) : null,
      median_response_seconds: round(r.median_response_seconds),
    })),
  };
}
