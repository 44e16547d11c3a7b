// The tickets API through Fastify: the seeds' curl verbatim, one transaction per ticket, tenant
// isolation, auth, idempotency, listing, and bad input that changes nothing.
import { describe, expect, it } from 'vitest';
import { auth, rowCounts as countRows, SEED_BODY, useTicketApi } from '../support/ticket-api.ts';

const api = useTicketApi();
const rowCounts = () => countRows(api.db);

describe('POST /tickets', () => {
  it("accepts the seeds' body as written and writes ticket, message, audit and ticket.created together", async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/tickets',
      headers: { ...auth(), 'x-correlation-id': 'corr-seed-curl' },
      payload: SEED_BODY,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/tickets/${body.id}`);
    expect(res.headers['x-correlation-id']).toBe('corr-seed-curl');
    expect(body).toMatchObject({
      tenant_id: 't_demo',
      status: 'new',
      progress_percent: 0,
      description: 'Elevator stuck on 3rd floor',
      correlation_id: 'corr-seed-curl',
      building: { id: 'b_hq', address: '12 Main St, Springfield, IL 62701' },
    });
    expect(body.code).toMatch(/^[2-9A-Z]{4}$/);
    const outbox = await api.db.prisma.outboxEvent.findMany({ where: { aggregateId: body.id } });
    expect(outbox.map((e) => [e.eventType, e.correlationId, e.status])).toEqual([
      ['ticket.created', 'corr-seed-curl', 'pending'],
    ]);
    expect(await api.db.prisma.message.count({ where: { ticketId: body.id, direction: 'inbound' } })).toBe(1);
    const audit = await api.db.prisma.auditLog.findMany({ where: { ticketId: body.id } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['ticket.created', 'api_key:key_demo']]);
  });

  it('triages at once when category and severity are given, announcing intake.completed', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/tickets',
      headers: auth(),
      payload: {
        building_id: 'b_hq',
        unit_id: 'u_101',
        resident_phone: '+15551230101',
        message: 'Leaking pipe under the kitchen sink',
        category: 'plumbing',
        severity: 'routine',
        window_start: '2026-11-24T14:00:00Z',
        window_end: '2026-11-24T17:00:00Z',
        access_notes: 'Dog is friendly',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'triaged',
      progress_percent: 20,
      unit: { id: 'u_101' },
      resident: { id: 'r_alice' },
    });
    expect(res.headers['x-correlation-id']).toBe(body.correlation_id);
    const types = (
      await api.db.prisma.outboxEvent.findMany({
        where: { aggregateId: body.id },
        orderBy: { position: 'asc' },
      })
    ).map((e) => e.eventType);
    expect(types).toEqual(['ticket.created', 'intake.completed']);
  });

  it('rolls everything back when a write after the ticket insert fails', async () => {
    await api.db.pool.query(`
      CREATE OR REPLACE FUNCTION fail_audit() RETURNS trigger AS $$
      BEGIN IF NEW.after->>'description' = 'FAIL AFTER INSERT' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END
      $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_audit BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION fail_audit();`);
    const before = await rowCounts();
    const res = await api.app.inject({
      method: 'POST',
      url: '/tickets',
      headers: auth(),
      payload: { ...SEED_BODY, message: 'FAIL AFTER INSERT' },
    });
    await api.db.pool.query(`DROP TRIGGER fail_audit ON audit_logs`);
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal');
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['no body', undefined],
    ['empty object', {}],
    ['missing message', { building_id: 'b_hq' }],
    ['blank message', { building_id: 'b_hq', message: '   ' }],
    ['message too long', { building_id: 'b_hq', message: 'x'.repeat(2001) }],
    ['unknown field', { ...SEED_BODY, priority: 'high' }],
    ['wrong type', { building_id: 42, message: 'leak' }],
    ['bad severity', { ...SEED_BODY, severity: 'catastrophic' }],
    ['bad category', { ...SEED_BODY, category: 'magic' }],
    ['bad phone', { ...SEED_BODY, resident_phone: '555-1234' }],
    ['bad window date', { ...SEED_BODY, window_start: 'tomorrow' }],
    [
      'window ends before it starts',
      { ...SEED_BODY, window_start: '2026-11-24T17:00:00Z', window_end: '2026-11-24T14:00:00Z' },
    ],
    ['unknown building', { ...SEED_BODY, building_id: 'b_nowhere' }],
    ['another tenant building', { building_id: 'b_other', message: 'leak' }],
    ['unit of another building', { ...SEED_BODY, unit_id: 'u_a1' }],
    ['bad id characters', { ...SEED_BODY, building_id: "b_hq'; drop table tickets;--" }],
    ['tenant mismatch', { ...SEED_BODY, tenant_id: 't_other' }],
  ])('refuses %s with a 4xx JSON error and writes nothing', async (_name, payload) => {
    const before = await rowCounts();
    const res = await api.app.inject({
      method: 'POST',
      url: '/tickets',
      headers: auth(),
      payload: payload as object,
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses malformed JSON and oversized bodies', async () => {
    const bad = await api.app.inject({
      method: 'POST',
      url: '/tickets',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: '{"building_id": ',
    });
    expect(bad.statusCode).toBe(400);
    const big = await api.app.inject({
      method: 'POST',
      url: '/tickets',
      headers: auth(),
      payload: { ...SEED_BODY, access_notes: 'x'.repeat(70_000) },
    });
    expect(big.statusCode).toBe(413);
  });
});

describe('GET /tickets', () => {
  it('pages newest first with a cursor, never skipping or repeating, scoped to the tenant', async () => {
    for (let i = 0; i < 5; i++) {
      await api.app.inject({
        method: 'POST',
        url: '/tickets',
        headers: auth(),
        payload: { ...SEED_BODY, message: `Page test ${i}` },
      });
    }
    type Page = { tickets: { id: string; tenant_id: string }[]; next_cursor: string | null };
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; json: () => Page } = await api.app.inject({
        method: 'GET',
        url: `/tickets?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        headers: auth(),
      });
      expect(res.statusCode).toBe(200);
      const body: Page = res.json();
      all.push(...body.tickets.map((t) => t.id));
      expect(body.tickets.every((t) => t.tenant_id === 't_demo')).toBe(true);
      cursor = body.next_cursor;
    } while (cursor);
    const expected = await api.db.prisma.ticket.findMany({
      where: { tenantId: 't_demo' },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    });
    expect(all).toEqual(expected.map((t) => t.id));
    expect(all.length).toBeGreaterThan(3);
  });

  it('filters by status, category, severity, building and recent', async () => {
    const triaged = (
      await api.app.inject({
        method: 'GET',
        url: '/tickets?status=triaged&category=plumbing&severity=routine&building_id=b_hq&recent=true',
        headers: auth(),
      })
    ).json();
    expect(triaged.tickets.length).toBeGreaterThan(0);
    expect(
      triaged.tickets.every(
        (t: { status: string; category: string }) => t.status === 'triaged' && t.category === 'plumbing',
      ),
    ).toBe(true);
    const none = (
      await api.app.inject({
        method: 'GET',
        url: '/tickets?created_to=2000-01-01T00:00:00Z',
        headers: auth(),
      })
    ).json();
    expect(none.tickets).toEqual([]);
  });

  it.each([
    'status=open',
    'limit=0',
    'limit=101',
    'cursor=not-a-cursor',
    'sort=asc',
    'created_from=yesterday',
  ])('refuses ?%s with 400', async (query) => {
    const res = await api.app.inject({ method: 'GET', url: `/tickets?${query}`, headers: auth() });
    expect(res.statusCode).toBe(400);
  });
});

