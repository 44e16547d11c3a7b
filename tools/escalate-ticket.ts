// escalate_ticket: alert the landlord / on-call contact about a ticket now.
import { z } from 'zod';
import { escalateManually } from '../booking/manual.ts';
import { ticketDto } from '../services/ticket-dto.ts';
import { actorOf, findTicket, ticketArg } from './ticket-access.ts';
import { renderTicket, ticketOutput } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

export const escalateTicketTool = defineTool({
  name: 'escalate_ticket',
  title: 'Escalate a ticket to the landlord',
  description:
    'Marks an open ticket escalated and texts the on-call landlord or manager. Use it when a ticket ' +
    'is stuck, the resident is unhappy, or it is more serious than first thought. Vendor booking ' +
    'carries on. Escalating an already escalated ticket does nothing more.',
  input: z.strictObject({
    ticket: ticketArg,
    note: z.string().trim().min(1).max(500).optional().describe('What the landlord should know.'),
  }),
  output: ticketOutput,
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  principals: ['manager', 'resident'],
  async handler(args, ctx) {
    const ticket = await findTicket(ctx, args.ticket);
    return ticketDto(await escalateManually(ctx.prisma, actorOf(ctx), ticket.id, args.note));
  },
  render: (t) => `Escalated. ${renderTicket(t)}`,
});
