// MCP over Streamable HTTP: the official SDK client against /mcp on a real port of the Fastify
// app, in both protocol eras (2025 stateless and 2026-07-28), with the tenant API key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, type Client } from '@modelcontextprotocol/client';
import { buildApp } from '../../api/app.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { toolsFor } from '../../tools/registry.ts';
import { testLogger } from '../support/logger.ts';
import { auth, DEMO_KEY, rowCounts, useTicketApi } from '../support/ticket-api.ts';
import { connectHttp, ok, resourceJson, runEveryTool, textOf, type Era } from './mcp-support.ts';

const api = useTicketApi();
let base: string;
beforeAll(async () => {
  base = await api.app.listen({ host: '127.0.0.1', port: 0 });
});

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
};
const post = (headers: Record<string, string>) =>
  fetch(`${base}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(initialize),
  });

describe('MCP over HTTP: authentication', () => {
  it('refuses a request without a key, or with a wrong one, with 401', async () => {
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await post({ authorization: 'Bearer fxk_not_a_key' })).status).toBe(401);
    await expect(connectHttp(base, undefined)).rejects.toThrow();
  });

  it('answers an authenticated initialize, echoing the correlation id', async () => {
    const res = await post({ ...auth(), 'x-correlation-id': 'mcp-init-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBe('mcp-init-1');
    const body = await res.text();
    expect(body).toContain('"name":"fixline"');
  });
});

describe('MCP over HTTP: the loopback open tenant (development only)', () => {
  it('lets a local client in without a key, but not a web page from elsewhere', async () => {
    const app = await buildApp({
      db: api.db,
      bus: new InProcessEventBus({ logger: testLogger }),
      logger: testLogger,
      readiness: { ready: true },
      auth: { localOpenTenant: 't_demo' },
    });
    try {
      const send = (origin?: string) =>
        app.inject({
          method: 'POST',
          url: '/mcp',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...(origin && { origin }),
          },
          payload: initialize,
        });
      expect((await send()).statusCode).toBe(200);
      expect((await send('http://localhost:6274')).statusCode).toBe(200);
      const page = await send('https://attacker.example');
      expect(page.statusCode).toBe(403);
      expect(page.json().error.code).toBe('forbidden');
    } finally {
      await app.close();
    }
  });
});

describe.each<Era>(['legacy', 'auto'])('MCP over HTTP (%s negotiation)', (era) => {
  let client: Client;
  beforeAll(async () => {
    client = await connectHttp(base, DEMO_KEY, era);
  });
  afterAll(async () => client?.close());

  it('negotiates the era it asked for', () => {
    expect(client.getProtocolEra()).toBe(era === 'auto' ? 'modern' : 'legacy');
    expect(client.getServerVersion()?.name).toBe('fixline');
  });

  it('lists every manager tool with its schemas and honest annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      toolsFor('manager')
        .map((t) => t.name)
        .sort(),
    );
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.description?.length, tool.name).toBeGreaterThan(60);
    }
    for (const name of ['cancel_ticket', 'update_ticket', 'change_appointment']) {
      expect(byName.get(name)?.annotations, name).toMatchObject({
        destructiveHint: true,
        readOnlyHint: false,
      });
    }
    for (const name of [
      'get_ticket',
      'get_ticket_status',
      'get_ticket_timeline',
      'list_tickets',
      'list_vendors',
      'get_metrics',
    ]) {
      expect(byName.get(name)?.annotations, name).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
    }
    expect(byName.get('create_ticket')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect(byName.get('ping_vendor')?.annotations).toMatchObject({
      openWorldHint: true,
      idempotentHint: false,
    });
  });

  it('runs every tool, with structured results matching Postgres', async () => {
    const { tools } = await client.listTools();
    const called = await runEveryTool(client, api.db);
    expect(called).toEqual(tools.map((t) => t.name).sort());
  });

  it('reads ticket and building resources', async () => {
    const ticket = await ok(client, 'create_ticket', {
      building_id: 'b_hq',
      description: 'Garage gate stuck open',
      category: 'general',
      severity: 'urgent',
    });
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(['building://{id}', 'ticket://{id}']);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining([`ticket://${ticket.id}`, 'building://b_hq']),
    );

    const body = resourceJson(await client.readResource({ uri: `ticket://${ticket.code}` }));
    expect(body).toMatchObject({ id: ticket.id, code: ticket.code, status: 'triaged' });
    expect(body.timeline.map((e: { action: string }) => e.action)).toEqual(['ticket.created']);

    const building = resourceJson(await client.readResource({ uri: 'building://b_hq' }));
    expect(building).toMatchObject({ id: 'b_hq', name: 'HQ Apartments' });
    expect(building.open_tickets.map((t: { code: string }) => t.code)).toContain(ticket.code);
    await expect(client.readResource({ uri: 'ticket://tkt_missing' })).rejects.toThrow(ProtocolError);
  });

  it('serves the triage and weekly prompts from live data', async () => {
    const emergency = await ok(client, 'create_ticket', {
      building_id: 'b_hq',
      unit_id: 'u_301',
      description: 'Water pouring through the ceiling',
      category: 'plumbing',
      severity: 'emergency',
    });
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual([
      'triage_open_emergencies',
      'weekly_maintenance_summary',
    ]);
    const triage = await client.getPrompt({
      name: 'triage_open_emergencies',
      arguments: { building_id: 'b_hq' },
    });
    const text = (triage.messages[0]!.content as { text: string }).text;
    expect(text).toContain(emergency.code);
    expect(text).toContain('escalate_ticket');
    const weekly = await client.getPrompt({ name: 'weekly_maintenance_summary', arguments: {} });
    expect((weekly.messages[0]!.content as { text: string }).text).toContain(emergency.code);
  });

  it('reports the progress of get_metrics as it computes each section', async () => {
    const progress: { progress: number; total?: number }[] = [];
    const result = await client.callTool(
      { name: 'get_metrics', arguments: { window_hours: 24 } },
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.isError ?? false).toBe(false);
    expect(progress.map((p) => `${p.progress}/${p.total}`)).toEqual(['0/2', '1/2', '2/2']);
  });

  it('answers bad arguments with a readable tool error and writes nothing', async () => {
    const before = await rowCounts(api.db);
    const missing = await client.callTool({ name: 'create_ticket', arguments: { building_id: 'b_hq' } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/^invalid_arguments: Invalid arguments for create_ticket:.*description/s);
    const extra = await client.callTool({
      name: 'create_ticket',
      arguments: { building_id: 'b_hq', description: 'Leak', tenant_id: 't_other' },
    });
    expect(textOf(extra)).toContain('tenant_id');
    const unknown = await client.callTool({ name: 'cancel_ticket', arguments: { ticket: 'QQQQ' } });
    expect(textOf(unknown)).toBe('not_found: No ticket QQQQ.');
    const badBuilding = await client.callTool({
      name: 'create_ticket',
      arguments: { building_id: 'b_nowhere', description: 'Leak' },
    });
    expect(textOf(badBuilding)).toBe('invalid_input: Unknown building b_nowhere.');
    expect(await rowCounts(api.db)).toEqual(before);
  });
});

