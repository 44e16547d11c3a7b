// Inbound SMS from Twilio: signatures checked against the public URL (signed here with the twilio
// SDK exactly as Twilio signs), retries deduplicated on MessageSid, keywords handled first, the
// sender identified, delivery receipts applied in order, and the answer never waits on consumers.
import crypto from 'node:crypto';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { OutboxRelay } from '../../workers/relay.ts';
import { testLogger } from '../support/logger.ts';
import { useTicketApi } from '../support/ticket-api.ts';

const TOKEN = 'twilio_test_auth_token_0123456789';
const PUBLIC = 'https://fixline.example.com';
const LINE = '+15550001000'; // t_demo's number
const sid = () => `SM${crypto.randomBytes(16).toString('hex')}`;

describe('Twilio webhooks', () => {
  const api = useTicketApi({ twilio: { authToken: TOKEN, publicBaseUrl: PUBLIC } });

  const post = (
    path: string,
    params: Record<string, string>,
    sign: { url?: string; token?: string } | null = {},
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (sign) {
      headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(
        sign.token ?? TOKEN,
        sign.url ?? PUBLIC + path,
        params,
      );
    }
    return api.app.inject({
      method: 'POST',
      url: path,
      headers,
      payload: new URLSearchParams(params).toString(),
    });
  };
  const sms = (from: string, body: string, messageSid = sid()) =>
    post('/webhooks/twilio/sms', { MessageSid: messageSid, From: from, To: LINE, Body: body, NumMedia: '0' });
  const stored = (messageSid: string) =>
    api.db.prisma.message.findMany({ where: { providerSid: messageSid } });
  const repliesTo = async (phone: string) =>
    (
      await api.db.prisma.message.findMany({
        where: { toAddress: phone, direction: 'outbound' },
        orderBy: { createdAt: 'asc' },
      })
    ).map((m) => m.body);

  it('accepts a correctly signed SMS, stores it with its event and answers empty TwiML', async () => {
    const messageSid = sid();
    const res = await post('/webhooks/twilio/sms', {
      MessageSid: messageSid,
      From: '+15551230101',
      To: LINE,
      Body: 'My sink is leaking',
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/media/ME1',
      MediaContentType0: 'image/jpeg',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const [message] = await stored(messageSid);
    expect(message).toMatchObject({ direction: 'inbound', body: 'My sink is leaking', tenantId: 't_demo' });
    expect(message!.media).toEqual([{ url: 'https://api.twilio.com/media/ME1', content_type: 'image/jpeg' }]);
    const event = await api.db.prisma.outboxEvent.findFirstOrThrow({
      where: { eventType: 'message.received', payload: { path: ['message_id'], equals: message!.id } },
    });
    expect(event.payload).toMatchObject({
      participant_type: 'resident',
      participant_id: 'r_alice',
      keyword: null,
    });
  });

  it.each([
    ['forged (wrong token)', { token: 'not_the_token' }],
    ['signed for another URL', { url: `${PUBLIC}/webhooks/twilio/other` }],
    [
      'signed for the proxied request URL instead of the public one',
      { url: 'http://localhost:80/webhooks/twilio/sms' },
    ],
    ['unsigned', null],
  ])('refuses a webhook %s with 403 and stores nothing', async (_name, sign) => {
    const messageSid = sid();
    const res = await post(
      '/webhooks/twilio/sms',
      { MessageSid: messageSid, From: '+15551230101', To: LINE, Body: 'hi' },
      sign,
    );
    expect(res.statusCode).toBe(403);
    expect(await stored(messageSid)).toEqual([]);
  });

  it('stores one message and one event when Twilio delivers the same SMS five times at once', async () => {
    const messageSid = sid();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => sms('+15551230102', 'Heater broken', messageSid)),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const messages = await stored(messageSid);
    expect(messages).toHaveLength(1);
    const events = await api.db.prisma.outboxEvent.count({
      where: { eventType: 'message.received', payload: { path: ['message_id'], equals: messages[0]!.id } },
    });
    expect(events).toBe(1);
  });

  it('honours STOP, a plain-language opt-out, START and HELP', async () => {
    const phone = '+15551230201';
    await sms(phone, 'STOP');
    expect(await api.db.prisma.optOut.findMany({ where: { phone } })).toMatchObject([{ how: 'keyword' }]);
    // Twilio confirms STOP itself on long codes: nothing from us.
    expect(await repliesTo(phone)).toEqual([]);
    await sms(phone, 'START');
    expect(await api.db.prisma.optOut.count({ where: { phone } })).toBe(0);

    await sms(phone, 'please stop texting me');
    expect(await api.db.prisma.optOut.findMany({ where: { phone } })).toMatchObject([
      { how: 'plain_language' },
    ]);
    expect((await repliesTo(phone)).at(-1)).toContain('no more texts');

    const helper = '+15551230301';
    await sms(helper, 'HELP');
    expect((await repliesTo(helper)).at(-1)).toMatch(/maintenance line.*Reply STOP to opt out/);
    await sms(helper, "the leak won't stop");
    expect(await api.db.prisma.optOut.count({ where: { phone: helper } })).toBe(0);
  });

  it('stores an unknown number as unknown and leaves the answer to the agent', async () => {
    const stranger = '+15559998888';
    await sms(stranger, 'hello?');
    // The agent (a worker) asks for their address, in their language; the webhook queues nothing.
    expect(await repliesTo(stranger)).toEqual([]);
    const event = await api.db.prisma.outboxEvent.findFirstOrThrow({
      where: { eventType: 'message.received', payload: { path: ['from'], equals: stranger } },
    });
    expect(event.payload).toMatchObject({ participant_type: 'unknown', participant_id: null, keyword: null });
  });

  it('applies delivery receipts and never moves a message backwards', async () => {
    const providerSid = sid();
    await api.db.prisma.message.update({
      where: { id: (await api.db.prisma.message.findFirstOrThrow({ where: { direction: 'outbound' } })).id },
      data: { providerSid, status: 'queued' },
    });
    const status = (MessageStatus: string, extra: Record<string, string> = {}) =>
      post('/webhooks/twilio/status', { MessageSid: providerSid, MessageStatus, ...extra });
    expect((await status('sent')).statusCode).toBe(204);
    expect((await status('undelivered', { ErrorCode: '30003' })).statusCode).toBe(204);
    expect((await status('sent')).statusCode).toBe(204); // late, out of order
    const [message] = await stored(providerSid);
    expect(message).toMatchObject({ status: 'undelivered', errorCode: '30003' });
    expect((await status('exploded')).statusCode).toBe(400);
    expect(
      (await post('/webhooks/twilio/status', { MessageSid: providerSid, MessageStatus: 'delivered' }, null))
        .statusCode,
    ).toBe(403);
  });

  it('answers at once even when a consumer of message.received takes seconds', async () => {
    const bus = new InProcessEventBus({ logger: testLogger });
    let handled = 0;
    await bus.subscribe({
      group: 'slow',
      topics: ['message.received'],
      handler: async () => {
        await new Promise((r) => setTimeout(r, 2_000));
        handled++;
      },
    });
    const relay = new OutboxRelay(
      { pool: api.db.pool, bus, logger: testLogger },
      { pollMs: 5, listen: false },
    );
    await relay.start();
    try {
      const started = performance.now();
      const res = await sms('+15551230101', 'is anyone coming?');
      const elapsed = performance.now() - started;
      expect(res.statusCode).toBe(200);
      // Answered before the consumer could have finished: the webhook never waits on it.
      expect(handled).toBe(0);
      expect(elapsed).toBeLessThan(2_000);
    } finally {
      await relay.stop();
      await bus.close();
    }
  });
});
