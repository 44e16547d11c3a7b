// The local SMS simulator, served only while SMS go to the local transport (no Twilio): read what
// Fixline "sent" and answer as a vendor. Resident conversations join it with the messaging work.
// Scoped to the API key's tenant like every other route.
import { z } from 'zod';
import type { BookingDeps } from '../booking/dispatch.ts';
import { handleVendorReply } from '../booking/vendor-replies.ts';
import type { Database } from '../db/database.ts';
import type { App } from './app.ts';
import { principalOf, type ApiKeyAuth } from './auth.ts';
import { ApiError } from './errors.ts';

const phone = z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 phone number');

export function registerSimulatorRoutes(app: App, db: Database, auth: ApiKeyAuth, deps: BookingDeps): void {
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
    '/simulator/vendor-reply',
    {
      preHandler: auth,
      schema: { tags, body: z.strictObject({ from: phone, body: z.string().min(1).max(1600) }) },
    },
    async (request) => {
      const tenantId = principalOf(request).tenantId;
      const result = await handleVendorReply(db.prisma, deps, {
        tenantId,
        from: request.body.from,
        body: request.body.body,
        correlationId: request.correlationId,
      });
      if (result.outcome === 'not_a_vendor') {
        throw new ApiError(404, 'not_found', `No vendor with phone ${request.body.from} in this tenant.`);
      }
      return { outcome: result.outcome, ticket_id: result.ticketId ?? null };
    },
  );
}
