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
  await enqueueEvents(tx, [
    {
      type: 'message.queued',
      tenant_id: sms.tenantId,
      aggregate_type: 'conversation',
      aggregate_id: conversation.id,
      version: 0,
      correlation_id: sms.correlationId,
      causation_id: sms.causationId ?? null,
      payload: {
        message_id: message.id,
        ticket_id: sms.ticketId ?? null,
        participant_type: sms.participantType,
        participant_id: sms.participantId ?? null,
        purpose: sms.purpose,
        status,
      },
    },
  ]);
  if (sms.ticketId) {
    await writeAudit(
      tx,
      {
        tenantId: sms.tenantId,
        actor: sms.actor ?? 'system',
        correlationId: sms.correlationId,
        causationId: sms.causationId ?? null,
      },
      {
        action: status === 'queued' ? 'notification.queued' : 'notification.suppressed',
        entityType: 'message',
        entityId: message.id,
        ticketId: sms.ticketId,
        after: {
          to_type: sms.participantType,
          to_id: sms.participantId ?? null,
          purpose: sms.purpose,
          body: sms.body,
        },
      },
    );
  }
  if (status === 'queued') await tx.$executeRawUnsafe(`SELECT pg_notify('${SMS_CHANNEL_NOTIFY}', '')`);
  return { messageId: message.id, conversationId: conversation.id, status };
}
