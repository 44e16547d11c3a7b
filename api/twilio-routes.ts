// Twilio webhooks. Every request must carry a valid X-Twilio-Signature for PUBLIC_BASE_URL + path
// (the URL Twilio called, not the one a proxy forwarded); anything else is refused with 403 and
// nothing is stored. /sms stores the message and answers empty TwiML at once; /status records
// delivery receipts, never moving a message backwards (callbacks can arrive out of order).
import formbody from '@fastify/formbody';
import twilio from 'twilio';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { receiveSms } from '../messaging/inbound.ts';
import type { App } from './app.ts';
import { errorBody } from './errors.ts';

export interface TwilioWebhookOptions {
  authToken: string | undefined;
  publicBaseUrl: string;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const STATUS_RANK: Record<string, number> = {
  accepted: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
};

type Form = Record<string, string | undefined>;

export async function registerTwilioRoutes(
  app: App,
  db: Database,
  options: TwilioWebhookOptions,
): Promise<void> {
  await app.register(formbody);

  function verified(request: FastifyRequest, reply: FastifyReply): boolean {
    const signature = request.headers['x-twilio-signature'];
    const params = (request.body ?? {}) as Form;
    const url = options.publicBaseUrl + request.url;
    if (!options.authToken) {
      void reply.status(403).send(errorBody('forbidden', 'Twilio is not configured (TWILIO_AUTH_TOKEN).'));
      return false;
    }
    if (typeof signature !== 'string' || !twilio.validateRequest(options.authToken, signature, url, params)) {
      request.log.warn({ url }, 'refused a Twilio webhook with a missing or invalid signature');
      void reply.status(403).send(errorBody('forbidden', 'Invalid or missing X-Twilio-Signature.'));
      return false;
    }
    return true;
  }

  app.post('/webhooks/twilio/sms', { schema: { hide: true } }, async (request, reply) => {
    if (!verified(request, reply)) return reply;
    const form = request.body as Form;
    if (!form.MessageSid || !form.From || !form.To) {
      return reply.status(400).send(errorBody('invalid_input', 'MessageSid, From and To are required.'));
    }
    const media = Array.from({ length: Math.min(Number(form.NumMedia ?? 0) || 0, 10) }, (_, i) => ({
      url: form[`MediaUrl${i}`] ?? '',
      content_type: form[`MediaContentType${i}`] ?? '',
    })).filter((m) => m.url);
    const result = await receiveSms(db.prisma, {
      providerSid: form.MessageSid,
      from: form.From,
      to: form.To,
      body: form.Body ?? '',
      media,
    });
    request.log.info({ status: result.status, message_sid: form.MessageSid }, 'inbound SMS');
    return reply.type('text/xml').send(EMPTY_TWIML);
  });

  app.post('/webhooks/twilio/status', { schema: { hide: true } }, async (request, reply) => {
    if (!verified(request, reply)) return reply;
    const form = request.body as Form;
    const status = form.MessageStatus ?? '';
    if (!form.MessageSid || !(status in STATUS_RANK)) {
      return reply
        .status(400)
        .send(errorBody('invalid_input', 'MessageSid and a known MessageStatus are required.'));
    }
    const lower = Object.keys(STATUS_RANK).filter((s) => STATUS_RANK[s]! < STATUS_RANK[status]!);
    await db.prisma.message.updateMany({
      where: { providerSid: form.MessageSid, direction: 'outbound', status: { in: lower } },
      data: {
        status,
        ...(form.ErrorCode && { errorCode: form.ErrorCode }),
        ...(status === 'delivered' && { deliveredAt: new Date() }),
      },
    });
    return reply.status(204).send();
  });
}
