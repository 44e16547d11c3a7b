// Fresh, isolated databases for tests: a clone of the migrated template on real Postgres, or a
// throwaway in-memory PGlite (the embedded default) migrated on the spot.
import crypto from 'node:crypto';
import { inject } from 'vitest';
import { connect, type Database } from '../../db/database.ts';
import { startEmbeddedPostgres } from '../../db/embedded-postgres.ts';
import { migrate } from '../../db/migrate.ts';
import { testEnv } from './env.ts';
import { adminQuery, withDatabase } from './global-setup.ts';

export type Backend = 'postgres' | 'pglite';

/** Backends a database test should run on: real Postgres when configured, and PGlite always. */
export function backends(): Backend[] {
  return testEnv.databaseUrl ? ['postgres', 'pglite'] : ['pglite'];
}

/** The backend for heavier suites: real Postgres when configured, PGlite otherwise. */
export function primaryBackend(): Backend {
  return testEnv.databaseUrl ? 'postgres' : 'pglite';
}

export interface TestDatabase extends Database {
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Skip migrations (to test the migration runner itself). */
  empty?: boolean;
  poolSize?: number;
}

export async function createTestDatabase(
  backend: Backend,
  opts: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  if (backend === 'postgres') {
    const adminUrl = testEnv.databaseUrl!;
    const name = `fixline_t_${crypto.randomBytes(5).toString('hex')}`;
    const template = inject('templateDatabase');
    await adminQuery(
      adminUrl,
      `CREATE DATABASE "${name}"${opts.empty || !template ? '' : ` TEMPLATE "${template}"`}`,
    );
    const url = withDatabase(adminUrl, name);
    if (!opts.empty && !template) await migrate(url);
    const db = await connect('postgres', url, name, opts.poolSize ?? 5);
    return {
      ...db,
      async drop() {
        await db.close();
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  const embedded = await startEmbeddedPostgres('memory://');
  if (!opts.empty) await migrate(embedded.url);
  const db = await connect('pglite', embedded.url, 'memory', opts.poolSize ?? 3);
  return {
    ...db,
    async drop() {
      await db.close();
      await embedded.close();
    },
  };
}
