// cancel_ticket: close a ticket that is no longer needed (fixed itself, reported twice, …).
import { z } from 'zod';
import { cancelTicket } from '../services/ticket-changes.ts';
import { ticketDto } from '../services/ticket-dto.ts';
import { actorOf, findTicket, ticketArg } from './ticket-access.ts';
import { renderTicket, ticketOutput } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

export const cancelTicketTool = defineTool({
  name: 'cancel_ticket',
  title: 'Cancel a ticket',
  description:
    'Cancels an open ticket for good (the problem went away, it was a duplicate, the resident asked). ' +
    'It cannot be reopened; only use it when the person clearly wants it cancelled.',
  input: z.strictObject({
    ticket: ticketArg,
    reason: z.string().trim().min(1).max(500).optional().describe('Why, in a few words.'),
  }),
  output: ticketOutput,
  // A second call changes nothing more (it reports that the ticket is already cancelled).
  annotations: { readOnly: false, destructive: true, idempotent: true },
  principals: ['manager', 'resident'],
  async handler(args, ctx) {
    const ticket = await findTicket(ctx, args.ticket);
    return ticketDto(await cancelTicket(ctx.prisma, actorOf(ctx), ticket.id, args.reason));
  },
  render: (t) => `Cancelled. ${renderTicket(t)}`,
});
