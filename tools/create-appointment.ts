// create_appointment: book a vendor by hand, through the same path as a vendor's YES.
import { z } from 'zod';
import { bookManually } from '../booking/manual.ts';
import { DomainError } from '../domain/errors.ts';
import { actorOf, findTicket, ticketArg } from './ticket-access.ts';
import { appointmentDto, appointmentOutput, idArg, isoTime } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

export const createAppointmentTool = defineTool({
  name: 'create_appointment',
  title: 'Book a vendor visit',
  description:
    'Books a vendor for a ticket (a tentative appointment; the ticket becomes scheduled) and tells ' +
    'the vendor, the resident and the landlord. A ticket has at most one live visit: booking an ' +
    'already booked ticket is refused. Times default to the resident’s availability window.',
  input: z.strictObject({
    ticket: ticketArg,
    vendor_id: idArg.describe('The vendor to book, e.g. v_flowright (see list_vendors).'),
    starts_at: isoTime.optional().describe('Visit start (ISO 8601); default: the window start.'),
    ends_at: isoTime.optional().describe('Visit end (ISO 8601); default: the window end.'),
  }),
  output: appointmentOutput,
  // Exactly one appointment per ticket whatever the retries: a repeat is refused, nothing more happens.
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  principals: ['manager'],
  async handler(args, ctx) {
    if (args.starts_at && args.ends_at && Date.parse(args.ends_at) <= Date.parse(args.starts_at)) {
      throw new DomainError('invalid_input', 'ends_at must be after starts_at.', { field: 'ends_at' });
    }
    const ticket = await findTicket(ctx, args.ticket);
    const appointment = await bookManually(ctx.prisma, ctx.booking, actorOf(ctx), {
      ticketId: ticket.id,
      vendorId: args.vendor_id,
      method: 'manual',
      ...(args.starts_at && { startsAt: new Date(args.starts_at) }),
      ...(args.ends_at && { endsAt: new Date(args.ends_at) }),
    });
    return appointmentDto(appointment);
  },
  render: (a) => `Booked ${a.vendor_id} for ${a.starts_at} (${a.status}); appointment ${a.id}.`,
});
