// get_building: one building — address, units, contacts and what is open there. Also behind the
// MCP resource building://{id}.
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { idArg } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

const output = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  timezone: z.string(),
  units: z.array(z.object({ id: z.string(), label: z.string(), floor: z.number().nullable() })),
  contacts: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), on_call: z.boolean() })),
  open_tickets: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      status: z.string(),
      severity: z.string().nullable(),
      category: z.string().nullable(),
      unit: z.string().nullable(),
      description: z.string(),
      created_at: z.string(),
    }),
  ),
});

export const getBuildingTool = defineTool({
  name: 'get_building',
  title: 'Get a building',
  description:
    'Returns a building with its address, units, landlord/manager contacts and every open ticket ' +
    'there (most urgent first). Use it for "what is open at b_hq?".',
  input: z.strictObject({ building_id: idArg.describe('The building, e.g. b_hq.') }),
  output,
  annotations: { readOnly: true, destructive: false, idempotent: true },
  principals: ['manager'],
  async handler(args, ctx) {
    const tenantId = ctx.principal.tenantId;
    const b = await ctx.prisma.building.findFirst({
      where: { id: args.building_id, tenantId },
      include: {
        units: { orderBy: { label: 'asc' } },
        contacts: { orderBy: { id: 'asc' } },
        tickets: {
          where: { status: { notIn: ['completed', 'cancelled'] } },
          include: { unit: true },
          // The severity enum is declared emergency, urgent, routine: ascending is most urgent first.
          orderBy: [{ severity: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
          take: 200,
        },
      },
    });
    if (!b) throw new DomainError('not_found', `No building ${args.building_id}.`);
    return {
      id: b.id,
      name: b.name,
      address: `${b.addressLine1}, ${b.city}, ${b.region} ${b.postalCode}`,
      timezone: b.timezone,
      units: b.units.map((u) => ({ id: u.id, label: u.label, floor: u.floor })),
      contacts: b.contacts.map((c) => ({ id: c.id, name: c.name, role: c.role, on_call: c.onCall })),
      open_tickets: b.tickets.map((t) => ({
        id: t.id,
        code: t.code,
        status: t.status,
        severity: t.severity,
        category: t.category,
        unit: t.unit?.label ?? null,
        description: t.description,
        created_at: t.createdAt.toISOString(),
      })),
    };
  },
  render: (b) =>
    [
      `${b.name} (${b.id}), ${b.address}: ${b.units.length} units, ${b.open_tickets.length} open tickets`,
      ...b.open_tickets.map(
        (t) =>
          `  ${t.code} ${t.status} ${t.severity ?? 'untriaged'} ${t.unit ? `unit ${t.unit}: ` : ''}${t.description}`,
      ),
    ].join('\n'),
});
