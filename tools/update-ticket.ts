// update_ticket: change a ticket's details. Managers may set the trade and severity (which starts
// booking once both are known); a resident may only move their availability window or access notes.
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { updateTicket } from '../services/ticket-changes.ts';
import { ticketDto } from '../services/ticket-dto.ts';
import { actorOf, findTicket, ticketArg } from './ticket-access.ts';
import { isoTime, renderTicket, severityArg, ticketOutput, tradeArg } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

const input = z.strictObject({
  ticket: ticketArg,
  category: tradeArg.optional().describe('The trade needed.'),
  severity: severityArg.optional().describe('emergency, urgent or routine.'),
  window_start: isoTime.optional().describe('New start of the availability window (ISO 8601).'),
  window_end: isoTime.optional().describe('New end of the availability window (ISO 8601).'),
  access_notes: z.string().trim().max(500).optional().describe('Pets, entry codes, who lets the vendor in.'),
});

export const updateTicketTool = defineTool({
  name: 'update_ticket',
  title: 'Update a ticket',
  description:
    'Changes an open ticket: availability window and access notes (and, for managers, category and ' +
    'severity — once both are set, vendor booking starts). Status changes go through other tools ' +
    '(cancel_ticket, escalate_ticket, create_appointment). Returns the updated ticket.',
  input,
  output: ticketOutput,
  // Overwrites what was there.
  annotations: { readOnly: false, destructive: true, idempotent: true },
  principals: ['manager', 'resident'],
  managerOnlyFields: ['category', 'severity'],
  async handler(args, ctx) {
    const { ticket: ref, ...changes } = args;
    if (Object.values(changes).every((v) => v === undefined)) {
      throw new DomainError('invalid_input', 'Nothing to change: give at least one field to update.');
    }
    const ticket = await findTicket(ctx, ref);
    const manager = ctx.principal.kind === 'manager';
    const updated = await updateTicket(ctx.prisma, actorOf(ctx), ticket.id, {
      category: manager ? args.category : undefined,
      severity: manager ? args.severity : undefined,
      windowStart: args.window_start ? new Date(args.window_start) : undefined,
      windowEnd: args.window_end ? new Date(args.window_end) : undefined,
      accessNotes: args.access_notes,
    });
    return ticketDto(updated);
  },
  render: (t) => `Updated. ${renderTicket(t)}`,
});
