// send_notification: a free-text SMS to a resident, vendor or contact of this organisation.
import { z } from 'zod';
import { notify } from '../booking/manual.ts';
import { actorOf, findTicket, ticketArg } from './ticket-access.ts';
import { idArg } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

export const sendNotificationTool = defineTool({
  name: 'send_notification',
  title: 'Send an SMS',
  description:
    'Texts a resident, vendor or contact (landlord/manager) of this organisation, named by id ' +
    '(e.g. r_alice, v_flowright, c_landlord). With a ticket, the message is on that ticket’s ' +
    'timeline. Opted-out numbers are not texted (status "suppressed"). Each call sends a new SMS.',
  input: z.strictObject({
    to: z.strictObject({
      type: z.enum(['resident', 'vendor', 'contact']),
      id: idArg,
    }),
    message: z.string().trim().min(1).max(640).describe('The text, up to 640 characters.'),
    ticket: ticketArg.optional(),
  }),
  output: z.object({ message_id: z.string(), status: z.string() }),
  annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  principals: ['manager'],
  async handler(args, ctx) {
    const ticket = args.ticket ? await findTicket(ctx, args.ticket) : null;
    const queued = await notify(ctx.prisma, actorOf(ctx), {
      to: args.to,
      message: args.message,
      ...(ticket && { ticketId: ticket.id }),
    });
    return { message_id: queued.messageId, status: queued.status };
  },
  render: (r) => `Message ${r.message_id}: ${r.status}.`,
});
