// Opens the database the configuration asks for: DATABASE_URL, or the embedded PGlite.
// One pg.Pool is shared by Prisma (through the pg driver adapter) and by raw SQL (relay, LISTEN).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

export type { PrismaClient };

export interface Database {
  kind: 'postgres' | 'pglite';
  url: string;
  /** Where the data lives, for the start-up line: a host or a folder. */
  location: string;
  prisma: PrismaClient;
  pool: pg.Pool;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return connect('postgres', opts.databaseUrl, hostOf(opts.databaseUrl), opts.poolSize);
  const embedded = await startEmbeddedPostgres(opts.dataDir);
  // PGlite runs one statement at a time; more connections only add queueing.
  const db = await connect('pglite', embedded.url, embedded.location, Math.min(opts.poolSize, 4));
  return {
    ...db,
    async close() {
      await db.close();
      await embedded.close();
    },
  };
}

export async function connect(
  kind: Database['kind'],
  url: string,
  location: string,
  poolSize: number,
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // PGlite runs one transaction at a time, so waiting for a turn can take longer than on Postgres.
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions:
      kind === 'pglite' ? { maxWait: 15_000, timeout: 30_000 } : { maxWait: 5_000, timeout: 15_000 },
  });
  let closed = false;
  return {
    kind,
    url,
    location,
    prisma,
    pool,
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'postgres';
  }
}
