// get_ticket_timeline: the ticket's audit trail, oldest first. Managers see every entry in full; a
// resident sees what happened (when, and a title) on their own ticket, without the internal
// details — other people's messages, vendors' numbers, snapshots.
import { z } from 'zod';
import type { AuditLog } from '../generated/prisma/client.ts';
import { getTimeline } from '../services/ticket-service.ts';
import { timelineEntryDto } from '../services/ticket-dto.ts';
import { findTicket, ticketArg } from './ticket-access.ts';
import { defineTool, type ToolPrincipal } from './tool.ts';

const entry = z.object({
  at: z.string(),
  action: z.string(),
  title: z.string(),
  actor: z.object({ type: z.string().optional(), id: z.string().nullable() }).optional(),
  entity: z.object({ type: z.string(), id: z.string() }).optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  correlation_id: z.string().optional(),
});

const output = z.object({ ticket_id: z.string(), code: z.string(), entries: z.array(entry) });

export const getTicketTimelineTool = defineTool({
  name: 'get_ticket_timeline',
  title: 'Get a ticket’s timeline',
  description:
    'Everything that happened to a ticket, oldest first: created, triaged, vendors offered and their ' +
    'answers, the visit booked, messages sent, escalations, cancellation. Use it to explain why a ' +
    'ticket is where it is.',
  input: z.strictObject({ ticket: ticketArg }),
  output,
  annotations: { readOnly: true, destructive: false, idempotent: true },
  principals: ['manager', 'resident'],
  async handler(args, ctx) {
    const ticket = await findTicket(ctx, args.ticket);
    const rows = await getTimeline(ctx.prisma, ticket.tenantId, ticket.id);
    const p = ctx.principal;
    const entries =
      p.kind === 'manager'
        ? rows.map(timelineEntryDto)
        : rows.filter((row) => visibleToResident(row, p)).map(residentEntry);
    return { ticket_id: ticket.id, code: ticket.code, entries };
  },
  render: (t) => [`Timeline of ${t.code}:`, ...t.entries.map((e) => `${e.at} ${e.title}`)].join('\n'),
});

/** Messages to other people (vendors, the landlord) are not the resident's business. */
function visibleToResident(row: AuditLog, p: ToolPrincipal): boolean {
  if (!row.action.startsWith('notification.')) return true;
  const after = row.after as { to_type?: string; to_id?: string } | null;
  return p.kind === 'resident' && after?.to_type === 'resident' && after.to_id === p.residentId;
}

function residentEntry(row: AuditLog) {
  const { at, action, title } = timelineEntryDto(row);
  return { at, action, title };
}
