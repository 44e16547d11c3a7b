// `npm run outbox -- <command>`: operate the outbox of DATABASE_URL (or the embedded database).
//   status                       pending / published / dead counts and the oldest pending age
//   dead [--tenant T] [--limit N] list dead-lettered events with their last error
//   requeue [--tenant T] [--id UUID ...]  put dead events back in the queue (all, or the ids given)
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.ts';
import { openDatabase } from '../db/database.ts';
import { listDeadEvents, outboxSummary, requeueDeadEvents } from './outbox-admin.ts';

const USAGE =
  'usage: npm run outbox -- status | dead [--tenant T] [--limit N] | requeue [--tenant T] [--id UUID]...';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      id: { type: 'string', multiple: true },
      limit: { type: 'string' },
    },
  });
}
try {
  args = parse();
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [command] = args.positionals;
const limit = Number(args.values.limit ?? 100);
const badId = args.values.id?.find((id) => !UUID.test(id));
if (!command || !['status', 'dead', 'requeue'].includes(command) || args.positionals.length > 1) {
  console.error(USAGE);
  process.exit(2);
}
if (badId || !Number.isInteger(limit) || limit < 1) {
  console.error(badId ? `not an event id: ${badId}` : '--limit must be a positive integer');
  process.exit(2);
}

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  const tenantId = args.values.tenant;
  if (command === 'status') {
    console.log(JSON.stringify(await outboxSummary(db.pool, tenantId), null, 2));
  } else if (command === 'dead') {
    const dead = await listDeadEvents(db.pool, { tenantId, limit });
    for (const e of dead) {
      console.log(
        `${e.id}  ${e.event_type}  ${e.aggregate_id}  attempts=${e.attempts}  ${e.last_error ?? ''}`,
      );
    }
    console.log(`${dead.length} dead event(s)`);
  } else {
    const ids = await requeueDeadEvents(db.pool, { tenantId, ids: args.values.id });
    console.log(`re-queued ${ids.length} dead event(s)`);
  }
} finally {
  await db.close();
}
