// Web chat: sessions opened with the tenant's API key (optionally for a verified resident), messages
// stored with `message.received` like SMS, a token that opens one conversation only, and an event
// stream (read here over a real socket) that pushes replies and ticket status changes.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { queueChatMessage, queueReply } from '../../messaging/chat.ts';
import { LocalSmsTransport } from '../../messaging/local-transport.ts';
import { SmsSender } from '../../workers/sms-sender.ts';
import { waitUntil } from '../support/deferred.ts';
import { testLogger } from '../support/logger.ts';
import { openSseStream } from '../support/sse.ts';
import { auth, useTicketApi } from '../support/ticket-api.ts';

interface Session {
  session_id: string;
  conversation_id: string;
  token: string;
  participant: { type: string; id: string | null };
}

describe('web chat', () => {
  const api = useTicketApi();
  let base: string;
  beforeAll(async () => {
    base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  });

  const openSession = async (body?: object, key = auth()) => {
    const res = await api.app.inject({ method: 'POST', url: '/chat/sessions', headers: key, payload: body });
    expect(res.statusCode).toBe(201);
    return res.json() as Session;
  };
  const post = (token: string | null, payload: object) =>
    api.app.inject({
      method: 'POST',
      url: '/chat/messages',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload,
    });
  const counts = async () => ({
    conversations: await api.db.prisma.conversation.count(),
    messages: await api.db.prisma.message.count(),
    outbox: await api.db.prisma.outboxEvent.count(),
  });

  it('opens a session for an unverified visitor, and one for a verified resident', async () => {
    const visitor = await openSession();
    expect(visitor.participant).toEqual({ type: 'unknown', id: null });
    expect(visitor.session_id).toMatch(/^chs_[A-Za-z0-9_-]{43}$/);
    expect(visitor.token).toMatch(/^fxc\.cnv_\w+\.[A-Za-z0-9_-]{43}$/);
    const resident = await openSession({ tenant_id: 't_demo', resident_id: 'r_alice' });
    expect(resident.participant).toEqual({ type: 'resident', id: 'r_alice' });
    const row = await api.db.prisma.conversation.findUniqueOrThrow({
      where: { id: resident.conversation_id },
    });
    expect(row).toMatchObject({
      tenantId: 't_demo',
      channel: 'chat',
      address: resident.session_id,
      participantType: 'resident',
      participantId: 'r_alice',
    });
    // The secret part of the token is stored nowhere.
    const secret = resident.token.split('.')[2]!;
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('stores a posted message with message.received on channel chat, once per client id', async () => {
    const session = await openSession({ resident_id: 'r_alice' });
    const payload = { body: '  My kitchen sink is leaking  ', client_message_id: 'c-1' };
    const res = await post(session.token, payload);
    expect(res.statusCode).toBe(201);
    const { message_id: messageId, status } = res.json();
    expect(status).toBe('stored');
    const message = await api.db.prisma.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(message).toMatchObject({
      tenantId: 't_demo',
      conversationId: session.conversation_id,
      direction: 'inbound',
      channel: 'chat',
      fromAddress: session.session_id,
      body: 'My kitchen sink is leaking',
      status: 'received',
    });
    const event = await api.db.prisma.outboxEvent.findFirstOrThrow({
      where: { eventType: 'message.received', payload: { path: ['message_id'], equals: messageId } },
    });
    expect(event).toMatchObject({ tenantId: 't_demo', aggregateId: session.conversation_id });
    expect(event.payload).toMatchObject({
      conversation_id: session.conversation_id,
      channel: 'chat',
      participant_type: 'resident',
      participant_id: 'r_alice',
      body: 'My kitchen sink is leaking',
      keyword: null,
    });

    const before = await counts();
    const retry = await post(session.token, payload);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'duplicate', message_id: messageId });
    expect(await counts()).toEqual(before);
  });

  it('keeps tenants and sessions apart', async () => {
    const demo = await openSession();
    const other = await openSession({}, auth(api.otherKey));
    const otherRow = await api.db.prisma.conversation.findUniqueOrThrow({
      where: { id: other.conversation_id },
    });
    expect(otherRow.tenantId).toBe('t_other');

    const before = await counts();
    // Another tenant's resident cannot be claimed.
    const claim = await api.app.inject({
      method: 'POST',
      url: '/chat/sessions',
      headers: auth(api.otherKey),
      payload: { resident_id: 'r_alice' },
    });
    expect(claim.statusCode).toBe(400);
    expect(claim.json().error).toMatchObject({ code: 'invalid_input', details: { field: 'resident_id' } });
    // A token opens its own session only: another tenant's (or any other) session is not found.
    const read = await api.app.inject({
      method: 'GET',
      url: `/chat/sessions/${demo.session_id}`,
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(read.statusCode).toBe(404);
    expect(read.json().error.code).toBe('not_found');
    const write = await post(other.token, { session_id: demo.session_id, body: 'hello' });
    expect(write.statusCode).toBe(404);
    const stream = await openSseStream(`${base}/chat/sessions/${demo.session_id}/events`, {
      authorization: `Bearer ${other.token}`,
    });
    expect(stream.res.status).toBe(404);
    expect(await counts()).toEqual(before);

    const own = await api.app.inject({
      method: 'GET',
      url: `/chat/sessions/${demo.session_id}`,
      headers: { authorization: `Bearer ${demo.token}` },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ session_id: demo.session_id, tenant_id: 't_demo', messages: [] });
  });

  describe('refuses bad input with 4xx and writes nothing', () => {
    let session: Session;
    beforeAll(async () => {
      session = await openSession();
    });
    type Who = 'api key' | 'nobody' | 'token' | 'forged token' | 'malformed token';
    const headersOf = (who: Who): Record<string, string> => {
      if (who === 'api key') return auth();
      if (who === 'nobody') return {};
      const token = {
        token: session.token,
        'forged token': `${session.token.slice(0, -4)}AAAA`,
        'malformed token': 'fxc.nope',
      }[who];
      return { authorization: `Bearer ${token}` };
    };
    const sessionCases: [string, Who, object | undefined, number, string][] = [
      ['no API key', 'nobody', undefined, 401, 'unauthorized'],
      ['an unknown resident', 'api key', { resident_id: 'r_nobody' }, 400, 'invalid_input'],
      ['a malformed resident id', 'api key', { resident_id: 'r alice' }, 400, 'validation_failed'],
      ['an unknown field', 'api key', { phone: '+15551230101' }, 400, 'validation_failed'],
      ["another tenant's tenant_id", 'api key', { tenant_id: 't_other' }, 403, 'forbidden'],
    ];
    const messageCases: [string, Who, object | undefined, number, string][] = [
      ['no token', 'nobody', { body: 'hi' }, 401, 'unauthorized'],
      ['the API key instead of a token', 'api key', { body: 'hi' }, 401, 'unauthorized'],
      ['a forged token', 'forged token', { body: 'hi' }, 401, 'unauthorized'],
      ['a malformed token', 'malformed token', { body: 'hi' }, 401, 'unauthorized'],
      ['an empty body', 'token', { body: '   ' }, 400, 'validation_failed'],
      ['a body over 2000 characters', 'token', { body: 'x'.repeat(2001) }, 400, 'validation_failed'],
      ['an unknown field', 'token', { body: 'hi', from: 'x' }, 400, 'validation_failed'],
      [
        'a bad client_message_id',
        'token',
        { body: 'hi', client_message_id: 'a b' },
        400,
        'validation_failed',
      ],
      ['a malformed session_id', 'token', { body: 'hi', session_id: 'chs_x' }, 400, 'validation_failed'],
      ['no body field', 'token', {}, 400, 'validation_failed'],
    ];
    const refused = async (
      url: string,
      who: Who,
      payload: object | undefined,
      status: number,
      code: string,
    ) => {
      const before = await counts();
      const res = await api.app.inject({ method: 'POST', url, headers: headersOf(who), payload });
      expect(res.statusCode).toBe(status);
      expect(res.json().error).toMatchObject({ code, message: expect.any(String) });
      expect(await counts()).toEqual(before);
    };
    it.each(sessionCases)('POST /chat/sessions with %s', (_name, ...rest) =>
      refused('/chat/sessions', ...rest),
    );
    it.each(messageCases)('POST /chat/messages with %s', (_name, ...rest) =>
      refused('/chat/messages', ...rest),
    );
  });

  it('streams a reply and ticket status changes written after the stream opened', async () => {
    const session = await openSession({ resident_id: 'r_alice' });
    const earlier = await post(session.token, { body: 'before the stream' });
    const url = `${base}/chat/sessions/${session.session_id}/events`;
    const stream = await openSseStream(url, { authorization: `Bearer ${session.token}` });
    try {
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toContain('text/event-stream');
      await waitUntil(async () => stream.events.some((e) => e.event === 'ready'));
      expect(stream.events[0]!.data).toMatchObject({ session_id: session.session_id });

      const reply = await api.db.prisma.$transaction((tx) =>
        queueChatMessage(tx, {
          tenantId: 't_demo',
          conversationId: session.conversation_id,
          body: 'Sorry to hear that. Which room?',
          correlationId: 'test-reply',
          purpose: 'agent_reply',
        }),
      );
      await waitUntil(async () => stream.events.some((e) => e.id === reply.messageId));
      const pushed = stream.events.find((e) => e.id === reply.messageId)!;
      expect(pushed).toMatchObject({
        event: 'message',
        data: { direction: 'outbound', body: 'Sorry to hear that. Which room?', status: 'sent' },
      });
      // What was there before the stream opened is not sent again.
      expect(stream.events.some((e) => e.id === earlier.json().message_id)).toBe(false);

      const ticket = await api.app.inject({
        method: 'POST',
        url: '/tickets',
        headers: auth(),
        payload: { building_id: 'b_hq', unit_id: 'u_101', resident_phone: '+15551230101', message: 'Leak' },
      });
      const ticketId = ticket.json().id as string;
      const ticketEvents = () =>
        stream.events.filter((e) => e.event === 'ticket' && e.data.ticket_id === ticketId);
      await waitUntil(async () => ticketEvents().length === 1);
      expect(ticketEvents()[0]!.data).toMatchObject({ status: 'new', previous_status: null });
      await api.db.prisma.ticket.update({ where: { id: ticketId }, data: { status: 'triaged' } });
      await waitUntil(async () => ticketEvents().length === 2);
      expect(ticketEvents()[1]!.data).toMatchObject({ status: 'triaged', previous_status: 'new' });
    } finally {
      stream.close();
    }

    // EventSource style: the token in the query, Last-Event-ID replays what followed.
    const resumed = await openSseStream(`${url}?token=${encodeURIComponent(session.token)}`, {
      'last-event-id': earlier.json().message_id,
    });
    try {
      expect(resumed.res.status).toBe(200);
      await waitUntil(async () => resumed.events.some((e) => e.event === 'message'));
      expect(resumed.events.filter((e) => e.event === 'message').map((e) => e.data.body)).toEqual([
        'Sorry to hear that. Which room?',
      ]);
    } finally {
      resumed.close();
    }
  });

  it('refuses a stream without a valid token', async () => {
    const session = await openSession();
    const url = `${base}/chat/sessions/${session.session_id}/events`;
    for (const headers of [{}, { authorization: `Bearer ${session.token}x` }, auth()]) {
      const stream = await openSseStream(url, headers);
      expect(stream.res.status).toBe(401);
      expect(((await stream.res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('sends chat replies to the chat only: the SMS sender never picks them up', async () => {
    const session = await openSession({ resident_id: 'r_alice' });
    const sms = await api.db.prisma.conversation.create({
      data: {
        id: 'cnv_sms_reply_test',
        tenantId: 't_demo',
        channel: 'sms',
        address: '+15551230102',
        participantType: 'resident',
        participantId: 'r_ben',
      },
    });
    const reply = (conversationId: string) =>
      api.db.prisma.$transaction((tx) =>
        queueReply(tx, {
          tenantId: 't_demo',
          conversationId,
          body: 'On it.',
          correlationId: 'test',
          purpose: 'agent_reply',
        }),
      );
    const toChat = await reply(session.conversation_id);
    const toSms = await reply(sms.id);
    expect(toChat.status).toBe('sent');
    expect(toSms.status).toBe('queued');
    const transport = new LocalSmsTransport();
    const sender = new SmsSender(
      { pool: api.db.pool, transport, logger: testLogger },
      { ratePerSecond: Infinity },
    );
    while ((await sender.sendOnce()) > 0);
    expect(transport.sent.map((s) => s.messageId)).toContain(toSms.messageId);
    expect(transport.sent.map((s) => s.messageId)).not.toContain(toChat.messageId);
    const chatRow = await api.db.prisma.message.findUniqueOrThrow({ where: { id: toChat.messageId } });
    expect(chatRow).toMatchObject({ channel: 'chat', status: 'sent', toAddress: session.session_id });
  });

  it('lets loopback requests open a session as the local open tenant', async () => {
    const local = await buildApp({
      db: api.db,
      bus: new InProcessEventBus({ logger: testLogger }),
      logger: testLogger,
      readiness: { ready: true },
      auth: { localOpenTenant: 't_demo' },
    });
    try {
      const res = await local.inject({ method: 'POST', url: '/chat/sessions', remoteAddress: '127.0.0.1' });
      expect(res.statusCode).toBe(201);
      const remote = await local.inject({
        method: 'POST',
        url: '/chat/sessions',
        remoteAddress: '203.0.113.9',
      });
      expect(remote.statusCode).toBe(401);
    } finally {
      await local.close();
    }
  });

  it('ends open streams when the app closes', async () => {
    const app = await buildApp({
      db: api.db,
      bus: new InProcessEventBus({ logger: testLogger }),
      logger: testLogger,
      readiness: { ready: true },
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const session = await openSession();
    const stream = await openSseStream(`${address}/chat/sessions/${session.session_id}/events`, {
      authorization: `Bearer ${session.token}`,
    });
    await waitUntil(async () => stream.events.some((e) => e.event === 'ready'));
    await app.close();
    await stream.ended;
  });
});
