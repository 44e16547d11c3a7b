// get_metrics: how the line is doing — time to first response and time to book (p50/p90 per
// severity), each vendor's answers, and the open tickets by severity with their SLA clocks. Each
// section is a query over the whole tenant; progress is reported as each one completes, and a
// cancelled call stops before the next.
import { z } from 'zod';
import type pg from 'pg';
import { bookingSummary } from '../booking/summary.ts';
import type { BookingPolicy } from '../domain/booking-policy.ts';
import { defineTool, type ToolContext } from './tool.ts';

const seconds = z.object({ p50: z.number().nullable(), p90: z.number().nullable() });

const output = z.object({
  window_seconds: z.number(),
  by_severity: z.array(
    z.object({
      severity: z.string(),
      tickets: z.number(),
      booked: z.number(),
      time_to_first_response_seconds: seconds,
      time_to_book_seconds: seconds,
    }),
  ),
  vendors: z.array(
    z.object({
      vendor_id: z.string(),
      name: z.string(),
      offers: z.number(),
      accepted: z.number(),
      declined: z.number(),
      no_answer: z.number(),
      acceptance_rate: z.number().nullable(),
      median_response_seconds: z.number().nullable(),
    }),
  ),
  open_tickets: z.object({
    total: z.number(),
    by_severity: z.array(
      z.object({
        severity: z.string().describe('emergency, urgent, routine, or untriaged.'),
        open: z.number(),
        unbooked: z.number().describe('Open with no live visit.'),
        past_sla: z.number().describe('Unbooked for longer than the severity’s booking SLA.'),
        oldest_created_at: z.string().nullable(),
      }),
    ),
  }),
});

const OPEN_SQL = `
SELECT coalesce(t.severity::text, 'untriaged') AS severity, count(*)::int AS open,
  count(*) FILTER (WHERE NOT live)::int AS unbooked,
  count(*) FILTER (WHERE NOT live AND t.created_at < now() - make_interval(secs => CASE t.severity::text
    WHEN 'emergency' THEN $2::float8 WHEN 'urgent' THEN $3::float8 ELSE $4::float8 END))::int AS past_sla,
  min(t.created_at) AS oldest
FROM (
  SELECT tk.*, EXISTS (SELECT 1 FROM appointments a WHERE a.ticket_id = tk.id
    AND a.status IN ('tentative', 'confirmed')) AS live
  FROM tickets tk WHERE tk.tenant_id = $1 AND tk.status NOT IN ('completed', 'cancelled')
) t GROUP BY 1 ORDER BY 1`;

async function openTickets(pool: pg.Pool, tenantId: string, policy: BookingPolicy) {
  const { rows } = await pool.query(OPEN_SQL, [
    tenantId,
    policy.slaMs.emergency / 1000,
    policy.slaMs.urgent / 1000,
    policy.slaMs.routine / 1000,
  ]);
  const bySeverity = rows.map((r) => ({
    severity: r.severity as string,
    open: r.open as number,
    unbooked: r.unbooked as number,
    past_sla: r.past_sla as number,
    oldest_created_at: r.oldest ? new Date(r.oldest).toISOString() : null,
  }));
  return { total: bySeverity.reduce((n, s) => n + s.open, 0), by_severity: bySeverity };
}

async function step(ctx: ToolContext, done: number, total: number, message: string) {
  ctx.signal?.throwIfAborted();
  await ctx.progress?.(done, total, message);
}

export const getMetricsTool = defineTool({
  name: 'get_metrics',
  title: 'Get service metrics',
  description:
    'Reports how the maintenance line is doing over a window (default 24 h): time to first ' +
    'response and time to book (p50/p90 seconds) per severity, each vendor’s offers, acceptance ' +
    'rate and answer time, and the open tickets by severity — how many are unbooked and how many ' +
    'are past their booking SLA. Reports progress as each section completes.',
  input: z.strictObject({
    window_hours: z
      .number()
      .min(0.01)
      .max(24 * 90)
      .default(24)
      .describe('How far back to look, in hours (default 24, at most 90 days).'),
  }),
  output,
  annotations: { readOnly: true, destructive: false, idempotent: true },
  principals: ['manager'],
  async handler(args, ctx) {
    const tenantId = ctx.principal.tenantId;
    await step(ctx, 0, 2, 'Measuring response and booking times');
    const summary = await bookingSummary(ctx.pool, tenantId, args.window_hours * 3600);
    await step(ctx, 1, 2, 'Counting open tickets and SLA clocks');
    const open = await openTickets(ctx.pool, tenantId, ctx.booking.policy);
    await step(ctx, 2, 2, 'Done');
    return { ...summary, open_tickets: open };
  },
  render: (m) =>
    [
      `Last ${Math.round(m.window_seconds / 36) / 100} h:`,
      ...m.by_severity.map(
        (s) =>
          `${s.severity}: ${s.tickets} tickets, ${s.booked} booked; first response p50 ` +
          `${s.time_to_first_response_seconds.p50 ?? '–'} s; time to book p50 ${s.time_to_book_seconds.p50 ?? '–'} s`,
      ),
      `Open now: ${m.open_tickets.total}`,
      ...m.open_tickets.by_severity.map(
        (s) => `  ${s.severity}: ${s.open} open, ${s.unbooked} unbooked, ${s.past_sla} past SLA`,
      ),
    ].join('\n'),
});
