// Web chat. The embedding website's backend opens a session with its tenant API key (or, in local
// development, the loopback open tenant) and hands the session token to the visitor's browser; the
// token alone then authorizes posting to and reading that one conversation, from any origin
// (bearer tokens, no cookies, so CORS is open on those routes). Replies and ticket status changes
// arrive as server-sent events.
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Conversation } from '../generated/prisma/client.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../domain/errors.ts';
import { ChatFeed, chatMessageDto, type ChatFeedEvent } from '../messaging/chat-feed.ts';
import { createChatSession, findChatSession, receiveChatMessage } from '../messaging/chat.ts';
import type { App } from './app.ts';
import { principalOf, type ApiKeyAuth } from './auth.ts';
import { ApiError, errorBody } from './errors.ts';

export interface ChatRouteOptions {
  /** How often an open event stream polls for new messages and ticket statuses. */
  pollMs?: number;
  /** Comment line that keeps idle streams open through proxies. */
  heartbeatMs?: number;
  /** Open event streams allowed per session. */
  maxStreamsPerSession?: number;
}

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');
const sessionParams = z.strictObject({
  id: z.string().regex(/^chs_[A-Za-z0-9_-]{43}$/, 'must be a chat session id'),
});
const createBody = z.strictObject({ tenant_id: id.optional(), resident_id: id.optional() }).nullish();
const messageBody = z.strictObject({
  session_id: sessionParams.shape.id.optional(),
  body: z.string().trim().min(1, 'write a message').max(2000),
  client_message_id: z
    .string()
    .regex(/^[\x21-\x7e]{1,100}$/, 'must be 1-100 visible ASCII characters')
    .optional(),
});
const eventsQuery = z.strictObject({
  /** For EventSource, which cannot send headers; prefer the Authorization header. */
  token: z.string().max(200).optional(),
  after: id.optional(),
});

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, last-event-id, x-correlation-id',
  'access-control-expose-headers': 'x-correlation-id',
  'access-control-max-age': '600',
};

