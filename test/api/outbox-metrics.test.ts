// /metrics reports the outbox queue and the relay's counters; /outbox lets a tenant see and
// re-queue its own dead-lettered events; loopback requests without a key act as the local tenant
// only when that is configured.
import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { createMetrics } from '../../observability/metrics.ts';
import { OutboxRelay } from '../../workers/relay.ts';
import { testLogger } from '../support/logger.ts';
import { auth, SEED_BODY, useTicketApi } from '../support/ticket-api.ts';

/** The value of one sample line (`name{labels} value`) in Prometheus text, or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics and outbox operations', () => {
  const metrics = createMetrics({ defaultMetrics: false });
  const api = useTicketApi({ metrics, auth: { localOpenTenant: 't_demo' } });

  const scrape = async () => {
    const res = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.body;
  };
  const post = (remoteAddress = '127.0.0.1', headers: Record<string, string> = auth()) =>
    api.app.inject({ method: 'POST', url: '/tickets', payload: SEED_BODY, headers, remoteAddress });

  it('counts pending events, their age, publishes and the publish latency', async () => {
    await api.db.pool.query('DELETE FROM outbox_events');
    expect((await post()).statusCode).toBe(201);
    expect((await post()).statusCode).toBe(201);
    await api.db.pool.query(`UPDATE outbox_events SET created_at = now() - interval '30 seconds'`);
    let text = await scrape();
    expect(sample(text, 'fixline_outbox_pending')).toBe(2);
    expect(sample(text, 'fixline_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(30);

    const bus = new InProcessEventBus({ logger: testLogger });
    const relay = new OutboxRelay({ pool: api.db.pool, bus, logger: testLogger, metrics: metrics.outbox });
    expect(await relay.relayOnce()).toBe(2);
    text = await scrape();
    expect(sample(text, 'fixline_outbox_pending')).toBe(0);
    expect(sample(text, 'fixline_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(sample(text, 'fixline_outbox_published_total')).toBe(2);
    expect(sample(text, 'fixline_outbox_publish_latency_seconds_count')).toBe(2);
    // Both rows were 30 s old when acknowledged: they land above the 25 s bucket.
    expect(sample(text, 'fixline_outbox_publish_latency_seconds_bucket{le="10"}')).toBe(0);
    expect(sample(text, 'fixline_outbox_publish_latency_seconds_bucket{le="60"}')).toBe(2);
  });

  it('dead-letters, lists and re-queues events of the caller’s tenant only', async () => {
    await api.db.pool.query('DELETE FROM outbox_events');
    const created = await post();
    const bus = new InProcessEventBus({ logger: testLogger });
    bus.publish = async () => {
      throw new Error('broker unreachable');
    };
    const relay = new OutboxRelay(
      { pool: api.db.pool, bus, logger: testLogger, metrics: metrics.outbox },
      { maxAttempts: 1 },
    );
    await relay.relayOnce();
    const text = await scrape();
    expect(sample(text, 'fixline_outbox_dead')).toBe(1);
    expect(sample(text, 'fixline_outbox_dead_lettered_total')).toBe(1);
    expect(sample(text, 'fixline_outbox_publish_failures_total')).toBe(1);

    const dead = await api.app.inject({ method: 'GET', url: '/outbox/dead', headers: auth() });
    expect(dead.json().events).toMatchObject([
      {
        event_type: 'ticket.created',
        aggregate_id: created.json().id,
        attempts: 1,
        last_error: 'broker unreachable',
      },
    ]);
    const deadId = dead.json().events[0].id as string;
    const summary = await api.app.inject({ method: 'GET', url: '/outbox', headers: auth() });
    expect(summary.json()).toMatchObject({ pending: 0, dead: 1 });

    // Another tenant sees nothing and cannot re-queue this tenant's event, even by id.
    const other = auth(api.otherKey);
    expect((await api.app.inject({ method: 'GET', url: '/outbox/dead', headers: other })).json()).toEqual({
      events: [],
    });
    const foreign = await api.app.inject({
      method: 'POST',
      url: '/outbox/requeue',
      headers: other,
      payload: { ids: [deadId] },
    });
    expect(foreign.json()).toEqual({ requeued: 0, ids: [] });

    const bad = await api.app.inject({
      method: 'POST',
      url: '/outbox/requeue',
      headers: auth(),
      payload: { ids: ['not-a-uuid'] },
    });
    expect(bad.statusCode).toBe(400);
    expect((await api.db.pool.query(`SELECT status FROM outbox_events`)).rows).toEqual([{ status: 'dead' }]);

    const requeue = await api.app.inject({ method: 'POST', url: '/outbox/requeue', headers: auth() });
    expect(requeue.json()).toEqual({ requeued: 1, ids: [deadId] });
    const { rows } = await api.db.pool.query(`SELECT status, attempts FROM outbox_events`);
    expect(rows).toEqual([{ status: 'pending', attempts: 0 }]);
  });

  it('lets loopback requests without a key act as the local tenant, and nobody else', async () => {
    const local = await post('127.0.0.1', {});
    expect(local.statusCode).toBe(201);
    const timeline = await api.app.inject({
      method: 'GET',
      url: `/tickets/${local.json().id}/timeline`,
      headers: auth(),
    });
    expect(timeline.json().entries[0].actor).toEqual({ type: 'local', id: null });
    expect((await post('::1', {})).statusCode).toBe(201);
    expect((await post('10.1.2.3', {})).statusCode).toBe(401);
    // A wrong key is refused even from loopback: only the absence of a key opens the door.
    expect((await post('127.0.0.1', { authorization: 'Bearer fxk_wrong_key_123456' })).statusCode).toBe(401);
  });
});
