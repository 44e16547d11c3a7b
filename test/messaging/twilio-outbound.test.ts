// Outbound SMS through the real twilio SDK, its HTTP answered by msw: success, a 429 retried,
// a permanent error recorded and not retried, an opted-out number never requested, the per-number
// rate limit, and the status callback URL Twilio will call.
import crypto from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queueSms } from '../../messaging/outbound.ts';
import { TwilioSmsTransport } from '../../messaging/twilio-transport.ts';
import { SmsSender } from '../../workers/sms-sender.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { testLogger } from '../support/logger.ts';
import { seedDemo } from '../../prisma/seed.ts';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const MESSAGES_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;

interface Seen {
  at: number;
  form: URLSearchParams;
}

describe('SMS through Twilio', () => {
  let db: TestDatabase;
  const seen: Seen[] = [];
  /** What Twilio answers, per call; the last one repeats. */
  let answers: (() => Response)[] = [];
  const ok = () =>
    HttpResponse.json(
      { sid: `SM${crypto.randomBytes(16).toString('hex')}`, status: 'queued', account_sid: ACCOUNT },
      { status: 201 },
    );
  const server = setupServer(
    http.post(MESSAGES_URL, async ({ request }) => {
      seen.push({ at: Date.now(), form: new URLSearchParams(await request.text()) });
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      return answer();
    }),
  );

  const transport = new TwilioSmsTransport({
    accountSid: ACCOUNT,
    authToken: 'secret_token_0000000000',
    publicBaseUrl: 'https://fixline.example.com',
  });
  const sender = (ratePerSecond = 100) =>
    new SmsSender(
      { pool: db.pool, transport, logger: testLogger },
      { ratePerSecond, maxAttempts: 5, listen: false },
    );
  const queue = (to: string, body = 'Hello from Fixline') =>
    db.prisma.$transaction((tx) =>
      queueSms(tx, {
        tenantId: 't_demo',
        to,
        body,
        participantType: 'resident',
        correlationId: 'c1',
        purpose: 'test',
      }),
    );
  const message = (id: string) => db.prisma.message.findUniqueOrThrow({ where: { id } });
  /** Runs send rounds until the message leaves the queue (retries wait out their backoff). */
  const drain = async (s: SmsSender, id: string) => {
    for (let i = 0; i < 200 && (await message(id)).status === 'queued'; i++) {
      await db.pool.query(`UPDATE messages SET next_attempt_at = now() WHERE id = $1 AND status = 'queued'`, [
        id,
      ]);
      await s.sendOnce();
    }
    return message(id);
  };

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    db = await createTestDatabase(primaryBackend());
    await seedDemo(db.prisma, 'fxk_outbound_test_key_00001');
  });
  afterEach(() => {
    seen.length = 0;
    answers = [];
  });
  afterAll(async () => {
    server.close();
    await db?.drop();
  });

  it('sends with the SDK, from the tenant number, with a status callback, and stores the sid', async () => {
    answers = [ok];
    const { messageId } = await queue('+15551230101');
    const sent = await drain(sender(), messageId);
    // Twilio answered "queued": it has the message; delivery receipts move it on from `sending`.
    expect(sent.status).toBe('sending');
    expect(sent.providerSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent.sentAt).not.toBeNull();
    expect(seen).toHaveLength(1);
    expect(Object.fromEntries(seen[0]!.form)).toEqual({
      From: '+15550001000',
      To: '+15551230101',
      Body: 'Hello from Fixline',
      StatusCallback: 'https://fixline.example.com/webhooks/twilio/status',
    });
  });

  it('retries a 429 and then succeeds', async () => {
    answers = [
      () => HttpResponse.json({ code: 20429, message: 'Too Many Requests', status: 429 }, { status: 429 }),
      ok,
    ];
    const { messageId } = await queue('+15551230102');
    const sent = await drain(sender(), messageId);
    expect(seen).toHaveLength(2);
    expect(sent.providerSid).toMatch(/^SM/);
    expect(sent.attempts).toBe(2);
  });

  it('records a permanent error without retrying, and an unsubscribed recipient as opted out', async () => {
    answers = [
      () =>
        HttpResponse.json(
          { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 },
          { status: 400 },
        ),
    ];
    const { messageId } = await queue('+15551239001');
    const failed = await drain(sender(), messageId);
    expect(failed).toMatchObject({ status: 'failed', errorCode: '21610', attempts: 1 });
    expect(seen).toHaveLength(1);
    expect(await db.prisma.optOut.findMany({ where: { phone: '+15551239001' } })).toMatchObject([
      { how: 'carrier' },
    ]);

    // From now on that number is never requested.
    const { messageId: next, status } = await queue('+15551239001', 'Another one');
    expect(status).toBe('suppressed');
    await sender().sendOnce();
    expect((await message(next)).status).toBe('suppressed');
    expect(seen).toHaveLength(1);
  });

  it('never requests a number that opted out after the message was queued', async () => {
    answers = [ok];
    const { messageId } = await queue('+15551230301');
    await db.prisma.optOut.create({
      data: {
        id: 'opt_late',
        tenantId: 't_demo',
        phone: '+15551230301',
        how: 'keyword',
        optedOutAt: new Date(Date.now() + 1000),
      },
    });
    await sender().sendOnce();
    expect((await message(messageId)).status).toBe('suppressed');
    expect(seen).toHaveLength(0);
  });

  it('holds each sending number to its rate', async () => {
    answers = [ok];
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await queue(`+1555123040${i}`)).messageId);
    const s = sender(10); // 10/s: at least 100 ms apart
    for (let i = 0; i < 100 && seen.length < 4; i++) {
      await s.sendOnce();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toHaveLength(4);
    const gaps = seen.slice(1).map((s, i) => s.at - seen[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(95);
  });
});
