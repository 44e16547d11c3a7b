// ping_vendor: offer a job to one vendor by SMS, outside the automatic order.
import { z } from 'zod';
import { pingVendor } from '../booking/manual.ts';
import { actorOf, findTicket, ticketArg } from './ticket-access.ts';
import { idArg } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

export const pingVendorTool = defineTool({
  name: 'ping_vendor',
  title: 'Offer a job to a vendor',
  description:
    'Texts one vendor a job offer for an open, unbooked ticket ("Job K7Q2: … Reply YES K7Q2 to ' +
    'accept"). The first vendor to answer YES books the visit. Each call sends another SMS.',
  input: z.strictObject({
    ticket: ticketArg,
    vendor_id: idArg.describe('The vendor to ask, e.g. v_flowright (see list_vendors).'),
  }),
  output: z.object({
    offer_id: z.string(),
    ticket_id: z.string(),
    vendor_id: z.string(),
    status: z.string().describe('queued, or suppressed when the vendor opted out of SMS.'),
    sent_at: z.string(),
    expires_at: z.string(),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  principals: ['manager'],
  async handler(args, ctx) {
    const ticket = await findTicket(ctx, args.ticket);
    const { offer, status } = await pingVendor(
      ctx.prisma,
      ctx.booking,
      actorOf(ctx),
      args.vendor_id,
      ticket.id,
    );
    return {
      offer_id: offer.id,
      ticket_id: ticket.id,
      vendor_id: offer.vendorId,
      status,
      sent_at: offer.sentAt.toISOString(),
      expires_at: offer.expiresAt.toISOString(),
    };
  },
  render: (o) => `Offer ${o.offer_id} to ${o.vendor_id}: ${o.status}, open until ${o.expires_at}.`,
});
