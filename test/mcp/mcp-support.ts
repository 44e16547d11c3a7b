// Shared by the MCP tests: an official SDK client over Streamable HTTP, and one pass through every
// tool of the server (as a manager of t_demo) checked against what the database holds.
import { expect } from 'vitest';
import {
  Client,
  StreamableHTTPClientTransport,
  type CallToolResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/client';
import type { Database } from '../../db/database.ts';

export type Era = 'legacy' | 'auto';

export async function connectHttp(
  baseUrl: string,
  key: string | undefined,
  era: Era = 'legacy',
): Promise<Client> {
  const client = new Client(
    { name: 'fixline-test', version: '1.0.0' },
    { versionNegotiation: { mode: era } },
  );
  const transport = new StreamableHTTPClientTransport(
    new URL('/mcp', baseUrl),
    key ? { requestInit: { headers: { authorization: `Bearer ${key}` } } } : {},
  );
  await client.connect(transport);
  return client;
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read loosely typed results
type Out = any;

/** The JSON body of a resource read. */
export function resourceJson(result: ReadResourceResult): Out {
  const [content] = result.contents;
  if (!content || !('text' in content)) throw new Error('expected a text resource');
  expect(content.mimeType).toBe('application/json');
  return JSON.parse(content.text);
}

/** Calls a tool that must succeed; returns its structured result. */
export async function ok(client: Client, name: string, args: Record<string, unknown>): Promise<Out> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError ?? false, `${name}: ${textOf(result)}`).toBe(false);
  expect(textOf(result).length, name).toBeGreaterThan(0);
  expect(result.structuredContent, name).toBeTypeOf('object');
  return result.structuredContent;
}

/**
 * Runs every tool the server lists once, as t_demo's manager, and checks each structured result
 * against the rows it describes. Returns the names called.
 */
export async function runEveryTool(client: Client, db: Database): Promise<string[]> {
  const called = new Set<string>();
  const call = async (name: string, args: Record<string, unknown>) => {
    called.add(name);
    return ok(client, name, args);
  };
  const p = db.prisma;
  const ticket = await call('create_ticket', {
    building_id: 'b_hq',
    unit_id: 'u_201',
    description: 'Radiator cold in the bedroom',
    window_start: '2026-12-03T15:00:00Z',
    window_end: '2026-12-03T19:00:00Z',
  });
  const row = await p.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
  expect(ticket).toMatchObject({ code: row.code, tenant_id: 't_demo', status: 'new', source: 'mcp' });

  expect((await call('get_ticket', { ticket: row.code.toLowerCase() })).id).toBe(row.id);
  const listed = await call('list_tickets', { building_id: 'b_hq', open_only: true, limit: 100 });
  expect(listed.tickets.map((t: { id: string }) => t.id)).toContain(row.id);

  expect(
    await call('update_ticket', { ticket: row.code, category: 'hvac', severity: 'urgent' }),
  ).toMatchObject({
    status: 'triaged',
  });
  expect((await p.ticket.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('triaged');
  expect(await call('get_ticket_status', { ticket: row.code })).toMatchObject({
    ticket_id: row.id,
    state: 'triaged',
    progress_percent: 20,
    appointment: null,
  });

  const vendors = await call('list_vendors', { trade: 'hvac' });
  const hvac = await p.vendor.findMany({ where: { tenantId: 't_demo', trades: { has: 'hvac' } } });
  expect(vendors.vendors.map((v: { id: string }) => v.id).sort()).toEqual(hvac.map((v) => v.id).sort());

  const offer = await call('ping_vendor', { ticket: row.code, vendor_id: 'v_heatwave' });
  expect(await p.offer.findUniqueOrThrow({ where: { id: offer.offer_id } })).toMatchObject({
    ticketId: row.id,
    vendorId: 'v_heatwave',
  });

  const visit = await call('create_appointment', { ticket: row.code, vendor_id: 'v_heatwave' });
  expect(await p.appointment.findUniqueOrThrow({ where: { id: visit.id } })).toMatchObject({
    ticketId: row.id,
    status: 'tentative',
  });
  expect((await call('change_appointment', { appointment_id: visit.id, change: 'confirm' })).status).toBe(
    'confirmed',
  );
  expect(await call('get_ticket_status', { ticket: row.code })).toMatchObject({
    state: 'scheduled',
    appointment: { vendor_name: 'Heatwave Heating & Air', status: 'confirmed' },
  });

  const sent = await call('send_notification', {
    to: { type: 'resident', id: 'r_carmen' },
    message: 'Heatwave will come on Thursday afternoon.',
    ticket: row.code,
  });
  expect(await p.message.findUniqueOrThrow({ where: { id: sent.message_id } })).toMatchObject({
    toAddress: '+15551230201',
    ticketId: row.id,
  });

  const timeline = await call('get_ticket_timeline', { ticket: row.code });
  const audit = await p.auditLog.findMany({ where: { ticketId: row.id } });
  expect(timeline.entries).toHaveLength(audit.length);
  expect(timeline.entries.map((e: { action: string }) => e.action)).toEqual(
    expect.arrayContaining(['ticket.created', 'ticket.updated', 'offer.sent', 'appointment.booked']),
  );

  const stuck = await call('create_ticket', { building_id: 'b_hq', description: 'Lobby door will not lock' });
  expect((await call('escalate_ticket', { ticket: stuck.code, note: 'Security risk' })).status).toBe(
    'escalated',
  );
  expect((await p.ticket.findUniqueOrThrow({ where: { id: stuck.id } })).status).toBe('escalated');
  expect((await call('cancel_ticket', { ticket: stuck.code, reason: 'Fixed by the super' })).status).toBe(
    'cancelled',
  );
  expect((await p.ticket.findUniqueOrThrow({ where: { id: stuck.id } })).status).toBe('cancelled');

  const buildings = await call('list_buildings', {});
  expect(buildings.buildings.map((b: { id: string }) => b.id)).toEqual(['b_annex', 'b_hq']);
  const building = await call('get_building', { building_id: 'b_hq' });
  expect(building.open_tickets.map((t: { id: string }) => t.id)).toContain(row.id);
  expect(building.open_tickets.map((t: { id: string }) => t.id)).not.toContain(stuck.id);

  const metrics = await call('get_metrics', { window_hours: 1 });
  const open = await p.ticket.count({
    where: { tenantId: 't_demo', status: { notIn: ['completed', 'cancelled'] } },
  });
  expect(metrics.open_tickets.total).toBe(open);
  return [...called].sort();
}