describe('MCP over HTTP: tenant isolation', () => {
  let demo: Client;
  let other: Client;
  beforeAll(async () => {
    demo = await connectHttp(base, DEMO_KEY);
    other = await connectHttp(base, api.otherKey, 'auto');
  });
  afterAll(async () => Promise.all([demo?.close(), other?.close()]));

  it('never shows tenant A’s tickets to tenant B, through any tool or resource', async () => {
    const ticket = await ok(demo, 'create_ticket', {
      building_id: 'b_hq',
      description: 'Mailbox lock broken',
      category: 'locksmith',
      severity: 'routine',
    });
    const before = await rowCounts(api.db);
    const { tools } = await other.listTools();
    const argsFor: Record<string, Record<string, unknown>> = {
      update_ticket: { access_notes: 'Key under the mat' },
      ping_vendor: { vendor_id: 'v_keymaster' },
      create_appointment: { vendor_id: 'v_keymaster' },
      send_notification: { to: { type: 'resident', id: 'r_alice' }, message: 'hello' },
    };
    const ticketTools = tools.filter((t) => 'ticket' in (t.inputSchema.properties ?? {}));
    expect(ticketTools.map((t) => t.name).sort()).toEqual([
      'cancel_ticket',
      'create_appointment',
      'escalate_ticket',
      'get_ticket',
      'get_ticket_status',
      'get_ticket_timeline',
      'ping_vendor',
      'send_notification',
      'update_ticket',
    ]);
    for (const tool of ticketTools) {
      for (const ref of [ticket.id, ticket.code]) {
        const result = await other.callTool({
          name: tool.name,
          arguments: { ...argsFor[tool.name], ticket: ref },
        });
        expect(result.isError, tool.name).toBe(true);
        expect(textOf(result), tool.name).toMatch(/^not_found: /);
      }
    }
    const mine = await ok(other, 'list_tickets', {});
    expect(mine.tickets).toEqual([]);
    expect((await ok(other, 'list_buildings', {})).buildings.map((b: { id: string }) => b.id)).toEqual([
      'b_other',
    ]);
    expect((await other.callTool({ name: 'get_building', arguments: { building_id: 'b_hq' } })).isError).toBe(
      true,
    );
    const metrics = await ok(other, 'get_metrics', {});
    expect(metrics.open_tickets.total).toBe(0);

    const { resources } = await other.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['building://b_other']);
    await expect(other.readResource({ uri: `ticket://${ticket.id}` })).rejects.toThrow(/not found/i);
    await expect(other.readResource({ uri: `ticket://${ticket.code}` })).rejects.toThrow(/not found/i);
    await expect(other.readResource({ uri: 'building://b_hq' })).rejects.toThrow(/not found/i);
    const triage = await other.getPrompt({ name: 'weekly_maintenance_summary', arguments: {} });
    expect(JSON.stringify(triage)).not.toContain(ticket.code);
    expect(await rowCounts(api.db)).toEqual(before);
  });
});
