// Web chat: a session is a Conversation on channel `chat` whose address is the session id, and its
// messages are Message rows like SMS. An inbound chat message is stored with its `message.received`
// event in one transaction (as receiveSms does); a reply is an outbound row that the session's
// event stream pushes (chat-feed.ts). Nothing secret is stored: the token is
// `fxc.<conversation id>.<secret>` and the session id is `chs_` + SHA-256(secret), so the token is
// checked by hashing (like API keys) and a copy of the database gives no one a working token.
import crypto from 'node:crypto';
import type { Conversation, Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { queueSms, recordOutbound, type ParticipantType } from './outbound.ts';

export const CHAT_CHANNEL = 'chat';
/** The line's side of a chat message (SMS use the tenant's number). */
export const CHAT_LINE_ADDRESS = 'fixline';

const TOKEN = /^fxc\.(cnv_[a-z0-9]{1,60})\.([A-Za-z0-9_-]{43})$/;

export interface ChatSession {
  sessionId: string;
  conversationId: string;
  /** Shown once; authorizes posting and reading this one conversation. */
  token: string;
  participantType: ParticipantType;
  participantId: string | null;
}

function sessionIdOf(secret: string): string {
  return `chs_${crypto.createHash('sha256').update(secret).digest('base64url')}`;
}

/** Opens a chat session for `tenantId`; with `residentId` (which must be the tenant's) it is a verified resident. */
export async function createChatSession(
  prisma: PrismaClient,
  input: { tenantId: string; residentId?: string | null },
): Promise<ChatSession> {
  if (input.residentId) {
    const resident = await prisma.resident.findFirst({
      where: { id: input.residentId, tenantId: input.tenantId },
      select: { id: true },
    });
    if (!resident) {
      throw new DomainError('invalid_input', `Unknown resident ${input.residentId}.`, {
        field: 'resident_id',
      });
    }
  }
  const secret = crypto.randomBytes(32).toString('base64url');
  const conversationId = newId('cnv');
  const sessionId = sessionIdOf(secret);
  const participantType: ParticipantType = input.residentId ? 'resident' : 'unknown';
  await prisma.conversation.create({
    data: {
      id: conversationId,
      tenantId: input.tenantId,
      channel: CHAT_CHANNEL,
      address: sessionId,
      participantType,
      participantId: input.residentId ?? null,
    },
  });
  return {
    sessionId,
    conversationId,
    token: `fxc.${conversationId}.${secret}`,
    participantType,
    participantId: input.residentId ?? null,
  };
}

/** The chat conversation a session token opens, or null for any token that is not exactly right. */
export async function findChatSession(prisma: PrismaClient, token: string): Promise<Conversation | null> {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const conversation = await prisma.conversation.findUnique({ where: { id: match[1]! } });
  if (!conversation || conversation.channel !== CHAT_CHANNEL) return null;
  const expected = Buffer.from(sessionIdOf(match[2]!));
  const actual = Buffer.from(conversation.address);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual) ? conversation : null;
}

export interface InboundChat {
  body: string;
  /** The client's id for this message: a retry with the same id is stored once. */
  clientMessageId?: string | null;
  correlationId: string;
}

export type InboundChatResult = { status: 'stored' | 'duplicate'; messageId: string };

export async function receiveChatMessage(
  prisma: PrismaClient,
  conversation: Conversation,
  chat: InboundChat,
): Promise<InboundChatResult> {
  return prisma.$transaction(async (tx) => {
    const messageId = newId('msg');
    // Chat has no provider; the client's id, scoped to the conversation, dedupes retries the same way.
    const providerSid = chat.clientMessageId ? `chat:${conversation.id}:${chat.clientMessageId}` : null;
    const { count } = await tx.message.createMany({
      data: [
        {
          id: messageId,
          tenantId: conversation.tenantId,
          conversationId: conversation.id,
          direction: 'inbound',
          channel: CHAT_CHANNEL,
          fromAddress: conversation.address,
          toAddress: CHAT_LINE_ADDRESS,
          body: chat.body,
          providerSid,
          status: 'received',
          correlationId: chat.correlationId,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) {
      const first = await tx.message.findUniqueOrThrow({ where: { providerSid: providerSid! } });
      return { status: 'duplicate' as const, messageId: first.id };
    }
    await tx.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: new Date() } });
    await enqueueEvents(tx, [
      {
        type: 'message.received',
        tenant_id: conversation.tenantId,
        aggregate_type: 'conversation',
        aggregate_id: conversation.id,
        version: 0,
        correlation_id: chat.correlationId,
        causation_id: null,
        payload: {
          message_id: messageId,
          conversation_id: conversation.id,
          channel: CHAT_CHANNEL,
          participant_type: conversation.participantType,
          participant_id: conversation.participantId,
          from: conversation.address,
          body: chat.body,
          num_media: 0,
          // Carrier keywords (STOP, HELP) are an SMS matter.
          keyword: null,
        },
      },
    ]);
    return { status: 'stored' as const, messageId };
  });
}

