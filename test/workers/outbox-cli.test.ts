// `npm run outbox` lets an operator see the queue, list dead events and re-queue them; bad
// arguments exit 2 and change nothing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEvents } from '../../events/outbox.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { ROOT } from '../support/service-process.ts';

const run = promisify(execFile);

describe('outbox CLI', () => {
  let db: TestDatabase;
  const cli = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, ['workers/outbox-cli.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url },
      });
      return { code: 0, stdout, stderr: '' };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const statuses = async () =>
    (await db.pool.query(`SELECT status FROM outbox_events ORDER BY position`)).rows.map((r) => r.status);

  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend());
    await db.prisma.$transaction((tx) =>
      enqueueEvents(
        tx,
        ['tkt_1', 'tkt_2', 'tkt_3'].map((id) => ({
          type: 'ticket.created',
          tenant_id: id === 'tkt_3' ? 't_other' : 't_demo',
          aggregate_type: 'ticket',
          aggregate_id: id,
          version: 1,
          correlation_id: 'corr-cli',
          payload: {},
        })),
      ),
    );
    await db.pool.query(`UPDATE outbox_events SET status = 'dead', attempts = 12, last_error = 'boom'`);
  });
  afterAll(async () => db?.drop());

  it('reports status and lists dead events with their error', async () => {
    const status = await cli('status');
    expect(JSON.parse(status.stdout)).toMatchObject({ pending: 0, published: 0, dead: 3 });
    const dead = await cli('dead', '--tenant', 't_demo');
    expect(dead.stdout).toMatch(/ticket\.created {2}tkt_1 {2}attempts=12 {2}boom/);
    expect(dead.stdout).not.toContain('tkt_3');
    expect(dead.stdout).toContain('2 dead event(s)');
  });

  it('refuses bad arguments and changes nothing', async () => {
    for (const args of [[], ['explode'], ['requeue', '--id', 'nope'], ['dead', '--limit', '0'], ['--what']]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/usage|not an event id|--limit|Unknown option/);
    }
    expect(await statuses()).toEqual(['dead', 'dead', 'dead']);
  });

  it('re-queues the ids given, then the rest of a tenant, then everything', async () => {
    const first = (await db.pool.query(`SELECT id FROM outbox_events ORDER BY position LIMIT 1`)).rows[0].id;
    expect((await cli('requeue', '--id', first)).stdout).toContain('re-queued 1 dead event(s)');
    expect(await statuses()).toEqual(['pending', 'dead', 'dead']);
    expect((await cli('requeue', '--tenant', 't_demo')).stdout).toContain('re-queued 1 dead event(s)');
    expect(await statuses()).toEqual(['pending', 'pending', 'dead']);
    expect((await cli('requeue')).stdout).toContain('re-queued 1 dead event(s)');
    expect(await statuses()).toEqual(['pending', 'pending', 'pending']);
  });
});
