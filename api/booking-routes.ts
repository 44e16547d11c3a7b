// Manual booking operations (seed 004's endpoints) through the same paths the engine uses:
// vendors, a manual ping, manual booking and appointment changes, escalation, notifications, and
// the booking summary. Everything is scoped to the API key's tenant.
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { BookingDeps } from '../booking/dispatch.ts';
import {
  bookManually,
  changeAppointment,
  escalateManually,
  notify,
  pingVendor,
  type AppointmentChange,
} from '../booking/manual.ts';
import { bookingSummary } from '../booking/summary.ts';
import { TRADES } from '../services/ticket-service.ts';
import type { App } from './app.ts';
import { principalOf, type ApiKeyAuth } from './auth.ts';
import { appointmentDto, ticketDto, vendorDto } from '../services/ticket-dto.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');
const idParams = z.strictObject({ id });
const when = z.iso.datetime({ offset: true });

export function registerBookingRoutes(app: App, db: Database, auth: ApiKeyAuth, deps: BookingDeps): void {
  const who = (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { tenantId: p.tenantId, actor: p.actor, correlationId: request.correlationId };
  };
  const tags = ['booking'];

  app.get(
    '/vendors',
    {
      preHandler: auth,
      schema: {
        tags,
        querystring: z.strictObject({
          trade: z.enum(TRADES).optional(),
          active: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (request) => {
      const { trade, active } = request.query;
      const vendors = await db.prisma.vendor.findMany({
        where: {
          tenantId: principalOf(request).tenantId,
          ...(trade && { trades: { has: trade } }),
          ...(active && { active: active === 'true' }),
        },
        orderBy: [{ priority: 'asc' }, { id: 'asc' }],
      });
      return {
        vendors: vendors.map(vendorDto),
      };
    },
  );

  app.post(
    '/vendors/:id/ping',
    { preHandler: auth, schema: { tags, params: idParams, body: z.strictObject({ ticket_id: id }) } },
    async (request, reply) => {
      const { offer, status } = await pingVendor(
        db.prisma,
        deps,
        who(request),
        request.params.id,
        request.body.ticket_id,
      );
      return reply.status(201).send({
        status,
        sent_at: offer.sentAt.toISOString(),
        offer_id: offer.id,
        expires_at: offer.expiresAt.toISOString(),
      });
    },
  );

  app.post(
    '/appointments',
    {
      preHandler: auth,
      schema: {
        tags,
        body: z
          .strictObject({
            ticket_id: id,
            vendor_id: id,
            starts_at: when.optional(),
            ends_at: when.optional(),
          })
          .refine(
            (b) => !b.starts_at || !b.ends_at || b.ends_at > b.starts_at,
            'ends_at must be after starts_at',
          ),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const appointment = await bookManually(db.prisma, deps, who(request), {
        ticketId: b.ticket_id,
        vendorId: b.vendor_id,
        method: 'api',
        ...(b.starts_at && { startsAt: new Date(b.starts_at) }),
        ...(b.ends_at && { endsAt: new Date(b.ends_at) }),
      });
      return reply
        .status(201)
        .header('location', `/appointments/${appointment.id}`)
        .send(appointmentDto(appointment));
    },
  );

  for (const change of ['confirm', 'cancel', 'complete'] as AppointmentChange[]) {
    app.post(
      `/appointments/:id/${change}`,
      { preHandler: auth, schema: { tags, params: idParams } },
      async (request) =>
        appointmentDto(await changeAppointment(db.prisma, deps, who(request), request.params.id, change)),
    );
  }

  app.post(
    '/tickets/:id/escalate',
    {
      preHandler: auth,
      schema: {
        tags: ['tickets'],
        params: idParams,
        body: z.strictObject({ note: z.string().trim().min(1).max(500).optional() }).nullish(),
      },
    },
    async (request) =>
      ticketDto(await escalateManually(db.prisma, who(request), request.params.id, request.body?.note)),
  );

  app.post(
    '/notify',
    {
      preHandler: auth,
      schema: {
        tags,
        body: z.strictObject({
          to: z.strictObject({ type: z.enum(['resident', 'vendor', 'contact']), id }),
          message: z.string().trim().min(1).max(640),
          ticket_id: id.optional(),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const queued = await notify(db.prisma, who(request), {
        to: b.to,
        message: b.message,
        ...(b.ticket_id && { ticketId: b.ticket_id }),
      });
      return reply.status(202).send({ message_id: queued.messageId, status: queued.status });
    },
  );

  app.get(
    '/metrics/summary',
    {
      preHandler: auth,
      schema: {
        tags,
        querystring: z.strictObject({
          window_hours: z.coerce
            .number()
            .min(0.01)
            .max(24 * 90)
            .default(24),
        }),
      },
    },
    async (request) =>
      bookingSummary(db.pool, principalOf(request).tenantId, request.query.window_hours * 3600),
  );
}
