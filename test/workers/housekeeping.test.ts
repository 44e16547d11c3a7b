// Housekeeping deletes exactly the finished rows past their retention — and nothing still in play:
// pending and dead outbox rows, running agent turns, due timers and unexpired idempotency keys stay,
// whatever their age. Runs on Postgres and on the embedded PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../prisma/seed.ts';
import { sweepOnce, type RetentionPolicy } from '../../workers/housekeeping.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const POLICY: RetentionPolicy = { outboxDays: 7, inboxDays: 30, agentTurnsDays: 90, timersDays: 30 };

describe.each(backends())('housekeeping on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await seedDemo(db.prisma);
  });
  afterAll(async () => db?.drop());

  const ids = async (sql: string) => (await db.pool.query(sql)).rows.map((r) => r.id as string).sort();

  async function fill() {
    const q = (sql: string, params: unknown[]) => db.pool.query(sql, params);
    for (const t of ['outbox_events', 'processed_events', 'agent_turns', 'timers', 'idempotency_keys'])
      await db.pool.query(`DELETE FROM ${t}`);
    const outbox: [string, string, Date | null, Date][] = [
      ['00000000-0000-4000-8000-000000000001', 'published', daysAgo(8), daysAgo(8)],
      ['00000000-0000-4000-8000-000000000002', 'published', daysAgo(6), daysAgo(8)],
      ['00000000-0000-4000-8000-000000000003', 'pending', null, daysAgo(40)],
      ['00000000-0000-4000-8000-000000000004', 'dead', null, daysAgo(40)],
    ];
    for (const [id, status, publishedAt, createdAt] of outbox)
      await q(
        `INSERT INTO outbox_events (id, tenant_id, aggregate_type, aggregate_id, event_type, key, payload,
           correlation_id, status, published_at, created_at)
         VALUES ($1, 't_demo', 'ticket', 'tkt_x', 'ticket.created', 'tkt_x', '{}', 'c', $2, $3, $4)`,
        [id, status, publishedAt, createdAt],
      );
    for (const [id, at] of [
      ['ev-old', daysAgo(31)],
      ['ev-new', daysAgo(29)],
    ] as const)
      await q(
        `INSERT INTO processed_events (consumer, event_id, tenant_id, processed_at) VALUES ('booking', $1, 't_demo', $2)`,
        [id, at],
      );

    const conversation = await db.prisma.conversation.upsert({
      where: { tenantId_channel_address: { tenantId: 't_demo', channel: 'sms', address: '+15550009999' } },
      create: {
        id: 'conv_hk',
        tenantId: 't_demo',
        channel: 'sms',
        address: '+15550009999',
        participantType: 'unknown',
      },
      update: {},
    });
    const turns: [string, string, Date | null, Date][] = [
      ['turn_old_done', 'done', daysAgo(91), daysAgo(91)],
      ['turn_new_done', 'done', daysAgo(89), daysAgo(89)],
      ['turn_old_running', 'running', null, daysAgo(200)],
    ];
    for (const [id, status, finishedAt, createdAt] of turns)
      await q(
        `INSERT INTO agent_turns (id, tenant_id, conversation_id, message_id, status, prompt_name, prompt_hash,
           correlation_id, finished_at, created_at)
         VALUES ($1, 't_demo', $2, $1, $3, 'p', 'h', 'c', $4, $5)`,
        [id, conversation.id, status, finishedAt, createdAt],
      );
    for (const [id, status] of [
      ['tkt_hk_open', 'scheduled'],
      ['tkt_hk_done', 'completed'],
    ] as const)
      await db.prisma.ticket.upsert({
        where: { id },
        create: {
          id,
          tenantId: 't_demo',
          code: id.slice(-4).toUpperCase(),
          buildingId: 'b_hq',
          status,
          description: 'x',
          correlationId: 'c',
        },
        update: {},
      });
    const timers: [string, Date | null, Date | null, Date, string | null][] = [
      ['tmr_fired_old', daysAgo(31), null, daysAgo(40), null],
      ['tmr_cancelled_old', null, daysAgo(31), daysAgo(40), null],
      ['tmr_fired_new', daysAgo(2), null, daysAgo(3), null],
      ['tmr_due_long_ago', null, null, daysAgo(100), null],
      // Booked, so its SLA timer was cancelled long ago: while the ticket is open, its dedupe key
      // keeps a re-dispatch (the appointment cancelled) from scheduling an overdue SLA again.
      ['tmr_sla_open_ticket', null, daysAgo(40), daysAgo(41), 'tkt_hk_open'],
      ['tmr_sla_closed_ticket', null, daysAgo(40), daysAgo(41), 'tkt_hk_done'],
    ];
    for (const [id, firedAt, cancelledAt, dueAt, ticketId] of timers)
      await q(
        `INSERT INTO timers (id, tenant_id, kind, dedupe_key, due_at, fired_at, cancelled_at, ticket_id)
         VALUES ($1, 't_demo', 'sla_breach', $1, $2, $3, $4, $5)`,
        [id, dueAt, firedAt, cancelledAt, ticketId],
      );
    for (const [id, expiresAt] of [
      ['idem_expired', daysAgo(1)],
      ['idem_live', new Date(NOW.getTime() + 3_600_000)],
    ] as const)
      await q(
        `INSERT INTO idempotency_keys (id, tenant_id, key, scope, request_hash, status_code, resource_id, expires_at)
         VALUES ($1, 't_demo', $1, 'POST /tickets', 'h', 201, 'tkt_x', $2)`,
        [id, expiresAt],
      );
  }

  it('deletes only finished rows past their retention', async () => {
    await fill();
    const counts = await sweepOnce(db.pool, POLICY, NOW, 1_000);
    expect(counts).toEqual({
      outbox_events: 1,
      processed_events: 1,
      agent_turns: 1,
      timers: 3,
      idempotency_keys: 1,
    });
    expect(await ids(`SELECT status AS id FROM outbox_events`)).toEqual(['dead', 'pending', 'published']);
    expect(await ids(`SELECT event_id AS id FROM processed_events`)).toEqual(['ev-new']);
    expect(await ids(`SELECT id FROM agent_turns`)).toEqual(['turn_new_done', 'turn_old_running']);
    expect(await ids(`SELECT id FROM timers`)).toEqual([
      'tmr_due_long_ago',
      'tmr_fired_new',
      'tmr_sla_open_ticket',
    ]);
    expect(await ids(`SELECT id FROM idempotency_keys`)).toEqual(['idem_live']);

    // A second sweep finds nothing more.
    expect(Object.values(await sweepOnce(db.pool, POLICY, NOW))).toEqual([0, 0, 0, 0, 0]);
  });

  it('works through more rows than one batch', async () => {
    await fill();
    for (let i = 0; i < 7; i++)
      await db.pool.query(
        `INSERT INTO processed_events (consumer, event_id, tenant_id, processed_at) VALUES ('agent', $1, 't_demo', $2)`,
        [`ev-batch-${i}`, daysAgo(45)],
      );
    const counts = await sweepOnce(db.pool, POLICY, NOW, 2);
    expect(counts.processed_events).toBe(8);
    expect(await ids(`SELECT event_id AS id FROM processed_events`)).toEqual(['ev-new']);
  });

  it('stops between batches when asked to', async () => {
    await fill();
    for (let i = 0; i < 5; i++)
      await db.pool.query(
        `INSERT INTO processed_events (consumer, event_id, tenant_id, processed_at) VALUES ('agent', $1, 't_demo', $2)`,
        [`ev-stop-${i}`, daysAgo(45)],
      );
    // Asked before each batch: the outbox's one batch and the inbox's first run, then it stops.
    let batches = 0;
    const counts = await sweepOnce(db.pool, POLICY, NOW, 2, () => ++batches > 2);
    expect(counts).toMatchObject({ outbox_events: 1, processed_events: 2, agent_turns: 0, timers: 0 });
    expect(await ids(`SELECT event_id AS id FROM processed_events`)).toHaveLength(5);
  });

  it('keeps a table forever when its retention is 0', async () => {
    await fill();
    const counts = await sweepOnce(
      db.pool,
      { outboxDays: 0, inboxDays: 0, agentTurnsDays: 0, timersDays: 0 },
      NOW,
    );
    // Idempotency keys carry their own expiry, so they still go.
    expect(counts).toEqual({
      outbox_events: 0,
      processed_events: 0,
      agent_turns: 0,
      timers: 0,
      idempotency_keys: 1,
    });
    expect(await ids(`SELECT id FROM agent_turns`)).toHaveLength(3);
  });
});
