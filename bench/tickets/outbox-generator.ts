// Outbox writer at a fixed rate, run as its own process (like an API process next to the relay):
// every `batch / rate` seconds one transaction writes `batch` events and the NOTIFY, exactly the
// rows enqueueEvents writes, but as one raw-SQL statement instead of a Prisma interactive
// transaction: on two cores shared with Postgres, Kafka and the relay, the Prisma writer could
// not hold 100 transactions/s and the offered load arrived in bursts. Schedule-driven, not
// completion-driven, so a slow commit does not lower the offered rate. Prints each event's id and
// the monotonic time its COMMIT returned (stats.monoMs), which the relay phase pairs with the ack.
// Usage (the relay phase spawns it): node bench/tickets/outbox-generator.ts '<GeneratorSpec as JSON>'
import crypto from 'node:crypto';
import pg from 'pg';
import { newId } from '../../domain/ids.ts';
import { createEnvelope, eventHeaders } from '../../events/envelope.ts';
import { OUTBOX_CHANNEL, type OutboxMessage } from '../../events/outbox.ts';
import { monoMs, percentile, sleep } from './stats.ts';

/** One autocommit statement: the rows (shaped as enqueueEvents shapes them) and the NOTIFY commit together. */
const INSERT_SQL = `
WITH written AS (
  INSERT INTO outbox_events (id, tenant_id, aggregate_type, aggregate_id, event_type, key, payload, headers,
    correlation_id, causation_id)
  SELECT id, tenant_id, aggregate_type, aggregate_id, event_type, key, payload, headers, correlation_id, causation_id
  FROM jsonb_to_recordset($1::jsonb) AS r (id uuid, tenant_id text, aggregate_type text, aggregate_id text,
    event_type text, key text, payload jsonb, headers jsonb, correlation_id text, causation_id text)
  RETURNING 1
)
SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM (SELECT count(*) FROM written) AS n`;

/** `n` outbox rows as enqueueEvents would write them; returns the rows' JSON and their ids. */
function outboxRows(n: number): { json: string; ids: string[] } {
  const rows = benchEvents(n).map(({ key, ...event }) => {
    const e = createEnvelope(event);
    const headers = {
      ...eventHeaders(e),
      version: e.version,
      occurred_at: e.occurred_at,
      schema_version: e.schema_version,
    };
    return {
      id: e.event_id,
      tenant_id: e.tenant_id,
      aggregate_type: e.aggregate_type,
      aggregate_id: e.aggregate_id,
      event_type: e.type,
      key: key ?? e.aggregate_id,
      payload: e.payload,
      headers,
      correlation_id: e.correlation_id,
      causation_id: e.causation_id,
    };
  });
  return { json: JSON.stringify(rows), ids: rows.map((r) => r.id) };
}

export interface GeneratorSpec {
  url: string;
  ratePerSec: number;
  batch: number;
  warmupMs: number;
  durationMs: number;
}

export interface GeneratorResult {
  /** [event id, commit time (monoMs)] for every event written, warm-up included. */
  events: [string, number][];
  /** Events committed before this time (monoMs) are warm-up. */
  measureFrom: number;
  offeredPerSec: number;
  /** Events committed inside the measured window per second: shows the generator kept up. */
  achievedPerSec: number;
  /** Schedule → COMMIT returned, ms: how long the writer's transaction took. */
  commitP50Ms: number;
  commitP99Ms: number;
  /** Transactions that failed (their events are missing from `events`). */
  failures: number;
  lastError: string | undefined;
}

/** `n` ticket.created events for distinct tickets, shaped like the API's (snapshot payload). */
export function benchEvents(n: number): OutboxMessage[] {
  const correlationId = crypto.randomUUID();
  return Array.from({ length: n }, () => {
    const ticketId = newId('tkt');
    return {
      type: 'ticket.created',
      tenant_id: 't_demo',
      aggregate_type: 'ticket',
      aggregate_id: ticketId,
      version: 0,
      correlation_id: correlationId,
      payload: {
        ticket_id: ticketId,
        code: 'B3NC',
        tenant_id: 't_demo',
        building_id: 'b_hq',
        unit_id: null,
        resident_id: null,
        category: 'elevator',
        severity: 'urgent',
        status: 'triaged',
        description: 'Elevator stuck on 3rd floor',
        window_start: null,
        window_end: null,
        access_notes: null,
        source: 'api',
      },
    };
  });
}

export async function generate(spec: GeneratorSpec): Promise<GeneratorResult> {
  const pool = new pg.Pool({ connectionString: spec.url, max: 4 });
  // Open the connections before the clock starts.
  await Promise.all(Array.from({ length: 4 }, () => pool.connect())).then((cs) =>
    cs.forEach((c) => c.release()),
  );
  const periodMs = (spec.batch / spec.ratePerSec) * 1000;
  const events: [string, number][] = [];
  const commitMs: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let failures = 0;
  let lastError: string | undefined;
  const start = monoMs();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.durationMs;
  try {
    for (let k = 0; ; k++) {
      const due = start + k * periodMs;
      if (due >= end) break;
      const wait = due - monoMs();
      if (wait > 0) await sleep(wait);
      const rows = outboxRows(spec.batch);
      const write = pool
        .query(INSERT_SQL, [rows.json])
        .then(() => {
          const committed = monoMs();
          for (const id of rows.ids) events.push([id, committed]);
          if (committed >= measureFrom) commitMs.push(committed - due);
        })
        .catch((err: unknown) => {
          failures += 1;
          lastError = (err as Error).message;
        });
      inFlight.add(write);
      void write.finally(() => inFlight.delete(write));
    }
    await Promise.all(inFlight);
  } finally {
    await pool.end();
  }
  const measured = events.filter(([, t]) => t >= measureFrom && t < end).length;
  return {
    events,
    measureFrom,
    offeredPerSec: spec.ratePerSec,
    achievedPerSec: (measured / spec.durationMs) * 1000,
    commitP50Ms: percentile(commitMs, 50),
    commitP99Ms: percentile(commitMs, 99),
    failures,
    lastError,
  };
}

if (import.meta.main) {
  const spec = JSON.parse(process.argv[2] ?? '') as GeneratorSpec;
  process.stdout.write(`${JSON.stringify(await generate(spec))}\n`);
}
