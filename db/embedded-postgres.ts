// The embedded default: a Postgres-compatible database (PGlite) kept under DATA_DIR and served
// on a loopback port through the Postgres wire protocol, so the app talks to it with the same
// `pg` driver and Prisma adapter it uses against real Postgres.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGliteServer } from './pglite-server.ts';

export interface EmbeddedPostgres {
  url: string;
  /** Absolute data folder, or "memory" for an in-memory instance (tests). */
  location: string;
  close(): Promise<void>;
}

/** Starts PGlite on `dataDir` ("memory://" for a throwaway instance) and serves it on 127.0.0.1. */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? 'memory' : path.resolve(dataDir, 'pglite');
  if (!inMemory) fs.mkdirSync(location, { recursive: true });
  const releaseLock = inMemory ? () => {} : lockDataDir(location);
  const db = await PGlite.create(inMemory ? undefined : location).catch((err: unknown) => {
    releaseLock();
    throw err;
  });
  // PGlite is a single backend: the server runs one client batch at a time and keeps an open
  // transaction on the connection that began it, so a pool of client connections is safe.
  const server = new PGliteServer(db);
  const port = await server.listen('127.0.0.1', 0);
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  return {
    url,
    location,
    async close() {
      await server.close();
      await db.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file holding the owner's pid refuses that with a clear message (a stale lock from a
 * crashed process is taken over).
 */
function lockDataDir(location: string): () => void {
  const lockFile = path.join(location, 'fixline.lock');
  try {
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database in ${location} is in use by process ${owner}. Stop it first (or set DATABASE_URL).`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
