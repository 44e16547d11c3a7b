// Every tool through callTool on a real database: managers run the whole lifecycle; residents see
// only their own tickets and only what concerns them; vendors only tickets they were offered;
// another tenant nothing; bad arguments and refused changes come back as readable tool errors
// with nothing written.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOOKING_POLICY } from '../../domain/booking-policy.ts';
import { seedDemo } from '../../prisma/seed.ts';
import { callTool, type ToolOutcome } from '../../tools/call.ts';
import type { ToolContext, ToolPrincipal } from '../../tools/tool.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rowCounts } from '../support/ticket-api.ts';

const MANAGER: ToolPrincipal = { kind: 'manager', tenantId: 't_demo', actor: 'api_key:key_demo' };
const OTHER_MANAGER: ToolPrincipal = { kind: 'manager', tenantId: 't_other', actor: 'api_key:key_other' };
const ALICE: ToolPrincipal = {
  kind: 'resident',
  tenantId: 't_demo',
  actor: 'resident:r_alice',
  residentId: 'r_alice',
  unitId: 'u_101',
  buildingId: 'b_hq',
  phone: '+15551230101',
};
const BEN: ToolPrincipal = {
  kind: 'resident',
  tenantId: 't_demo',
  actor: 'resident:r_ben',
  residentId: 'r_ben',
  unitId: 'u_102',
  buildingId: 'b_hq',
  phone: '+15551230102',
};
const DRAINCO: ToolPrincipal = {
  kind: 'vendor',
  tenantId: 't_demo',
  actor: 'vendor:v_drainco',
  vendorId: 'v_drainco',
};

