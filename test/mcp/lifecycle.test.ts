// The "done when", end to end on the whole service (`startService`, every role, as
// `npm start` runs it): an MCP client on /mcp with the tenant's key creates a ticket and watches
// its status while the booking engine offers the job by SMS and the vendor answers YES through the
// SMS webhook's own code path (the simulator); it sees the vendor booked and reads the timeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { loadConfig } from '../../config/env.ts';
import { seedDemo } from '../../prisma/seed.ts';
import { startService, type Service } from '../../service/start.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { waitUntil } from '../support/deferred.ts';
import { testEnv } from '../support/env.ts';
import { testLogger } from '../support/logger.ts';
import { connectHttp, ok } from './mcp-support.ts';

const KEY = 'fxk_mcp_lifecycle_test_key_01';

describe('the ticket lifecycle from an MCP client', () => {
  let service: Service;
  let client: Client;
  let db: TestDatabase | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    const where: Record<string, string> = {};
    if (testEnv.databaseUrl) {
      db = await createTestDatabase('postgres');
      await seedDemo(db.prisma, KEY);
      where.DATABASE_URL = db.url;
    } else {
      // The embedded default seeds t_demo with DEMO_API_KEY on first start.
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-mcp-'));
      where.DATA_DIR = dataDir;
    }
    const config = loadConfig({}, { ...where, PORT: '0', DEMO_API_KEY: KEY, NODE_ENV: 'test' });
    service = await startService(config, testLogger);
    client = await connectHttp(service.address!, KEY, 'auto');
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a ticket, watches it get booked by a vendor’s YES, and reads the timeline', async () => {
    const ticket = await ok(client, 'create_ticket', {
      building_id: 'b_hq',
      unit_id: 'u_101',
      resident_phone: '+15551230101',
      description: 'Toilet overflowing',
      category: 'plumbing',
      severity: 'urgent',
    });
    expect(ticket.status).toBe('triaged');

    // Whichever plumber the engine asks first answers YES by SMS, as through Twilio's webhook.
    const offered: string[] = [];
    const stop = service.localSms!.onSend((sms) => {
      if (!sms.body.startsWith(`Job ${ticket.code}:`)) return;
      offered.push(sms.to);
      void fetch(`${service.address}/simulator/sms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: sms.to, body: `YES ${ticket.code}` }),
      });
    });
    // Watching the status, as a person in the MCP client would.
    let status: { state: string; appointment: { vendor_name: string } | null } | undefined;
    try {
      await waitUntil(async () => {
        status = await ok(client, 'get_ticket_status', { ticket: ticket.code });
        return status!.state === 'scheduled';
      }, 30_000);
    } finally {
      stop();
    }
    const ticketView = await ok(client, 'get_ticket', { ticket: ticket.code });
    const [visit] = ticketView.appointments;
    const vendors = await ok(client, 'list_vendors', { trade: 'plumbing' });
    const vendor = vendors.vendors.find((v: { id: string }) => v.id === visit.vendor_id);
    expect(offered[0]).toBe(vendor.phone);
    expect(status).toMatchObject({ progress_percent: 80, appointment: { vendor_name: vendor.name } });

    const timeline = await ok(client, 'get_ticket_timeline', { ticket: ticket.code });
    const actions: string[] = timeline.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'dispatch.started',
        'offer.sent',
        'vendor.replied',
        'appointment.booked',
      ]),
    );
    expect(actions.indexOf('offer.sent')).toBeLessThan(actions.indexOf('appointment.booked'));
    const reply = timeline.entries.find((e: { action: string }) => e.action === 'vendor.replied');
    expect(reply.actor).toEqual({ type: 'vendor', id: visit.vendor_id });
    // The resident was told, on the ticket's timeline.
    const told = timeline.entries.filter(
      (e: { action: string; after: { to_id?: string } }) =>
        e.action === 'notification.queued' && e.after.to_id === 'r_alice',
    );
    expect(told.length).toBeGreaterThan(0);
  });
});
