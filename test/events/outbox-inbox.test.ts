// The outbox stores exactly the envelope it was given and only when the transaction commits; the
// inbox runs an event's effect once however often (and however concurrently) it is delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleOnce } from '../../events/inbox.ts';
import { enqueueEvents, envelopeFromRow } from '../../events/outbox.ts';
import { seedDemo } from '../../prisma/seed.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';

const event = (id: string, version: number) => ({
  type: 'ticket.created',
  tenant_id: 't_demo',
  aggregate_type: 'ticket',
  aggregate_id: id,
  version,
  correlation_id: `corr-${id}`,
  causation_id: 'cause-1',
  payload: { ticket_id: id, description: 'Leaking pipe under the sink' },
});

describe.each(backends())('outbox and inbox on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await seedDemo(db.prisma, 'fxk_outbox_inbox_test_key');
  });
  afterAll(async () => db?.drop());

  it('writes pending rows in the caller transaction and rebuilds the same envelopes', async () => {
    const envelopes = await db.prisma.$transaction((tx) =>
      enqueueEvents(tx, [
        event('tkt_1', 1),
        { ...event('conv_1', 1), type: 'message.received', key: 'conv_1' },
      ]),
    );
    const rows = await db.prisma.outboxEvent.findMany({
      where: { id: { in: envelopes.map((e) => e.event_id) } },
      orderBy: { position: 'asc' },
    });
    expect(rows.map((r) => [r.status, r.key, r.eventType])).toEqual([
      ['pending', 'tkt_1', 'ticket.created'],
      ['pending', 'conv_1', 'message.received'],
    ]);
    expect(rows.map(envelopeFromRow)).toEqual(envelopes);
    expect(rows[0]!.position < rows[1]!.position).toBe(true);
  });

  it('writes nothing when the transaction rolls back', async () => {
    const before = await db.prisma.outboxEvent.count();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await enqueueEvents(tx, [event('tkt_rollback', 1)]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await db.prisma.outboxEvent.count()).toBe(before);
  });

  it('runs an effect once per (consumer, event), even for concurrent duplicates', async () => {
    const [envelope] = await db.prisma.$transaction((tx) => enqueueEvents(tx, [event('tkt_inbox', 1)]));
    let effects = 0;
    const effect = async (tx: Parameters<Parameters<typeof handleOnce>[3]>[0]) => {
      effects++;
      await tx.auditLog.create({
        data: {
          id: `aud_${effects}_${envelope!.event_id}`,
          tenantId: 't_demo',
          actor: 'system:test',
          action: 'test.effect',
          entityType: 'ticket',
          entityId: 'tkt_inbox',
          correlationId: envelope!.correlation_id,
        },
      });
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => handleOnce(db.prisma, 'booking', envelope!, effect)),
    );
    expect(results.filter((r) => r === 'handled')).toHaveLength(1);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(4);
    expect(await db.prisma.auditLog.count({ where: { entityId: 'tkt_inbox' } })).toBe(1);
    // Another consumer group is independent.
    expect(await handleOnce(db.prisma, 'notifier', envelope!, effect)).toBe('handled');
  });

  it('leaves no inbox record when the effect fails, so the redelivery runs it', async () => {
    const [envelope] = await db.prisma.$transaction((tx) => enqueueEvents(tx, [event('tkt_fail', 1)]));
    await expect(
      handleOnce(db.prisma, 'booking', envelope!, async () => {
        throw new Error('vendor lookup failed');
      }),
    ).rejects.toThrow('vendor lookup failed');
    expect(await handleOnce(db.prisma, 'booking', envelope!, async () => {})).toBe('handled');
  });
});
