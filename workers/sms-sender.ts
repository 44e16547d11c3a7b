// The SMS sender: claims queued outbound Message rows (SKIP LOCKED, oldest first), hands each to the
// transport and records the provider's id and status. Never sent: an offer past its valid_until,
// or a message to a number that opted out after it was queued. Each sending number is held to its
// carrier rate (this process's share). 429/5xx/network failures are retried with backoff and
// jitter; permanent ones (and maxAttempts) leave the row `failed` with the provider's error code.
import type pg from 'pg';
import type { Logger } from '../observability/logger.ts';
import type { BookingMetrics } from '../observability/metrics.ts';
import { SmsSendError, UNSUBSCRIBED_RECIPIENT, type SmsTransport } from '../messaging/transport.ts';
import { newId } from '../domain/ids.ts';
import { SMS_CHANNEL_NOTIFY } from '../messaging/outbound.ts';
import { PollLoop } from './poll-loop.ts';

const CLAIM_SQL = `
SELECT id, tenant_id, ticket_id, from_address, to_address, body, valid_until, attempts, created_at,
  EXISTS (SELECT 1 FROM opt_outs o WHERE o.tenant_id = m.tenant_id AND o.phone = m.to_address
          AND o.opted_out_at > m.created_at) AS opted_out
FROM messages m
WHERE direction = 'outbound' AND status = 'queued' AND next_attempt_at <= now()
ORDER BY created_at LIMIT $1
FOR UPDATE SKIP LOCKED`;

// The first message back to the person who reported a ticket: the time-to-first-response sample.
const FIRST_RESPONSE_SQL = `
SELECT coalesce(t.severity::text, 'unknown') AS severity, extract(epoch FROM now() - fi.created_at)::float8 AS seconds
FROM messages fi JOIN tickets t ON t.id = fi.ticket_id
WHERE fi.ticket_id = $1 AND fi.direction = 'inbound' AND fi.from_address = $2
  AND fi.created_at = (SELECT min(created_at) FROM messages WHERE ticket_id = $1 AND direction = 'inbound')
  AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.ticket_id = $1 AND o.direction = 'outbound'
                  AND o.to_address = $2 AND o.id <> $3 AND o.sent_at IS NOT NULL)`;

interface QueuedRow {
  id: string;
  tenant_id: string;
  ticket_id: string | null;
  from_address: string;
  to_address: string;
  body: string;
  valid_until: Date | null;
  attempts: number;
  created_at: Date;
  /** The number opted out after this message was queued. */
  opted_out: boolean;
}

export interface SmsSenderDeps {
  pool: pg.Pool;
  transport: SmsTransport;
  logger: Logger;
  metrics?: BookingMetrics;
}

export interface SmsSenderOptions {
  batchSize?: number;
  pollMs?: number;
  listen?: boolean;
  maxAttempts?: number;
  /** Messages per second per sending number (carrier limit; US long codes: 1; Infinity: none). */
  ratePerSecond?: number;
}

export class SmsSender {
  private readonly deps: SmsSenderDeps;
  private readonly opts: Required<SmsSenderOptions>;
  private readonly loop: PollLoop;

  constructor(deps: SmsSenderDeps, options: SmsSenderOptions = {}) {
    this.deps = deps;
    this.opts = {
      batchSize: options.batchSize ?? 50,
      pollMs: options.pollMs ?? 500,
      listen: options.listen ?? true,
      maxAttempts: options.maxAttempts ?? 8,
      ratePerSecond: options.ratePerSecond ?? 1,
    };
    this.loop = new PollLoop({
      name: 'sms sender',
      pool: deps.pool,
      logger: deps.logger,
      pollMs: this.opts.pollMs,
      listenChannel: this.opts.listen ? SMS_CHANNEL_NOTIFY : undefined,
      round: async () => (await this.sendOnce()) >= this.opts.batchSize,
    });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends one batch of queued messages; returns how many rows it handled. */
  async sendOnce(): Promise<number> {
    const client = await this.deps.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<QueuedRow>(CLAIM_SQL, [this.opts.batchSize]);
      for (const row of rows) await this.deliver(client, row);
      await client.query('COMMIT');
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** When each sending number may send next (this process's share of the carrier limit). */
  private readonly nextSlot = new Map<string, number>();

  private async deliver(client: pg.PoolClient, row: QueuedRow): Promise<void> {
    if (row.valid_until && row.valid_until.getTime() < Date.now()) {
      await client.query(`UPDATE messages SET status = 'expired', next_attempt_at = NULL WHERE id = $1`, [
        row.id,
      ]);
      return;
    }
    if (row.opted_out) {
      await client.query(`UPDATE messages SET status = 'suppressed', next_attempt_at = NULL WHERE id = $1`, [
        row.id,
      ]);
      return;
    }
    const now = Date.now();
    const slot = this.nextSlot.get(row.from_address) ?? 0;
    if (slot > now) {
      await client.query(`UPDATE messages SET next_attempt_at = $2 WHERE id = $1`, [row.id, new Date(slot)]);
      return;
    }
    this.nextSlot.set(row.from_address, now + 1000 / this.opts.ratePerSecond);
    try {
      const result = await this.deps.transport.send({
        messageId: row.id,
        tenantId: row.tenant_id,
        from: row.from_address,
        to: row.to_address,
        body: row.body,
      });
      await client.query(
        `UPDATE messages SET status = $2, provider_sid = $3, sent_at = now(), attempts = attempts + 1,
           next_attempt_at = NULL, error_code = NULL WHERE id = $1`,
        [row.id, result.status, result.providerSid],
      );
      if (row.ticket_id && this.deps.metrics) {
        const first = await client.query<{ severity: string; seconds: number }>(FIRST_RESPONSE_SQL, [
          row.ticket_id,
          row.to_address,
          row.id,
        ]);
        const sample = first.rows[0];
        if (sample)
          this.deps.metrics.timeToFirstResponse.observe({ severity: sample.severity }, sample.seconds);
      }
    } catch (err) {
      const permanent = err instanceof SmsSendError && !err.retryable;
      const failed = permanent || row.attempts + 1 >= this.opts.maxAttempts;
      const code = err instanceof SmsSendError ? err.code : 'send_error';
      this.deps.logger.warn({ err, message_id: row.id, code, failed }, 'SMS send failed');
      await client.query(
        `UPDATE messages SET attempts = attempts + 1, error_code = $2,
           status = CASE WHEN $3 THEN 'failed' ELSE status END,
           next_attempt_at = CASE WHEN $3 THEN NULL
             ELSE clock_timestamp() + make_interval(secs => least(60, 0.5 * 2 ^ attempts) * (0.5 + random() / 2)) END
         WHERE id = $1`,
        [row.id, code.slice(0, 64), failed],
      );
      if (code === UNSUBSCRIBED_RECIPIENT) {
        await client.query(
          `INSERT INTO opt_outs (id, tenant_id, phone, how, detail) VALUES ($1, $2, $3, 'carrier', $4)
           ON CONFLICT (tenant_id, phone) DO NOTHING`,
          [newId('opt'), row.tenant_id, row.to_address, `provider error ${code}`],
        );
      }
    }
  }
}
