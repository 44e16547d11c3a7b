// The eval run's own database, thrown away afterwards: with DATABASE_URL, a fresh database created
// on that server (migrated, dropped at the end); without it, an embedded PGlite in a temporary
// folder (removed at the end). Eval worlds never touch the service's own data.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

export interface EvalDatabase {
  db: Database;
  /** For the report: what kind of database, never credentials. */
  describe: string;
  close(): Promise<void>;
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function openEvalDatabase(databaseUrl: string | undefined): Promise<EvalDatabase> {
  if (databaseUrl) {
    const name = `fixline_eval_${crypto.randomBytes(5).toString('hex')}`;
    await admin(databaseUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const drop = () => admin(databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    try {
      await migrate(url.toString());
      const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 5 });
      return {
        db,
        describe: `postgres (throwaway database ${name})`,
        async close() {
          await db.close();
          await drop();
        },
      };
    } catch (err) {
      await drop().catch(() => {});
      throw err;
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-evals-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  let db: Database | null = null;
  try {
    db = await openDatabase({ databaseUrl: undefined, dataDir: dir, poolSize: 4 });
    await migrate(db.url);
    const opened = db;
    return {
      db: opened,
      describe: 'embedded PGlite (temporary)',
      async close() {
        await opened.close();
        remove();
      },
    };
  } catch (err) {
    await db?.close().catch(() => {});
    remove();
    throw err;
  }
}
