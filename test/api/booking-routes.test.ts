// Manual booking endpoints: vendors, ping, book, appointment changes, escalate, notify, summary —
// each through the engine's own paths, scoped to the caller's tenant, with bad input refused.
import { describe, expect, it } from 'vitest';
import { auth, useTicketApi } from '../support/ticket-api.ts';

describe('booking endpoints', () => {
  const api = useTicketApi();
  const call = (method: 'GET' | 'POST', url: string, payload?: object, key?: string) =>
    api.app.inject({ method, url, headers: auth(key), ...(payload && { payload }) });
  const newTicket = async (extra: object = {}) => {
    const res = await call('POST', '/tickets', {
      building_id: 'b_hq',
      unit_id: 'u_101',
      resident_phone: '+15551230101',
      message: 'Sink leaking',
      category: 'plumbing',
      severity: 'urgent',
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; code: string };
  };
  const outboundTo = (phone: string) =>
    api.db.prisma.message.findMany({
      where: { toAddress: phone, direction: 'outbound' },
      orderBy: { createdAt: 'asc' },
    });
  const actions = async (id: string) =>
    (await call('GET', `/tickets/${id}/timeline`)).json().entries.map((e: { action: string }) => e.action);

  it('lists the tenant’s vendors by trade, best priority first, and nobody else’s', async () => {
    const res = await call('GET', '/vendors?trade=plumbing');
    expect(res.json().vendors.map((v: { id: string }) => v.id)).toEqual([
      'v_flowright',
      'v_pipepros',
      'v_drainco',
    ]);
    expect((await call('GET', '/vendors', undefined, api.otherKey)).json()).toEqual({ vendors: [] });
    expect((await call('GET', '/vendors?trade=roofing')).statusCode).toBe(400);
  });

  it('pings a vendor with a manual offer: SMS queued, offer recorded, on the timeline', async () => {
    const ticket = await newTicket();
    const res = await call('POST', '/vendors/v_drainco/ping', { ticket_id: ticket.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'queued', offer_id: expect.stringMatching(/^ofr_/) });
    expect(Date.parse(res.json().sent_at)).not.toBeNaN();
    const [sms] = await outboundTo('+15552000003');
    expect(sms!.body).toContain(`Job ${ticket.code}: Sink leaking, 12 Main St unit 101`);
    expect(await actions(ticket.id)).toContain('offer.sent');

    expect((await call('POST', '/vendors/v_nobody/ping', { ticket_id: ticket.id })).statusCode).toBe(404);
    expect(
      (await call('POST', '/vendors/v_drainco/ping', { ticket_id: ticket.id }, api.otherKey)).statusCode,
    ).toBe(404);
    expect((await call('POST', '/vendors/v_drainco/ping', { ticket: ticket.id })).statusCode).toBe(400);
  });

  it('books by hand once; a second booking is a conflict; confirm and complete move it on', async () => {
    const ticket = await newTicket({
      window_start: '2026-12-01T15:00:00Z',
      window_end: '2026-12-01T18:00:00Z',
    });
    const res = await call('POST', '/appointments', { ticket_id: ticket.id, vendor_id: 'v_pipepros' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'tentative',
      vendor_id: 'v_pipepros',
      starts_at: '2026-12-01T15:00:00.000Z',
      ends_at: '2026-12-01T18:00:00.000Z',
      confirmation_method: 'api',
    });
    expect(res.headers.location).toBe(`/appointments/${res.json().id}`);
    expect((await call('GET', `/tickets/${ticket.id}/status`)).json().state).toBe('scheduled');
    const again = await call('POST', '/appointments', { ticket_id: ticket.id, vendor_id: 'v_flowright' });
    expect(again.statusCode).toBe(409);
    expect(await api.db.prisma.appointment.count({ where: { ticketId: ticket.id } })).toBe(1);
    const events = await api.db.prisma.outboxEvent.findMany({
      where: { aggregateId: ticket.id, eventType: { in: ['vendor.confirmed', 'appointment.confirmed'] } },
      orderBy: { position: 'asc' },
    });
    expect(events.map((e) => e.eventType)).toEqual(['vendor.confirmed', 'appointment.confirmed']);
    expect((await outboundTo('+15551230101')).at(-1)!.body).toContain(
      `Pipe Pros will come for ticket ${ticket.code}`,
    );

    const id = res.json().id as string;
    expect((await call('POST', `/appointments/${id}/confirm`)).json().status).toBe('confirmed');
    expect((await call('POST', `/appointments/${id}/confirm`)).statusCode).toBe(409);
    expect((await call('POST', `/appointments/${id}/complete`, undefined, api.otherKey)).statusCode).toBe(
      404,
    );
    expect((await call('POST', `/appointments/${id}/complete`)).json().status).toBe('completed');
    expect((await call('GET', `/tickets/${ticket.id}/status`)).json().state).toBe('completed');
  });

  it('cancelling an appointment re-opens the ticket and starts a new dispatch', async () => {
    const ticket = await newTicket();
    const booked = await call('POST', '/appointments', { ticket_id: ticket.id, vendor_id: 'v_pipepros' });
    const cancelled = await call('POST', `/appointments/${booked.json().id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await call('GET', `/tickets/${ticket.id}/status`)).json().state).toBe('dispatching');
    expect(await api.db.prisma.offer.count({ where: { ticketId: ticket.id, response: 'pending' } })).toBe(1);
    expect(await actions(ticket.id)).toEqual(expect.arrayContaining(['appointment.cancelled', 'offer.sent']));
  });

  it('escalates by hand (once), alerting the on-call landlord; a closed ticket cannot be escalated', async () => {
    const ticket = await newTicket();
    const res = await call('POST', `/tickets/${ticket.id}/escalate`, { note: 'tenant called twice' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('escalated');
    expect((await call('POST', `/tickets/${ticket.id}/escalate`)).statusCode).toBe(200);
    const alerts = (await outboundTo('+15553000001')).filter((m) =>
      m.body.includes(`ESCALATION ${ticket.code}`),
    );
    expect(alerts).toHaveLength(1);

    const closed = await newTicket();
    await call('POST', `/tickets/${closed.id}/cancel`);
    expect((await call('POST', `/tickets/${closed.id}/escalate`)).statusCode).toBe(409);
    expect((await call('POST', `/tickets/${ticket.id}/escalate`, undefined, api.otherKey)).statusCode).toBe(
      404,
    );
  });

  it('sends a notification to a person of this tenant only', async () => {
    const res = await call('POST', '/notify', {
      to: { type: 'resident', id: 'r_ben' },
      message: 'Water off at 2pm',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ message_id: expect.stringMatching(/^msg_/), status: 'queued' });
    expect((await outboundTo('+15551230102')).at(-1)!.body).toBe('Water off at 2pm');
    const other = await call(
      'POST',
      '/notify',
      { to: { type: 'resident', id: 'r_ben' }, message: 'x' },
      api.otherKey,
    );
    expect(other.statusCode).toBe(404);
    expect(
      (await call('POST', '/notify', { to: { type: 'pet', id: 'r_ben' }, message: 'x' })).statusCode,
    ).toBe(400);
    expect(
      (await call('POST', '/notify', { to: { type: 'resident', id: 'r_ben' }, message: '' })).statusCode,
    ).toBe(400);
  });

  it('summarises time-to-book per severity and vendor answers', async () => {
    const res = await call('GET', '/metrics/summary?window_hours=1');
    expect(res.statusCode).toBe(200);
    const urgent = res.json().by_severity.find((r: { severity: string }) => r.severity === 'urgent');
    expect(urgent.booked).toBeGreaterThanOrEqual(2);
    expect(urgent.time_to_book_seconds.p50).toBeGreaterThanOrEqual(0);
    expect(
      res.json().vendors.find((v: { vendor_id: string }) => v.vendor_id === 'v_drainco').offers,
    ).toBeGreaterThanOrEqual(1);
    expect((await call('GET', '/metrics/summary?window_hours=0')).statusCode).toBe(400);
  });
});
