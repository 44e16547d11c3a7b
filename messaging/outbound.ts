// Queues an outbound SMS inside the caller's transaction: a Message row (status `queued`, or
// `suppressed` when the number opted out) on the participant's conversation, plus a
// `message.queued` event. The SMS sender worker delivers queued rows through the transport, so an
// SMS exists if and only if the change that caused it committed.
import type { Prisma } from '../generated/prisma/client.ts';
import { newId } from '../domain/ids.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { writeAudit } from '../services/audit.ts';

export const SMS_CHANNEL_NOTIFY = 'fixline_sms';

export type ParticipantType = 'resident' | 'vendor' | 'contact' | 'unknown';

export interface OutboundSms {
  tenantId: string;
  to: string;
  body: string;
  participantType: ParticipantType;
  participantId?: string | null;
  ticketId?: string | null;
  correlationId: string;
  causationId?: string | null;
  /** Not delivered after this moment (a vendor offer that expired is worthless). */
  validUntil?: Date | null;
  /** Why it is sent, e.g. `offer`, `booking_confirmation`, `escalation` — kept in the event. */
  purpose: string;
  /** Who sends it, for the ticket's timeline (e.g. `system:booking`). */
  actor?: string;
  /** The one confirmation an opt-out gets: sent although the number has just opted out. */
  optOutConfirmation?: boolean;
}

export interface QueuedSms {
  messageId: string;
  conversationId: string;
  status: 'queued' | 'suppressed';
}

export async function queueSms(tx: Prisma.TransactionClient, sms: OutboundSms): Promise<QueuedSms> {
  // One after the other: a transaction is one connection, which runs one query at a time.
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: sms.tenantId },
    select: { smsNumber: true },
  });
  const optOut = await tx.optOut.findUnique({
    where: { tenantId_phone: { tenantId: sms.tenantId, phone: sms.to } },
  });
  const conversation = await tx.conversation.upsert({
    where: { tenantId_channel_address: { tenantId: sms.tenantId, channel: 'sms', address: sms.to } },
    create: {
      id: newId('cnv'),
      tenantId: sms.tenantId,
      channel: 'sms',
      address: sms.to,
      participantType: sms.participantType,
      participantId: sms.participantId ?? null,
      lastMessageAt: new Date(),
    },
    update: { lastMessageAt: new Date() },
  });
  // Opted-out numbers get nothing; the row stays so the timeline shows what was withheld and why.
  const status = optOut && !sms.optOutConfirmation ? 'suppressed' : 'queued';
  const message = await tx.message.create({
    data: {
      id: newId('msg'),
      tenantId: sms.tenantId,
      conversationId: conversation.id,
      ticketId: sms.ticketId ?? null,
      direction: 'outbound',
      channel: 'sms',
      fromAddress: tenant.smsNumber ?? 'fixline',
      toAddress: sms.to,
      body: sms.body,
      status,
      nextAttemptAt: status === 'queued' ? new Date() : null,
      validUntil: sms.validUntil ?? null,
      correlationId: sms.correlationId,
    },
  });
  await recordOutbound(tx, {
    tenantId: sms.tenantId,
    conversationId: conversation.id,
    messageId: message.id,
    ticketId: sms.ticketId ?? null,
    channel: 'sms',
    participantType: sms.participantType,
    participantId: sms.participantId ?? null,
    purpose: sms.purpose,
    status,
    body: sms.body,
    actor: sms.actor,
    correlationId: sms.correlationId,
    causationId: sms.causationId ?? null,
  });
  if (status === 'queued') await tx.$executeRawUnsafe(`SELECT pg_notify('${SMS_CHANNEL_NOTIFY}', '')`);
  return { messageId: message.id, conversationId: conversation.id, status };
}

export interface OutboundRecord {
  tenantId: string;
  conversationId: string;
  messageId: string;
  ticketId: string | null;
  channel: string;
  participantType: string;
  participantId: string | null;
  purpose: string;
  status: string;
  body: string;
  actor?: string | undefined;
  correlationId: string;
  causationId: string | null;
}

/**
 * What every outbound message leaves in its transaction, whatever the channel: a `message.queued`
 * event, and on the ticket's timeline an audit row (queued, or withheld for an opt-out).
 */
export async function recordOutbound(tx: Prisma.TransactionClient, m: OutboundRecord): Promise<void> {
  await enqueueEvents(tx, [
    {
      type: 'message.queued',
      tenant_id: m.tenantId,
      aggregate_type: 'conversation',
      aggregate_id: m.conversationId,
      version: 0,
      correlation_id: m.correlationId,
      causation_id: m.causationId,
      payload: {
        message_id: m.messageId,
        ticket_id: m.ticketId,
        channel: m.channel,
        participant_type: m.participantType,
        participant_id: m.participantId,
        purpose: m.purpose,
        status: m.status,
      },
    },
  ]);
  if (!m.ticketId) return;
  await writeAudit(
    tx,
    {
      tenantId: m.tenantId,
      actor: m.actor ?? 'system',
      correlationId: m.correlationId,
      causationId: m.causationId,
    },
    {
      action: m.status === 'suppressed' ? 'notification.suppressed' : 'notification.queued',
      entityType: 'message',
      entityId: m.messageId,
      ticketId: m.ticketId,
      after: {
        to_type: m.participantType,
        to_id: m.participantId,
        channel: m.channel,
        purpose: m.purpose,
        body: m.body,
      },
    },
  );
}
