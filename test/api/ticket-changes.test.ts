// Editing and cancelling tickets: only through the state machine, audited, isolated per tenant.
import { describe, expect, it } from 'vitest';
import { auth, rowCounts as countRows, SEED_BODY, useTicketApi } from '../support/ticket-api.ts';

const api = useTicketApi();
const rowCounts = () => countRows(api.db);

describe('PATCH /tickets/:id and POST /tickets/:id/cancel', () => {
  const create = async () =>
    (
      await api.app.inject({ method: 'POST', url: '/tickets', headers: auth(), payload: SEED_BODY })
    ).json() as {
      id: string;
    };

  it('edits fields, triages once trade and severity are known, and audits before/after', async () => {
    const { id } = await create();
    const res = await api.app.inject({
      method: 'PATCH',
      url: `/tickets/${id}`,
      headers: auth(),
      payload: { category: 'elevator', severity: 'emergency', access_notes: 'Car stuck between 3 and 4' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'triaged', category: 'elevator', severity: 'emergency' });
    const events = await api.db.prisma.outboxEvent.findMany({
      where: { aggregateId: id },
      orderBy: { position: 'asc' },
    });
    expect(events.map((e) => e.eventType)).toEqual(['ticket.created', 'ticket.updated', 'intake.completed']);
    const audit = await api.db.prisma.auditLog.findMany({
      where: { ticketId: id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['ticket.created', 'ticket.updated']);
    expect(audit[1]!.before).toMatchObject({ status: 'new', category: null });
  });

  it.each([
    ['empty body', {}],
    ['status change', { status: 'completed' }],
    ['unknown field', { description: 'rewritten' }],
    ['bad severity', { severity: 'meh' }],
  ])('refuses %s with 400 and changes nothing', async (_name, payload) => {
    const { id } = await create();
    const before = await rowCounts();
    const res = await api.app.inject({ method: 'PATCH', url: `/tickets/${id}`, headers: auth(), payload });
    expect(res.statusCode).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it('cancels through the state machine, and refuses to cancel or edit a closed ticket', async () => {
    const { id } = await create();
    const res = await api.app.inject({
      method: 'POST',
      url: `/tickets/${id}/cancel`,
      headers: auth(),
      payload: { reason: 'Fixed it myself' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', progress_percent: 100 });
    const before = await rowCounts();
    const again = await api.app.inject({ method: 'POST', url: `/tickets/${id}/cancel`, headers: auth() });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_transition');
    const edit = await api.app.inject({
      method: 'PATCH',
      url: `/tickets/${id}`,
      headers: auth(),
      payload: { severity: 'urgent' },
    });
    expect(edit.statusCode).toBe(409);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers 404 for another tenant's ticket and changes nothing", async () => {
    const { id } = await create();
    const before = await rowCounts();
    const patch = await api.app.inject({
      method: 'PATCH',
      url: `/tickets/${id}`,
      headers: auth(api.otherKey),
      payload: { severity: 'urgent' },
    });
    const cancel = await api.app.inject({
      method: 'POST',
      url: `/tickets/${id}/cancel`,
      headers: auth(api.otherKey),
    });
    expect([patch.statusCode, cancel.statusCode]).toEqual([404, 404]);
    expect(await rowCounts()).toEqual(before);
    expect((await api.db.prisma.ticket.findUniqueOrThrow({ where: { id } })).status).toBe('new');
  });
});
