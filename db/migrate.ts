// Applies prisma/migrations/*/migration.sql in order and records each in `_prisma_migrations`
// exactly as `prisma migrate deploy` does (same table, checksum and advisory lock), so either tool
// can take over from the other.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../prisma/migrations');
// The advisory lock key Prisma's migration engine takes; sharing it serializes the two tools.
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  /** Applied migrations whose file changed since (Prisma warns about these too). */
  modified: string[];
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

export async function migrate(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    try {
      return await applyPending(client, readMigrations(dir));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(client: pg.Client, files: MigrationFile[]): Promise<MigrateResult> {
  await client.query(CREATE_TABLE);
  const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const failed = rows.filter((r) => r.finished_at === null).map((r) => r.migration_name);
  if (failed.length > 0) {
    throw new Error(`Migration(s) ${failed.join(', ')} failed earlier; resolve them before migrating again.`);
  }
  const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  const result: MigrateResult = { applied: [], alreadyApplied: [], modified: [] };
  for (const file of files) {
    const checksum = done.get(file.name);
    if (checksum !== undefined) {
      result.alreadyApplied.push(file.name);
      if (checksum !== file.checksum) result.modified.push(file.name);
      continue;
    }
    await client.query('BEGIN');
    try {
      await client.query(file.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [crypto.randomUUID(), file.checksum, file.name],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw new Error(`Migration ${file.name} failed: ${(err as Error).message}`, { cause: err });
    }
    result.applied.push(file.name);
  }
  return result;
}
