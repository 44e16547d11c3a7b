// Where a webhook's time goes, without HTTP and without queueing: the same inbound SMS stored one
// at a time (closed loop, concurrency 1) three ways on the bench database, each timed for wall
// clock and this process's CPU per message:
//   prisma        — messaging/inbound.ts receiveSms, the code the webhook runs (9 round trips);
//   pg, same SQL  — the statements Prisma sends (captured from the driver), through node-postgres
//                   directly: the same 9 round trips without Prisma's per-query work;
//   pg, one stmt  — the plain-resident path as one CTE statement (1 round trip, autocommit): the
//                   floor for this write (a sketch for measurement, not a drop-in: keywords and
//                   unknown senders would keep the full path).
// Run after the load phases, with the service stopped, so nothing else uses this process's CPU.
import crypto from 'node:crypto';
import type pg from 'pg';
import { connect } from '../../db/database.ts';
import { newId } from '../../domain/ids.ts';
import { receiveSms, type InboundSms } from '../../messaging/inbound.ts';
import { monoMs, percentile } from '../tickets/stats.ts';

export interface BreakdownRow {
  variant: string;
  roundTrips: number;
  messages: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerMessage: number;
}

const Q = {
  tenant: `SELECT "id", "name", "timezone", "sms_number", "created_at", "updated_at" FROM "public"."tenants" WHERE ("sms_number" = $1 AND 1=1) LIMIT $2 OFFSET $3`,
  resident: `SELECT "id" FROM "public"."residents" WHERE ("tenant_id" = $1 AND "phone" = $2) LIMIT $3 OFFSET $4`,
  known: `SELECT "id" FROM "public"."conversations" WHERE (("tenant_id" = $1 AND "channel" = $2 AND "address" = $3) AND 1=1) LIMIT $4 OFFSET $5`,
  upsert: `INSERT INTO "public"."conversations" ("id","tenant_id","channel","address","participant_type","participant_id","state","last_message_at","created_at") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT ("tenant_id","channel","address") DO UPDATE SET "last_message_at" = $10, "participant_type" = $11, "participant_id" = $12 WHERE (("public"."conversations"."tenant_id" = $13 AND "public"."conversations"."channel" = $14 AND "public"."conversations"."address" = $15) AND 1=1) RETURNING "id", "tenant_id", "channel", "address", "participant_type", "participant_id", "state", "last_message_at", "created_at"`,
  message: `INSERT INTO "public"."messages" ("id","tenant_id","conversation_id","direction","channel","from_address","to_address","body","media","provider_sid","status","attempts","correlation_id","created_at") VALUES ($1,$2,$3,CAST($4::text AS "public"."message_direction"),$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT DO NOTHING`,
  outbox: `INSERT INTO "public"."outbox_events" ("id","tenant_id","aggregate_type","aggregate_id","event_type","key","payload","headers","correlation_id","causation_id","status","attempts","next_attempt_at","created_at") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,CAST($11::text AS "public"."outbox_status"),$12,$13,$14)`,
  notify: `SELECT pg_notify('fixline_outbox', '')`,
};

const payload = (sms: InboundSms, messageId: string, conversationId: string, residentId: string) =>
  JSON.stringify({
    message_id: messageId,
    conversation_id: conversationId,
    channel: 'sms',
    participant_type: 'resident',
    participant_id: residentId,
    from: sms.from,
    body: sms.body,
    num_media: 0,
    keyword: null,
  });

/** receiveSms's statements for a plain text from a known resident, through node-postgres. */
async function sameSql(pool: pg.Pool, sms: InboundSms): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const tenant = (await c.query(Q.tenant, [sms.to, 1, 0])).rows[0];
    const resident = (await c.query(Q.resident, [tenant.id, sms.from, 1, 0])).rows[0];
    await c.query(Q.known, [tenant.id, 'sms', sms.from, 1, 0]);
    const now = new Date();
    const conv = (
      await c.query(Q.upsert, [
        ...[newId('cnv'), tenant.id, 'sms', sms.from, 'resident', resident.id, '{}', now, now],
        ...[now, 'resident', resident.id, tenant.id, 'sms', sms.from],
      ])
    ).rows[0];
    const messageId = newId('msg');
    await c.query(Q.message, [
      ...[messageId, tenant.id, conv.id, 'inbound', 'sms', sms.from, sms.to, sms.body, '[]'],
      ...[sms.providerSid, 'received', 0, sms.providerSid, now],
    ]);
    const headers = JSON.stringify({ version: 0, occurred_at: now.toISOString(), schema_version: 1 });
    await c.query(Q.outbox, [
      ...[crypto.randomUUID(), tenant.id, 'conversation', conv.id, 'message.received', conv.id],
      ...[
        payload(sms, messageId, conv.id, resident.id),
        headers,
        sms.providerSid,
        null,
        'pending',
        0,
        now,
        now,
      ],
    ]);
    await c.query(Q.notify);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