describe('Idempotency-Key', () => {
  const post = (key: string, payload: object) =>
    api.app.inject({
      method: 'POST',
      url: '/tickets',
      headers: { ...auth(), 'idempotency-key': key },
      payload,
    });

  it('replays the same ticket with 200 for the same key and body, writing nothing new', async () => {
    const first = await post('idem-replay-1', SEED_BODY);
    expect(first.statusCode).toBe(201);
    const before = await rowCounts();
    const again = await post('idem-replay-1', {
      message: SEED_BODY.message,
      building_id: 'b_hq',
      tenant_id: 't_demo',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 409 when the key is reused with a different body, writing nothing', async () => {
    await post('idem-conflict-1', SEED_BODY);
    const before = await rowCounts();
    const res = await post('idem-conflict-1', { ...SEED_BODY, message: 'Something else entirely' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    expect(await rowCounts()).toEqual(before);
  });

  it('creates one ticket for ten concurrent identical requests', async () => {
    const before = await rowCounts();
    const results = await Promise.all(Array.from({ length: 10 }, () => post('idem-race-1', SEED_BODY)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    const ids = new Set(results.map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(9);
    const after = await rowCounts();
    expect(after.tickets - before.tickets).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
  });

  it('keys are per tenant', async () => {
    const mine = await post('idem-shared', SEED_BODY);
    const theirs = await api.app.inject({
      method: 'POST',
      url: '/tickets',
      headers: { ...auth(api.otherKey), 'idempotency-key': 'idem-shared' },
      payload: { building_id: 'b_other', message: 'Elevator stuck on 3rd floor' },
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });
});

describe('auth and tenant isolation', () => {
  it('answers 401 without a key or with a wrong one', async () => {
    expect((await api.app.inject({ method: 'POST', url: '/tickets', payload: SEED_BODY })).statusCode).toBe(
      401,
    );
    const wrong = await api.app.inject({
      method: 'GET',
      url: '/tickets/tkt_x',
      headers: auth('fxk_not_a_real_key'),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthorized');
  });

  it("answers 404 for another tenant's ticket on every read, never its data", async () => {
    const created = (
      await api.app.inject({ method: 'POST', url: '/tickets', headers: auth(), payload: SEED_BODY })
    ).json();
    for (const url of [
      `/tickets/${created.id}`,
      `/tickets/${created.id}/status`,
      `/tickets/${created.id}/timeline`,
    ]) {
      const own = await api.app.inject({ method: 'GET', url, headers: auth() });
      expect(own.statusCode).toBe(200);
      const other = await api.app.inject({ method: 'GET', url, headers: auth(api.otherKey) });
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toBe('not_found');
      expect(other.body).not.toContain(created.code);
      expect(other.body).not.toContain('Elevator');
    }
  });
});

describe('GET /tickets/:id and /status', () => {
  it('returns the ticket with building, unit, resident and appointments, and its status', async () => {
    const created = (
      await api.app.inject({
        method: 'POST',
        url: '/tickets',
        headers: auth(),
        payload: { ...SEED_BODY, unit_id: 'u_101' },
      })
    ).json();
    const got = await api.app.inject({ method: 'GET', url: `/tickets/${created.id}`, headers: auth() });
    expect(got.json()).toMatchObject({
      id: created.id,
      unit: { id: 'u_101', label: '101' },
      appointments: [],
    });
    const status = (
      await api.app.inject({ method: 'GET', url: `/tickets/${created.id}/status`, headers: auth() })
    ).json();
    expect(status).toEqual({
      state: 'new',
      progress_percent: 0,
      message: expect.stringContaining('request'),
      updated_at: expect.any(String),
    });
  });

  it('returns the timeline oldest first, shaped for display', async () => {
    const created = (
      await api.app.inject({
        method: 'POST',
        url: '/tickets',
        headers: auth(),
        payload: { ...SEED_BODY, category: 'elevator', severity: 'urgent' },
      })
    ).json();
    const res = await api.app.inject({
      method: 'GET',
      url: `/tickets/${created.id}/timeline`,
      headers: auth(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().entries).toEqual([
      expect.objectContaining({
        action: 'ticket.created',
        title: 'Ticket created',
        actor: { type: 'api_key', id: 'key_demo' },
        entity: { type: 'ticket', id: created.id },
        after: expect.objectContaining({ status: 'triaged', category: 'elevator', severity: 'urgent' }),
      }),
    ]);
  });

  it('refuses malformed ids with 400', async () => {
    const res = await api.app.inject({
      method: 'GET',
      url: `/tickets/${encodeURIComponent('../../etc')}`,
      headers: auth(),
    });
    expect(res.statusCode).toBe(400);
  });
});