describe.each(backends())('tools on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await seedDemo(db.prisma, 'fxk_tools_test_key_000001');
    await db.prisma.tenant.create({ data: { id: 't_other', name: 'Other PM' } });
  });
  afterAll(async () => db?.drop());

  const ctx = (principal: ToolPrincipal, extra: Partial<ToolContext> = {}): ToolContext => ({
    prisma: db.prisma,
    pool: db.pool,
    booking: { policy: DEFAULT_BOOKING_POLICY },
    principal,
    correlationId: `corr-${crypto.randomBytes(4).toString('hex')}`,
    ...extra,
  });
  const call = (principal: ToolPrincipal, name: string, args: object) => callTool(name, args, ctx(principal));
  /** The output of a call that must succeed. */
  const ok = async <T = Record<string, unknown>>(principal: ToolPrincipal, name: string, args: object) => {
    const outcome = await call(principal, name, args);
    if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.code} ${outcome.error.message}`);
    expect(outcome.text.length).toBeGreaterThan(0);
    return outcome.output as T;
  };
  const errorOf = (outcome: ToolOutcome) => (outcome.ok ? null : outcome.error);
  type Ticket = { id: string; code: string; status: string; appointments: { id: string }[] };
  const managerTicket = (extra: object = {}) =>
    ok<Ticket>(MANAGER, 'create_ticket', {
      building_id: 'b_hq',
      unit_id: 'u_101',
      description: 'Kitchen sink leaking under the cabinet',
      ...extra,
    });

  it('runs a ticket from report to completed visit, by code or id, and records every step', async () => {
    const created = await managerTicket({
      window_start: '2026-12-01T15:00:00Z',
      window_end: '2026-12-01T18:00:00Z',
    });
    expect(created).toMatchObject({ status: 'new', source: 'mcp', building: { id: 'b_hq' } });

    const byCode = await ok<Ticket>(MANAGER, 'get_ticket', { ticket: created.code.toLowerCase() });
    expect(byCode.id).toBe(created.id);

    const triaged = await ok(MANAGER, 'update_ticket', {
      ticket: created.code,
      category: 'plumbing',
      severity: 'urgent',
      access_notes: 'Dog is friendly',
    });
    expect(triaged).toMatchObject({
      status: 'triaged',
      category: 'plumbing',
      access_notes: 'Dog is friendly',
    });

    const vendors = await ok<{ vendors: { id: string; phone: string }[] }>(MANAGER, 'list_vendors', {
      trade: 'plumbing',
      active: true,
    });
    expect(vendors.vendors.map((v) => v.id)).toEqual(['v_flowright', 'v_pipepros', 'v_drainco']);

    const offer = await ok(MANAGER, 'ping_vendor', { ticket: created.code, vendor_id: 'v_drainco' });
    expect(offer).toMatchObject({ status: 'queued', vendor_id: 'v_drainco', ticket_id: created.id });
    const sms = await db.prisma.message.findFirst({
      where: { toAddress: '+15552000003', ticketId: created.id },
    });
    expect(sms?.body).toContain(`Job ${created.code}:`);

    const visit = await ok<{ id: string }>(MANAGER, 'create_appointment', {
      ticket: created.id,
      vendor_id: 'v_drainco',
    });
    expect(visit).toMatchObject({
      status: 'tentative',
      starts_at: '2026-12-01T15:00:00.000Z',
      confirmation_method: 'manual',
    });
    const status = await ok(MANAGER, 'get_ticket_status', { ticket: created.code });
    expect(status).toMatchObject({
      state: 'scheduled',
      progress_percent: 80,
      appointment: { vendor_name: 'DrainCo', status: 'tentative', starts_at: '2026-12-01T15:00:00.000Z' },
    });
    const again = await call(MANAGER, 'create_appointment', { ticket: created.id, vendor_id: 'v_flowright' });
    expect(errorOf(again)?.code).toBe('conflict');
    expect(await db.prisma.appointment.count({ where: { ticketId: created.id } })).toBe(1);

    await ok(MANAGER, 'change_appointment', { appointment_id: visit.id, change: 'complete' });
    expect(await ok(MANAGER, 'get_ticket_status', { ticket: created.code })).toMatchObject({
      state: 'completed',
    });

    const timeline = await ok<{ entries: { action: string; actor?: { id: string | null } }[] }>(
      MANAGER,
      'get_ticket_timeline',
      { ticket: created.code },
    );
    expect(timeline.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'ticket.updated',
        'offer.sent',
        'appointment.booked',
        'appointment.completed',
      ]),
    );
    expect(timeline.entries[0]).toMatchObject({ actor: { id: 'key_demo' } });
    // The timeline and the events carry the caller's correlation id, as REST calls do.
    const audit = await db.prisma.auditLog.findFirst({
      where: { ticketId: created.id, action: 'ticket.created' },
    });
    expect(audit?.correlationId).toMatch(/^corr-/);
  });

  it('lists with filters and a cursor, escalates, cancels, notifies, and describes buildings', async () => {
    const a = await managerTicket({
      category: 'electrical',
      severity: 'emergency',
      description: 'Sparks at the outlet',
    });
    const b = await managerTicket({
      category: 'electrical',
      severity: 'emergency',
      description: 'Breaker smoking',
    });
    const page1 = await ok<{ tickets: Ticket[]; next_cursor: string }>(MANAGER, 'list_tickets', {
      severity: 'emergency',
      open_only: true,
      limit: 1,
    });
    expect(page1.tickets.map((t) => t.id)).toEqual([b.id]);
    const page2 = await ok<{ tickets: Ticket[] }>(MANAGER, 'list_tickets', {
      severity: 'emergency',
      open_only: true,
      limit: 1,
      cursor: page1.next_cursor,
    });
    expect(page2.tickets.map((t) => t.id)).toEqual([a.id]);

    expect(
      await ok(MANAGER, 'escalate_ticket', { ticket: a.code, note: 'Resident smells burning' }),
    ).toMatchObject({
      status: 'escalated',
    });
    const landlordSms = await db.prisma.message.findFirst({
      where: { toAddress: '+15553000001', ticketId: a.id },
    });
    expect(landlordSms).not.toBeNull();
    expect(await ok(MANAGER, 'cancel_ticket', { ticket: b.code, reason: 'Duplicate' })).toMatchObject({
      status: 'cancelled',
    });
    const open = await ok<{ tickets: Ticket[] }>(MANAGER, 'list_tickets', {
      severity: 'emergency',
      open_only: true,
    });
    expect(open.tickets.map((t) => t.id)).toContain(a.id);
    expect(open.tickets.map((t) => t.id)).not.toContain(b.id);

    const sent = await ok(MANAGER, 'send_notification', {
      to: { type: 'resident', id: 'r_alice' },
      message: 'An electrician is on the way.',
      ticket: a.code,
    });
    expect(sent).toMatchObject({ status: 'queued', message_id: expect.stringMatching(/^msg_/) });

    const building = await ok<{ open_tickets: { code: string }[]; units: unknown[] }>(
      MANAGER,
      'get_building',
      {
        building_id: 'b_hq',
      },
    );
    expect(building.units).toHaveLength(5);
    expect(building.open_tickets.map((t) => t.code)).toContain(a.code);
    expect(building.open_tickets.map((t) => t.code)).not.toContain(b.code);
    const buildings = await ok<{ buildings: { id: string }[] }>(MANAGER, 'list_buildings', {});
    expect(buildings.buildings.map((x) => x.id)).toEqual(['b_annex', 'b_hq']);
  });

  it('computes metrics section by section, reporting progress as each completes', async () => {
    await managerTicket({ category: 'hvac', severity: 'routine', description: 'Thermostat is blank' });
    const progress: [number, number, string | undefined][] = [];
    const outcome = await callTool(
      'get_metrics',
      { window_hours: 1 },
      ctx(MANAGER, { progress: (done, total, message) => void progress.push([done, total, message]) }),
    );
    expect(outcome.ok).toBe(true);
    const m = (outcome as { output: unknown }).output as {
      window_seconds: number;
      by_severity: { severity: string; tickets: number }[];
      open_tickets: { total: number; by_severity: { severity: string; open: number; unbooked: number }[] };
    };
    expect(m.window_seconds).toBe(3600);
    expect(m.by_severity.find((s) => s.severity === 'routine')?.tickets).toBeGreaterThanOrEqual(1);
    expect(m.open_tickets.total).toBe(m.open_tickets.by_severity.reduce((n, s) => n + s.open, 0));
    expect(m.open_tickets.by_severity.find((s) => s.severity === 'routine')?.unbooked).toBeGreaterThanOrEqual(
      1,
    );
    expect(progress.map(([done, total]) => `${done}/${total}`)).toEqual(['0/2', '1/2', '2/2']);

    const aborted = new AbortController();
    aborted.abort();
    await expect(callTool('get_metrics', {}, ctx(MANAGER, { signal: aborted.signal }))).rejects.toThrow();
  });

  it('lets a resident act on their own tickets only, with their place taken from who they are', async () => {
    const mine = await ok<Ticket & { building: { id: string }; unit: { id: string } }>(
      ALICE,
      'create_ticket',
      {
        description: 'Shower drain is slow',
      },
    );
    expect(mine).toMatchObject({
      building: { id: 'b_hq' },
      unit: { id: 'u_101' },
      resident: { id: 'r_alice' },
    });
    const naming = await call(ALICE, 'create_ticket', { description: 'Leak', building_id: 'b_annex' });
    expect(errorOf(naming)?.code).toBe('invalid_arguments');

    expect(await ok(ALICE, 'get_ticket_status', { ticket: mine.code.toLowerCase() })).toMatchObject({
      state: 'new',
    });
    const moved = await ok(ALICE, 'update_ticket', {
      ticket: mine.code,
      window_start: '2026-12-02T14:00:00Z',
      window_end: '2026-12-02T16:00:00Z',
    });
    expect(moved).toMatchObject({ window_start: '2026-12-02T14:00:00.000Z' });
    expect(
      errorOf(await call(ALICE, 'update_ticket', { ticket: mine.code, severity: 'emergency' }))?.code,
    ).toBe('invalid_arguments');
    const theirs = await ok<{ tickets: Ticket[] }>(ALICE, 'list_tickets', {});
    expect(theirs.tickets.map((t) => t.id)).toEqual([mine.id]);

    // Ben cannot tell Alice's ticket from a missing one, whatever the tool.
    const before = await rowCounts(db);
    for (const [name, args] of [
      ['get_ticket', { ticket: mine.code }],
      ['get_ticket_status', { ticket: mine.id }],
      ['get_ticket_timeline', { ticket: mine.code }],
      ['update_ticket', { ticket: mine.code, access_notes: 'hi' }],
      ['cancel_ticket', { ticket: mine.code }],
      ['escalate_ticket', { ticket: mine.code }],
    ] as const) {
      const error = errorOf(await call(BEN, name, args));
      expect(error, name).toEqual({ code: 'not_found', message: `No ticket ${args.ticket}.` });
    }
    expect(errorOf(await call(BEN, 'get_ticket', { ticket: 'ZZZZ' }))?.message).toBe('No ticket ZZZZ.');
    expect((await ok<{ tickets: Ticket[] }>(BEN, 'list_tickets', {})).tickets).toEqual([]);
    expect(errorOf(await call(ALICE, 'list_vendors', {}))?.code).toBe('forbidden');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('shows a resident their timeline without other people’s messages or internal details', async () => {
    const mine = await ok<Ticket>(ALICE, 'create_ticket', {
      description: 'No hot water',
      category: 'plumbing',
      severity: 'urgent',
    });
    await ok(MANAGER, 'ping_vendor', { ticket: mine.code, vendor_id: 'v_flowright' });
    await ok(MANAGER, 'send_notification', {
      to: { type: 'resident', id: 'r_alice' },
      message: 'A plumber has been asked.',
      ticket: mine.code,
    });
    const full = await ok<{ entries: { action: string }[] }>(MANAGER, 'get_ticket_timeline', {
      ticket: mine.code,
    });
    const hers = await ok<{ entries: Record<string, unknown>[] }>(ALICE, 'get_ticket_timeline', {
      ticket: mine.code,
    });
    expect(full.entries.filter((e) => e.action === 'notification.queued')).toHaveLength(2);
    expect(hers.entries.filter((e) => e.action === 'notification.queued')).toHaveLength(1);
    expect(hers.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['ticket.created', 'offer.sent']),
    );
    for (const entry of hers.entries) expect(Object.keys(entry).sort()).toEqual(['action', 'at', 'title']);
    expect(JSON.stringify(hers)).not.toContain('+1555');
  });

  it('lets a vendor ask the status of a job they were offered, and of nothing else', async () => {
    const offered = await managerTicket({ category: 'plumbing', severity: 'routine' });
    const other = await managerTicket({ category: 'plumbing', severity: 'routine' });
    await ok(MANAGER, 'ping_vendor', { ticket: offered.code, vendor_id: 'v_drainco' });
    expect(await ok(DRAINCO, 'get_ticket_status', { ticket: offered.code })).toMatchObject({
      code: offered.code,
    });
    expect(errorOf(await call(DRAINCO, 'get_ticket_status', { ticket: other.code }))?.code).toBe('not_found');
    expect(errorOf(await call(DRAINCO, 'get_ticket', { ticket: offered.code }))?.code).toBe('forbidden');
    await ok(MANAGER, 'create_appointment', { ticket: offered.code, vendor_id: 'v_flowright' });
    expect(await ok(DRAINCO, 'get_ticket_status', { ticket: offered.code })).toMatchObject({
      state: 'scheduled',
      appointment: { vendor_name: 'another vendor' },
    });
  });

  it('keeps tenants apart: another tenant’s manager finds nothing and changes nothing', async () => {
    const ticket = await managerTicket();
    const before = await rowCounts(db);
    for (const [name, args] of [
      ['get_ticket', { ticket: ticket.code }],
      ['get_ticket_status', { ticket: ticket.id }],
      ['get_ticket_timeline', { ticket: ticket.id }],
      ['update_ticket', { ticket: ticket.id, severity: 'routine' }],
      ['cancel_ticket', { ticket: ticket.id }],
      ['escalate_ticket', { ticket: ticket.id }],
      ['ping_vendor', { ticket: ticket.id, vendor_id: 'v_flowright' }],
      ['create_appointment', { ticket: ticket.id, vendor_id: 'v_flowright' }],
      ['send_notification', { to: { type: 'resident', id: 'r_alice' }, message: 'hi' }],
      ['get_building', { building_id: 'b_hq' }],
    ] as const) {
      expect(errorOf(await call(OTHER_MANAGER, name, args))?.code, name).toBe('not_found');
    }
    expect((await ok<{ tickets: Ticket[] }>(OTHER_MANAGER, 'list_tickets', {})).tickets).toEqual([]);
    expect((await ok<{ vendors: unknown[] }>(OTHER_MANAGER, 'list_vendors', {})).vendors).toEqual([]);
    expect(await rowCounts(db)).toEqual(before);
  });

  it('answers bad arguments and refused changes with a readable error, writing nothing', async () => {
    const ticket = await managerTicket();
    await ok(MANAGER, 'cancel_ticket', { ticket: ticket.code });
    const before = await rowCounts(db);
    const cases: [string, unknown, string][] = [
      ['create_ticket', { building_id: 'b_hq' }, 'invalid_arguments'],
      [
        'create_ticket',
        { building_id: 'b_hq', description: 'Leak', tenant_id: 't_other' },
        'invalid_arguments',
      ],
      ['create_ticket', { building_id: 'b_nowhere', description: 'Leak' }, 'invalid_input'],
      ['create_ticket', 'not an object', 'invalid_arguments'],
      ['update_ticket', { ticket: ticket.code }, 'invalid_input'],
      ['update_ticket', { ticket: ticket.code, access_notes: 'x' }, 'invalid_transition'],
      ['cancel_ticket', { ticket: ticket.code }, 'invalid_transition'],
      ['create_appointment', { ticket: ticket.code, vendor_id: 'v_flowright' }, 'invalid_transition'],
      ['list_tickets', { limit: 1000 }, 'invalid_arguments'],
      ['list_tickets', { cursor: 'garbage' }, 'invalid_input'],
      ['get_metrics', { window_hours: -1 }, 'invalid_arguments'],
      ['no_such_tool', {}, 'unknown_tool'],
    ];
    for (const [name, args, code] of cases) {
      const error = errorOf(await callTool(name, args, ctx(MANAGER)));
      expect(error?.code, `${name} ${JSON.stringify(args)}`).toBe(code);
      expect(error?.message.length).toBeGreaterThan(10);
    }
    const missing = errorOf(await call(MANAGER, 'create_ticket', { building_id: 'b_hq' }));
    expect(missing?.message).toContain('description');
    expect(await rowCounts(db)).toEqual(before);
  });
});
