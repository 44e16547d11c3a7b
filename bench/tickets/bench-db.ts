// The benchmark's throwaway database: a fresh `fixline_bench_<random>` on the server named by
// DATABASE_URL (its database name replaced) or the local Postgres, migrated with the project's
// runner and seeded with the demo tenant, dropped at the end. Nothing touches an existing database.
import crypto from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../db/migrate.ts';
import { connect } from '../../db/database.ts';
import { seedDemo } from '../../prisma/seed.ts';

const LOCAL_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The demo tenant's API key in the bench database (a throwaway value, never a real secret). */
export const BENCH_API_KEY = 'fxk_bench_tickets_key_0000000001';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export function withDatabaseName(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const adminUrl = withDatabaseName(process.env.DATABASE_URL || LOCAL_SERVER, 'postgres');
  const name = `fixline_bench_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabaseName(adminUrl, name);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  try {
    await migrate(url);
    const db = await connect('postgres', url, name, 1);
    try {
      await seedDemo(db.prisma, BENCH_API_KEY);
    } finally {
      await db.close();
    }
  } catch (err) {
    await drop().catch(() => {});
    throw err;
  }
  return { name, url, drop };
}

/**
 * Empties the outbox (the API and pgbench phases leave thousands of rows, pending since no relay
 * ran), then writes `history` already-published rows before the relay phase. Nothing prunes
 * published rows, so a running system's table holds its whole history, and the relay's claim
 * query pays for it; a fixed history keeps rounds comparable.
 * The rows are marked published and analyzed before the TRUNCATE: ANALYZE of an empty table keeps
 * the old column statistics, and statistics saying "every row is pending" (a backlog) make the
 * planner pick a claim plan that scans every pending row — measured: 4 ms claims instead of 0.8 ms
 * right after the write phases. The healthy state (nearly all rows published) is what is measured.
 */
export async function resetOutbox(url: string, history: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`UPDATE outbox_events SET status = 'published' WHERE status <> 'published'`);
    await client.query('ANALYZE outbox_events');
    await client.query('TRUNCATE outbox_events');
    if (history > 0) {
      await client.query(
        `INSERT INTO outbox_events (id, tenant_id, aggregate_type, aggregate_id, event_type, key, payload,
           headers, correlation_id, status, attempts, published_at)
         SELECT gen_random_uuid(), 't_demo', 'ticket', t.id, 'ticket.created', t.id,
           jsonb_build_object('ticket_id', t.id, 'description', 'Elevator stuck on 3rd floor', 'status', 'triaged'),
           '{"version": 0, "schema_version": 1}', 'bench-history', 'published', 1, now()
         FROM (SELECT 'tkt_hist_' || g AS id FROM generate_series(1, $1::int) g) t`,
        [history],
      );
    }
    await client.query('VACUUM ANALYZE outbox_events');
  } finally {
    await client.end();
  }
}

/** Rows per table, to show what a phase wrote and that the transactions committed. */
export async function countRows(url: string, tables: string[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = (await client.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    return out;
  } finally {
    await client.end();
  }
}
