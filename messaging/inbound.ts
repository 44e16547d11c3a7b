// An inbound SMS, from Twilio's webhook or the simulator (the same path after the signature check):
// stored with its `message.received` event in one transaction, deduplicated on the provider's
// MessageSid (Twilio retries slow webhooks), with the sender identified and carrier keywords and
// plain-language opt-outs handled before anything else. Nothing slow happens here: the agent and
// the booking engine pick the event up after the webhook has answered.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { newId } from '../domain/ids.ts';
import { classifyInboundSms, type SmsKeyword } from '../domain/sms-keywords.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { storeKnownSenderSms } from './inbound-fast-path.ts';
import { queueSms, type ParticipantType } from './outbound.ts';

export interface InboundSms {
  providerSid: string;
  from: string;
  to: string;
  body: string;
  media: { url: string; content_type: string }[];
}

export type InboundResult =
  | {
      status: 'stored';
      messageId: string;
      tenantId: string;
      participant: ParticipantType;
      keyword: SmsKeyword | null;
    }
  | { status: 'duplicate' | 'unknown_number' };

const text = {
  help: (tenant: string, phone: string | null) =>
    `${tenant} maintenance line (Fixline). Text us your problem and unit.${phone ? ` Urgent: call ${phone}.` : ''} ` +
    'Reply STOP to opt out. Msg&data rates may apply.',
  optedOut: (tenant: string) =>
    `You will get no more texts from ${tenant}. Reply START to receive them again.`,
};

async function identify(tx: Prisma.TransactionClient, tenantId: string, phone: string) {
  const where = { tenantId, phone };
  const resident = await tx.resident.findFirst({ where, select: { id: true } });
  if (resident) return { type: 'resident' as const, id: resident.id };
  const vendor = await tx.vendor.findFirst({ where, select: { id: true } });
  if (vendor) return { type: 'vendor' as const, id: vendor.id };
  const contact = await tx.contact.findFirst({ where, select: { id: true } });
  if (contact) return { type: 'contact' as const, id: contact.id };
  return { type: 'unknown' as const, id: null };
}

export async function receiveSms(prisma: PrismaClient, sms: InboundSms): Promise<InboundResult> {
  if (classifyInboundSms(sms.body) === null) {
    const stored = await storeKnownSenderSms(prisma, sms);
    if (stored) return stored.status === 'stored' ? { ...stored, keyword: null } : stored;
  }
  return prisma.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { smsNumber: sms.to } });
    if (!tenant) return { status: 'unknown_number' as const };
    const who = await identify(tx, tenant.id, sms.from);
    const key = { tenantId_channel_address: { tenantId: tenant.id, channel: 'sms', address: sms.from } };
    const before = await tx.conversation.findUnique({ where: key, select: { participantId: true } });
    const conversation = await tx.conversation.upsert({
      where: key,
      create: {
        id: newId('cnv'),
        tenantId: tenant.id,
        channel: 'sms',
        address: sms.from,
        participantType: who.type,
        participantId: who.id,
        lastMessageAt: new Date(),
      },
      update: {
        lastMessageAt: new Date(),
        participantType: who.type,
        participantId: who.id,
        // The number passed to someone else: their history starts now (see inbound-fast-path.ts).
        ...(before && before.participantId !== who.id && { participantSince: new Date() }),
      },
    });
    const messageId = newId('msg');
    const { count } = await tx.message.createMany({
      data: [
        {
          id: messageId,
          tenantId: tenant.id,
          conversationId: conversation.id,
          direction: 'inbound',
          channel: 'sms',
          fromAddress: sms.from,
          toAddress: sms.to,
          body: sms.body,
          media: sms.media,
          providerSid: sms.providerSid,
          status: 'received',
          correlationId: sms.providerSid,
        },
      ],
      skipDuplicates: true,
    });
    // A retried webhook: the first delivery stored it (or is storing it: the unique key waits).
    if (count === 0) return { status: 'duplicate' as const };

    const keyword = classifyInboundSms(sms.body);
    const reply = (body: string, purpose: string, optOutConfirmation = false) =>
      queueSms(tx, {
        tenantId: tenant.id,
        to: sms.from,
        body,
        participantType: who.type,
        participantId: who.id,
        correlationId: sms.providerSid,
        purpose,
        optOutConfirmation,
      });
    const optOutKey = { tenantId_phone: { tenantId: tenant.id, phone: sms.from } };
    if (keyword === 'stop' || keyword === 'opt_out_plain') {
      await tx.optOut.upsert({
        where: optOutKey,
        create: {
          id: newId('opt'),
          tenantId: tenant.id,
          phone: sms.from,
          how: keyword === 'stop' ? 'keyword' : 'plain_language',
          detail: sms.body.slice(0, 160),
        },
        update: {},
      });
      // Twilio confirms its own keywords on long codes; a plain-language opt-out gets our one confirmation.
      if (keyword === 'opt_out_plain') await reply(text.optedOut(tenant.name), 'opt_out_confirmation', true);
    } else if (keyword === 'start') {
      await tx.optOut.deleteMany({ where: { tenantId: tenant.id, phone: sms.from } });
    } else if (keyword === 'help') {
      const contact = await tx.contact.findFirst({
        where: { tenantId: tenant.id },
        orderBy: [{ onCall: 'desc' }, { id: 'asc' }],
      });
      await reply(text.help(tenant.name, contact?.phone ?? null), 'help');
    }

    await enqueueEvents(tx, [
      {
        type: 'message.received',
        tenant_id: tenant.id,
        aggregate_type: 'conversation',
        aggregate_id: conversation.id,
        version: 0,
        correlation_id: sms.providerSid,
        causation_id: null,
        payload: {
          message_id: messageId,
          conversation_id: conversation.id,
          channel: 'sms',
          participant_type: who.type,
          participant_id: who.id,
          from: sms.from,
          body: sms.body,
          num_media: sms.media.length,
          keyword,
        },
      },
    ]);
    return { status: 'stored' as const, messageId, tenantId: tenant.id, participant: who.type, keyword };
  });
}
