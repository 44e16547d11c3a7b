// The embedded database's wire server: many pooled connections share PGlite's single session.
// Extended-protocol batches from different connections must never mix (each gets its own rows),
// a transaction keeps the session until it ends, and a client dying mid-transaction is rolled back.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../db/embedded-postgres.ts';

describe('embedded database server', () => {
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres('memory://');
    pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
    await pool.query('CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(async () => {
    await pool?.end();
    await embedded?.close();
  });

  it('answers 200 concurrent parameterised queries from 8 connections, each with its own result', async () => {
    // Large parameters split each client's Parse/Bind/Execute/Sync over several TCP reads, which is
    // where a server that interleaves single messages lets connections clobber each other.
    const payload = (i: number) => `q${i}:`.padEnd(100_000 + i, String.fromCharCode(97 + (i % 26)));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        // Each query's own text: binding to another connection's statement would change `k`.
        pool.query<{ n: number; len: number; tail: string; k: number }>(
          `SELECT $1::int AS n, length($2::text) AS len, right($2::text, 3) AS tail, ${i} AS k`,
          [i, payload(i)],
        ),
      ),
    );
    results.forEach((r, i) =>
      expect(r.rows).toEqual([{ n: i, len: 100_000 + i, tail: payload(i).slice(-3), k: i }]),
    );
  });

  it('keeps the session for an open transaction, so others see only committed work', async () => {
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      await a.query('INSERT INTO items VALUES (1, $1)', ['one']);
      // Queued behind A's transaction; it must not see (or break) the uncommitted row.
      const reading = pool.query('SELECT count(*)::int AS n FROM items');
      await new Promise((r) => setTimeout(r, 50));
      await a.query('INSERT INTO items VALUES (2, $1)', ['two']);
      await a.query('COMMIT');
      expect((await reading).rows[0].n).toBe(2);
    } finally {
      a.release();
    }
  });

  it('rolls back the transaction of a client that disconnects in the middle of it', async () => {
    const doomed = new pg.Client({ connectionString: embedded.url });
    doomed.on('error', () => {});
    await doomed.connect();
    await doomed.query('BEGIN');
    await doomed.query('INSERT INTO items VALUES (3, $1)', ['three']);
    const waiting = pool.query('SELECT array_agg(id ORDER BY id) AS ids FROM items');
    (doomed as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].ids).toEqual([1, 2]);
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});
