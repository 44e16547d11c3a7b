// The local SMS simulator, served only while SMS go to the local transport (no Twilio): read what
// Fixline "sent", and text it as any phone (resident, vendor, landlord, stranger) through the
// webhook's own code path.
// Scoped to the API key's tenant like every other route.
import { z } from 'zod';
import crypto from 'node:crypto';
import { receiveSms } from '../messaging/inbound.ts';
import type { Database } from '../db/database.ts';
import type { App } from './app.ts';
import { principalOf, type ApiKeyAuth } from './auth.ts';
import { ApiError } from './errors.ts';

const phone = z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 phone number');

export function registerSimulatorRoutes(app: App, db: Database, auth: ApiKeyAuth): void {
  const tags = ['simulator'];

  app.get(
    '/simulator/messages',
    {
      preHandler: auth,
      schema: {
        tags,
        querystring: z.strictObject({
          to: phone.optional(),
          ticket_id: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      const messages = await db.prisma.message.findMany({
        where: {
          tenantId: principalOf(request).tenantId,
          direction: 'outbound',
          ...(q.to && { toAddress: q.to }),
          ...(q.ticket_id && { ticketId: q.ticket_id }),
        },
        orderBy: { createdAt: 'desc' },
        take: q.limit,
      });
      return {
        messages: messages.reverse().map((m) => ({
          id: m.id,
          to: m.toAddress,
          body: m.body,
          status: m.status,
          ticket_id: m.ticketId,
          created_at: m.createdAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/simulator/sms',
    {
      preHandler: auth,
      schema: { tags, body: z.strictObject({ from: phone, body: z.string().min(1).max(1600) }) },
    },
    async (request) => {
      const tenant = await db.prisma.tenant.findUniqueOrThrow({
        where: { id: principalOf(request).tenantId },
      });
      if (!tenant.smsNumber) throw new ApiError(409, 'conflict', 'This tenant has no SMS number.');
      // The webhook's own path after its signature check, with a simulator message id.
      const result = await receiveSms(db.prisma, {
        providerSid: `SM${crypto.randomBytes(16).toString('hex')}`,
        from: request.body.from,
        to: tenant.smsNumber,
        body: request.body.body,
        media: [],
      });
      return result.status === 'stored'
        ? {
            status: result.status,
            message_id: result.messageId,
            participant: result.participant,
            keyword: result.keyword,
          }
        : { status: result.status };
    },
  );
}