const ONE_STATEMENT = `
WITH who AS (
  SELECT t.id AS tenant_id, r.id AS resident_id FROM tenants t
  JOIN residents r ON r.tenant_id = t.id AND r.phone = $1 WHERE t.sms_number = $2 LIMIT 1
), conv AS (
  INSERT INTO conversations (id, tenant_id, channel, address, participant_type, participant_id, last_message_at)
  SELECT $3, tenant_id, 'sms', $1, 'resident', resident_id, now() FROM who
  ON CONFLICT (tenant_id, channel, address) DO UPDATE SET last_message_at = now(),
    participant_type = EXCLUDED.participant_type, participant_id = EXCLUDED.participant_id
  RETURNING id, tenant_id, participant_id
), msg AS (
  INSERT INTO messages (id, tenant_id, conversation_id, direction, channel, from_address, to_address, body,
    provider_sid, status, correlation_id)
  SELECT $4, tenant_id, id, 'inbound', 'sms', $1, $2, $5, $6, 'received', $6 FROM conv
  ON CONFLICT DO NOTHING RETURNING id, tenant_id, conversation_id
), evt AS (
  INSERT INTO outbox_events (id, tenant_id, aggregate_type, aggregate_id, event_type, key, payload, headers,
    correlation_id)
  SELECT $7, msg.tenant_id, 'conversation', msg.conversation_id, 'message.received', msg.conversation_id,
    jsonb_build_object('message_id', msg.id, 'conversation_id', msg.conversation_id, 'channel', 'sms',
      'participant_type', 'resident', 'participant_id', conv.participant_id, 'from', $1::text,
      'body', $5::text, 'num_media', 0, 'keyword', null),
    $8, $6 FROM msg, conv RETURNING id
)
SELECT pg_notify('fixline_outbox', '') FROM evt`;

async function oneStatement(pool: pg.Pool, sms: InboundSms): Promise<void> {
  const headers = JSON.stringify({ version: 0, occurred_at: new Date().toISOString(), schema_version: 1 });
  const { rowCount } = await pool.query(ONE_STATEMENT, [
    ...[sms.from, sms.to, newId('cnv'), newId('msg'), sms.body, sms.providerSid],
    ...[crypto.randomUUID(), headers],
  ]);
  if (rowCount !== 1) throw new Error('one-statement variant stored nothing');
}

export async function runBreakdown(
  url: string,
  opts: { messages: number; phones: string[]; to: string; body: string },
): Promise<BreakdownRow[]> {
  const db = await connect('postgres', url, 'bench-breakdown', 1);
  const variants: [string, number, (sms: InboundSms) => Promise<unknown>][] = [
    ['prisma (receiveSms)', 9, (sms) => receiveSms(db.prisma, sms)],
    ['pg, same SQL', 9, (sms) => sameSql(db.pool, sms)],
    ['pg, one statement', 1, (sms) => oneStatement(db.pool, sms)],
  ];
  const rows: BreakdownRow[] = [];
  try {
    for (const [variant, roundTrips, store] of variants) {
      const sms = (i: number): InboundSms => ({
        providerSid: `SM${crypto.randomBytes(16).toString('hex')}`,
        from: opts.phones[i % opts.phones.length]!,
        to: opts.to,
        body: opts.body,
        media: [],
      });
      for (let i = 0; i < 50; i++) await store(sms(i)); // warm-up: JIT, prepared plans, connection
      const latencies: number[] = [];
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < opts.messages; i++) {
        const t0 = monoMs();
        await store(sms(i));
        latencies.push(monoMs() - t0);
      }
      const cpu = process.cpuUsage(cpu0);
      rows.push({
        variant,
        roundTrips,
        messages: opts.messages,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / opts.messages,
      });
    }
  } finally {
    await db.close();
  }
  return rows;
}
