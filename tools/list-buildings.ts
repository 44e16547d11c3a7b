// list_buildings: the organisation's buildings, with how many tickets are open in each.
import { z } from 'zod';
import { defineTool } from './tool.ts';

const output = z.object({
  buildings: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      address: z.string(),
      units: z.number(),
      open_tickets: z.number(),
    }),
  ),
});

export const listBuildingsTool = defineTool({
  name: 'list_buildings',
  title: 'List buildings',
  description:
    'Lists the buildings this organisation manages, with their address, number of units and open ' +
    'tickets. Use get_building for the details of one.',
  input: z.strictObject({}),
  output,
  annotations: { readOnly: true, destructive: false, idempotent: true },
  principals: ['manager'],
  async handler(_args, ctx) {
    const buildings = await ctx.prisma.building.findMany({
      where: { tenantId: ctx.principal.tenantId },
      orderBy: { id: 'asc' },
      include: {
        _count: {
          select: { units: true, tickets: { where: { status: { notIn: ['completed', 'cancelled'] } } } },
        },
      },
    });
    return {
      buildings: buildings.map((b) => ({
        id: b.id,
        name: b.name,
        address: `${b.addressLine1}, ${b.city}, ${b.region} ${b.postalCode}`,
        units: b._count.units,
        open_tickets: b._count.tickets,
      })),
    };
  },
  render: (r) =>
    r.buildings.length === 0
      ? 'No buildings.'
      : r.buildings.map((b) => `${b.id} ${b.name}, ${b.address}: ${b.open_tickets} open`).join('\n'),
});
