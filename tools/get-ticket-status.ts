// get_ticket_status: where a ticket stands, in words a resident understands, plus the booked visit.
import { z } from 'zod';
import { TICKET_STATUSES } from '../domain/ticket-status.ts';
import { liveAppointment } from '../booking/context.ts';
import { ticketStatusDto } from '../services/ticket-dto.ts';
import { findTicket, ticketArg } from './ticket-access.ts';
import { defineTool } from './tool.ts';

const output = z.object({
  ticket_id: z.string(),
  code: z.string(),
  state: z.enum(TICKET_STATUSES),
  progress_percent: z.number(),
  message: z.string(),
  updated_at: z.string(),
  appointment: z
    .object({
      status: z.string(),
      vendor_name: z.string(),
      starts_at: z.string(),
      ends_at: z.string().nullable(),
    })
    .nullable()
    .describe('The booked visit, if any.'),
});

export const getTicketStatusTool = defineTool({
  name: 'get_ticket_status',
  title: 'Get a ticket’s status',
  description:
    'Answers "any update?": the ticket’s state (new, triaged, dispatching, scheduled, in_progress, ' +
    'completed, escalated, cancelled), progress percent, a plain-language message for the resident, ' +
    'when it last changed, and the booked visit (vendor and time) once there is one.',
  input: z.strictObject({ ticket: ticketArg }),
  output,
  annotations: { readOnly: true, destructive: false, idempotent: true },
  principals: ['manager', 'resident', 'vendor'],
  async handler(args, ctx) {
    const ticket = await findTicket(ctx, args.ticket);
    const visit = liveAppointment(ticket);
    const p = ctx.principal;
    // A vendor asking about a job someone else got is not told who.
    const competitor = p.kind === 'vendor' && visit !== undefined && visit.vendorId !== p.vendorId;
    const vendor =
      visit && !competitor
        ? await ctx.prisma.vendor.findFirst({
            where: { id: visit.vendorId, tenantId: ticket.tenantId },
            select: { name: true },
          })
        : null;
    return {
      ticket_id: ticket.id,
      code: ticket.code,
      ...ticketStatusDto(ticket),
      appointment: visit
        ? {
            status: visit.status,
            vendor_name: competitor ? 'another vendor' : (vendor?.name ?? 'a vendor'),
            starts_at: visit.startsAt.toISOString(),
            ends_at: visit.endsAt?.toISOString() ?? null,
          }
        : null,
    };
  },
  render: (s) =>
    `Ticket ${s.code}: ${s.state} (${s.progress_percent}%). ${s.message}` +
    (s.appointment ? ` Visit: ${s.appointment.vendor_name}, ${s.appointment.starts_at}.` : ''),
});
