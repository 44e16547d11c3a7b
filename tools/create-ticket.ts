// create_ticket: open a maintenance ticket. A manager names the building (and unit); a resident's
// building, unit and phone come from their verified identity, never from arguments.
import crypto from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { createTicket } from '../services/ticket-service.ts';
import { ticketDto } from '../services/ticket-dto.ts';
import { actorOf } from './ticket-access.ts';
import { defineTool, type ToolContext } from './tool.ts';
import { idArg, isoTime, renderTicket, severityArg, ticketOutput, tradeArg } from './ticket-shapes.ts';

const input = z.strictObject({
  building_id: idArg.describe('Building the problem is in, e.g. b_hq.'),
  unit_id: idArg.optional().describe('Unit, e.g. u_101; omit for common areas.'),
  resident_phone: z
    .string()
    .regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 phone number like +15551230101')
    .optional()
    .describe('The reporting resident’s phone (E.164), so they are kept informed by SMS.'),
  description: z
    .string()
    .trim()
    .min(3, 'describe the problem')
    .max(2000)
    .describe("The problem in the resident's words, with any detail that helps the vendor."),
  category: tradeArg.optional().describe('The trade needed, when known.'),
  severity: severityArg
    .optional()
    .describe('emergency: danger to people or property now; urgent: within 24 h; routine: otherwise.'),
  window_start: isoTime.optional().describe('Start of when the resident is available (ISO 8601).'),
  window_end: isoTime.optional().describe('End of that window (ISO 8601).'),
  access_notes: z.string().trim().max(500).optional().describe('Pets, entry codes, who lets the vendor in.'),
});

export const createTicketTool = defineTool({
  name: 'create_ticket',
  title: 'Create a maintenance ticket',
  description:
    'Opens a maintenance ticket. Once category and severity are both set, vendor booking starts ' +
    'automatically. Returns the ticket with its short code (e.g. K7Q2) to quote to the resident.',
  input,
  output: ticketOutput,
  annotations: { readOnly: false, destructive: false, idempotent: false },
  principals: ['manager', 'resident'],
  contextFields: ['building_id', 'unit_id'],
  managerOnlyFields: ['resident_phone'],
  async handler(args, ctx) {
    const where = placeOf(args, ctx);
    const { ticket } = await createTicket(
      ctx.prisma,
      actorOf(ctx),
      {
        ...where,
        description: args.description,
        category: args.category,
        severity: args.severity,
        windowStart: args.window_start ? new Date(args.window_start) : undefined,
        windowEnd: args.window_end ? new Date(args.window_end) : undefined,
        accessNotes: args.access_notes,
        source: ctx.principal.kind === 'resident' ? 'sms' : 'mcp',
      },
      // The same key always means the same ticket, whatever the retried call's wording.
      ctx.idempotencyKey
        ? { key: ctx.idempotencyKey, requestHash: hash(`create_ticket:${ctx.idempotencyKey}`) }
        : undefined,
    );
    return ticketDto(ticket);
  },
  render: (t) => `Created. ${renderTicket(t)}`,
});

function placeOf(args: Partial<z.infer<typeof input>>, ctx: ToolContext) {
  const p = ctx.principal;
  if (p.kind !== 'resident') {
    return { buildingId: args.building_id ?? '', unitId: args.unit_id, residentPhone: args.resident_phone };
  }
  if (!p.buildingId) {
    throw new DomainError(
      'invalid_input',
      'We do not know your building yet; ask the resident for the address.',
    );
  }
  return { buildingId: p.buildingId, unitId: p.unitId ?? undefined, residentPhone: p.phone ?? undefined };
}

function hash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}