export interface OutboundChat {
  tenantId: string;
  conversationId: string;
  body: string;
  ticketId?: string | null;
  correlationId: string;
  causationId?: string | null;
  /** Why it is sent, e.g. `agent_reply`, `booking_confirmation` — kept in the event. */
  purpose: string;
  /** Who sends it, for the ticket's timeline (e.g. `system:booking`). */
  actor?: string;
}

export interface QueuedChat {
  messageId: string;
  conversationId: string;
  status: 'sent';
}

/**
 * A reply on a chat conversation, in the caller's transaction: an outbound Message row and a
 * `message.queued` event. It is `sent` at once (open event streams pick it up), never `queued`,
 * so the SMS sender, which claims queued outbound rows, leaves it alone.
 */
export async function queueChatMessage(
  tx: Prisma.TransactionClient,
  chat: OutboundChat,
): Promise<QueuedChat> {
  const conversation = await tx.conversation.findFirst({
    where: { id: chat.conversationId, tenantId: chat.tenantId, channel: CHAT_CHANNEL },
  });
  if (!conversation) throw new DomainError('not_found', `No chat conversation ${chat.conversationId}.`);
  const now = new Date();
  await tx.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: now } });
  const message = await tx.message.create({
    data: {
      id: newId('msg'),
      tenantId: chat.tenantId,
      conversationId: conversation.id,
      ticketId: chat.ticketId ?? null,
      direction: 'outbound',
      channel: CHAT_CHANNEL,
      fromAddress: CHAT_LINE_ADDRESS,
      toAddress: conversation.address,
      body: chat.body,
      status: 'sent',
      sentAt: now,
      correlationId: chat.correlationId,
    },
  });
  await recordOutbound(tx, {
    tenantId: chat.tenantId,
    conversationId: conversation.id,
    messageId: message.id,
    ticketId: chat.ticketId ?? null,
    channel: CHAT_CHANNEL,
    participantType: conversation.participantType,
    participantId: conversation.participantId,
    purpose: chat.purpose,
    status: 'sent',
    body: chat.body,
    actor: chat.actor,
    correlationId: chat.correlationId,
    causationId: chat.causationId ?? null,
  });
  return { messageId: message.id, conversationId: conversation.id, status: 'sent' };
}

/** A reply on whichever channel the conversation is: chat, or an SMS to its phone number. */
export async function queueReply(
  tx: Prisma.TransactionClient,
  reply: OutboundChat,
): Promise<{ messageId: string; conversationId: string; status: string }> {
  const conversation = await tx.conversation.findFirst({
    where: { id: reply.conversationId, tenantId: reply.tenantId },
  });
  if (!conversation) throw new DomainError('not_found', `No conversation ${reply.conversationId}.`);
  if (conversation.channel === CHAT_CHANNEL) return queueChatMessage(tx, reply);
  return queueSms(tx, {
    tenantId: reply.tenantId,
    to: conversation.address,
    body: reply.body,
    participantType: conversation.participantType as ParticipantType,
    participantId: conversation.participantId,
    ticketId: reply.ticketId ?? null,
    correlationId: reply.correlationId,
    causationId: reply.causationId ?? null,
    purpose: reply.purpose,
    ...(reply.actor && { actor: reply.actor }),
  });
}