export function registerChatRoutes(
  app: App,
  db: Database,
  auth: ApiKeyAuth,
  options: ChatRouteOptions = {},
): void {
  const pollMs = options.pollMs ?? 250;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxStreams = options.maxStreamsPerSession ?? 5;
  const tags = ['chat'];
  const sessions = new WeakMap<FastifyRequest, Conversation>();
  const openStreams = new Map<string, number>();
  const closers = new Set<() => Promise<void>>();

  const cors = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(CORS_HEADERS);
  };
  const sessionAuth = (allowQueryToken: boolean) =>
    async function requireChatToken(request: FastifyRequest, reply: FastifyReply) {
      const header = request.headers.authorization;
      const query = allowQueryToken ? (request.query as { token?: string }).token : undefined;
      const token = header === undefined ? query : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer')
          .send(errorBody('unauthorized', 'Send the chat session token as "Authorization: Bearer <token>".'));
      }
      const conversation = await findChatSession(db.prisma, token);
      if (!conversation) {
        return reply.status(401).send(errorBody('unauthorized', 'The chat session token is not valid.'));
      }
      sessions.set(request, conversation);
      request.log = request.log.child({ tenant_id: conversation.tenantId });
    };
  /** The token's conversation, which must be the session named (another session, or tenant's: 404). */
  const sessionOf = (request: FastifyRequest, sessionId?: string): Conversation => {
    const conversation = sessions.get(request);
    if (!conversation) throw new Error('route is missing the chat-token pre-handler');
    if (sessionId !== undefined && sessionId !== conversation.address) {
      throw new ApiError(404, 'not_found', `No chat session ${sessionId}.`);
    }
    return conversation;
  };
  const sessionDto = (c: Conversation) => ({
    session_id: c.address,
    conversation_id: c.id,
    tenant_id: c.tenantId,
    participant: { type: c.participantType, id: c.participantId },
    events_url: `/chat/sessions/${c.address}/events`,
  });

  for (const path of ['/chat/messages', '/chat/sessions/:id', '/chat/sessions/:id/events']) {
    app.options(path, { schema: { hide: true } }, (_request, reply) =>
      reply.status(204).headers(CORS_HEADERS).send(),
    );
  }

  app.post(
    '/chat/sessions',
    { preHandler: auth, schema: { tags, body: createBody } },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body ?? {};
      if (body.tenant_id && body.tenant_id !== principal.tenantId) {
        throw new DomainError('forbidden', 'tenant_id does not match the API key.', { field: 'tenant_id' });
      }
      const session = await createChatSession(db.prisma, {
        tenantId: principal.tenantId,
        residentId: body.resident_id ?? null,
      });
      request.log.info({ conversation_id: session.conversationId }, 'chat session opened');
      return reply.status(201).send({
        session_id: session.sessionId,
        conversation_id: session.conversationId,
        tenant_id: principal.tenantId,
        token: session.token,
        participant: { type: session.participantType, id: session.participantId },
        events_url: `/chat/sessions/${session.sessionId}/events`,
        messages_url: '/chat/messages',
      });
    },
  );

  app.get(
    '/chat/sessions/:id',
    { onRequest: cors, preHandler: sessionAuth(false), schema: { tags, params: sessionParams } },
    async (request) => {
      const conversation = sessionOf(request, request.params.id);
      const messages = await db.prisma.message.findMany({
        where: { conversationId: conversation.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 100,
      });
      return { ...sessionDto(conversation), messages: messages.reverse().map(chatMessageDto) };
    },
  );

  app.post(
    '/chat/messages',
    { onRequest: cors, preHandler: sessionAuth(false), schema: { tags, body: messageBody } },
    async (request, reply) => {
      const conversation = sessionOf(request, request.body.session_id);
      const result = await receiveChatMessage(db.prisma, conversation, {
        body: request.body.body,
        clientMessageId: request.body.client_message_id ?? null,
        correlationId: request.correlationId,
      });
      return reply.status(result.status === 'stored' ? 201 : 200).send({
        status: result.status,
        message_id: result.messageId,
        session_id: conversation.address,
        conversation_id: conversation.id,
      });
    },
  );

  app.get(
    '/chat/sessions/:id/events',
    {
      onRequest: cors,
      preHandler: sessionAuth(true),
      // Request lines would carry ?token=; errors are still logged.
      logLevel: 'warn',
      schema: {
        tags,
        params: sessionParams,
        querystring: eventsQuery,
        headers: z.looseObject({ 'last-event-id': id.optional() }),
      },
    },
    async (request, reply) => {
      const conversation = sessionOf(request, request.params.id);
      const open = openStreams.get(conversation.id) ?? 0;
      if (open >= maxStreams) {
        throw new ApiError(429, 'too_many_streams', `At most ${maxStreams} open event streams per session.`);
      }
      openStreams.set(conversation.id, open + 1);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      let closed = false;
      const write = (text: string) => {
        if (!closed && !res.destroyed && !res.writableEnded) res.write(text);
      };
      const send = (event: ChatFeedEvent | { type: 'ready'; data: unknown }) =>
        write(
          `${'id' in event ? `id: ${event.id}\n` : ''}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`,
        );
      const feed = new ChatFeed(db.prisma, conversation, {
        pollMs,
        afterMessageId: request.headers['last-event-id'] ?? request.query.after,
        onError: (err) => request.log.warn({ err }, 'chat event stream poll failed'),
      });
      const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
      const close = async () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        closers.delete(close);
        openStreams.set(conversation.id, (openStreams.get(conversation.id) ?? 1) - 1);
        if (openStreams.get(conversation.id)! <= 0) openStreams.delete(conversation.id);
        await feed.stop();
        if (!res.writableEnded) res.end();
      };
      closers.add(close);
      res.on('close', () => void close());
      res.on('error', () => void close());
      write('retry: 2000\n\n');
      send({ type: 'ready', data: sessionDto(conversation) });
      try {
        await feed.start(send);
      } catch (err) {
        request.log.error({ err }, 'chat event stream could not start');
        await close();
      }
    },
  );

  // Open streams never end by themselves: end them so the server can close.
  app.addHook('preClose', async () => {
    await Promise.all([...closers].map((close) => close()));
  });
}
