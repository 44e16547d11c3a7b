// list_tickets: tickets newest first, filtered, a page at a time. A resident lists only their own.
import { z } from 'zod';
import { TICKET_STATUSES } from '../domain/ticket-status.ts';
import { listTickets } from '../services/ticket-service.ts';
import { ticketDto } from '../services/ticket-dto.ts';
import { idArg, isoTime, renderTicketLine, severityArg, ticketOutput, tradeArg } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

const input = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional().describe('Only tickets in this state.'),
  open_only: z
    .boolean()
    .optional()
    .describe('Only tickets still open (not completed or cancelled). Ignored when status is given.'),
  category: tradeArg.optional().describe('Only this trade.'),
  severity: severityArg.optional().describe('Only this severity.'),
  building_id: idArg.optional().describe('Only tickets in this building, e.g. b_hq.'),
  created_from: isoTime.optional().describe('Created at or after this time (ISO 8601).'),
  created_to: isoTime.optional().describe('Created before this time (ISO 8601).'),
  limit: z.number().int().min(1).max(100).default(20).describe('Page size, 1-100 (default 20).'),
  cursor: z.string().max(200).optional().describe('next_cursor from the previous page, to read on.'),
});

const output = z.object({
  tickets: z.array(ticketOutput),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page.'),
});

export const listTicketsTool = defineTool({
  name: 'list_tickets',
  title: 'List tickets',
  description:
    'Lists tickets, newest first, with optional filters (status, open_only, category, severity, ' +
    'building, creation time). Returns one page and a next_cursor to continue. Use it for questions ' +
    'like "what is open at b_hq?" or "any emergencies today?".',
  input,
  output,
  annotations: { readOnly: true, destructive: false, idempotent: true },
  principals: ['manager', 'resident'],
  managerOnlyFields: ['building_id'],
  async handler(args, ctx) {
    const p = ctx.principal;
    const page = await listTickets(ctx.prisma, p.tenantId, {
      status: args.status,
      openOnly: args.open_only,
      category: args.category,
      severity: args.severity,
      buildingId: p.kind === 'manager' ? args.building_id : undefined,
      residentId: p.kind === 'resident' ? p.residentId : undefined,
      createdFrom: args.created_from ? new Date(args.created_from) : undefined,
      createdTo: args.created_to ? new Date(args.created_to) : undefined,
      limit: args.limit,
      cursor: args.cursor,
    });
    return { tickets: page.tickets.map(ticketDto), next_cursor: page.nextCursor };
  },
  render: (page) =>
    page.tickets.length === 0
      ? 'No tickets match.'
      : [
          ...page.tickets.map(renderTicketLine),
          ...(page.next_cursor ? [`More: pass cursor ${page.next_cursor}`] : []),
        ].join('\n'),
});
