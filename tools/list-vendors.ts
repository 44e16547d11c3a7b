// list_vendors: the tenant's contractors, best priority first.
import { vendorDto } from '../services/ticket-dto.ts';
import { z } from 'zod';
import { tradeArg } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

const vendor = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  trades: z.array(z.string()),
  priority: z.number().describe('Lower is asked first; equal priorities take turns.'),
  hours: z.unknown().describe('Weekly hours in the vendor’s time zone: [{days:[1..7], start, end}].'),
  timezone: z.string(),
  active: z.boolean(),
});

export const listVendorsTool = defineTool({
  name: 'list_vendors',
  title: 'List vendors',
  description:
    'Lists the contractors of this organisation (optionally one trade, or only active ones), best ' +
    'priority first, with their trades, hours and phone. Use it to pick a vendor for ping_vendor or ' +
    'create_appointment.',
  input: z.strictObject({
    trade: tradeArg.optional().describe('Only vendors with this trade.'),
    active: z.boolean().optional().describe('true: only active vendors; false: only inactive ones.'),
  }),
  output: z.object({ vendors: z.array(vendor) }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  principals: ['manager'],
  async handler(args, ctx) {
    const vendors = await ctx.prisma.vendor.findMany({
      where: {
        tenantId: ctx.principal.tenantId,
        ...(args.trade && { trades: { has: args.trade } }),
        ...(args.active !== undefined && { active: args.active }),
      },
      orderBy: [{ priority: 'asc' }, { id: 'asc' }],
    });
    return {
      vendors: vendors.map(vendorDto),
    };
  },
  render: (r) =>
    r.vendors.length === 0
      ? 'No vendors match.'
      : r.vendors
          .map(
            (v) =>
              `${v.id} ${v.name} (${v.trades.join(', ')}) priority ${v.priority}${v.active ? '' : ' inactive'}`,
          )
          .join('\n'),
});
