// get_ticket: everything about one ticket — status, where, who, the availability window, visits.
import { z } from 'zod';
import { ticketDto } from '../services/ticket-dto.ts';
import { findTicket, ticketArg } from './ticket-access.ts';
import { renderTicket, ticketOutput } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

export const getTicketTool = defineTool({
  name: 'get_ticket',
  title: 'Get a ticket',
  description:
    'Returns one ticket in full: status and progress, category and severity, building and unit, the ' +
    "resident's availability window and access notes, and booked visits. Name the ticket by its code " +
    '(e.g. K7Q2) or id.',
  input: z.strictObject({ ticket: ticketArg }),
  output: ticketOutput,
  annotations: { readOnly: true, destructive: false, idempotent: true },
  principals: ['manager', 'resident'],
  async handler(args, ctx) {
    return ticketDto(await findTicket(ctx, args.ticket));
  },
  render: renderTicket,
});
