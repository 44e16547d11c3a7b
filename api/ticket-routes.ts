// Ticket endpoints. Input is checked by zod (unknown fields are refused); identity comes from the
// API key, never from the body: `tenant_id`, when sent (as in the seeds' curl), must match it.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { DomainError } from '../domain/errors.ts';
import { TICKET_STATUSES } from '../domain/ticket-status.ts';
import { cancelTicket, updateTicket } from '../services/ticket-changes.ts';
import { createTicket, getTicket, getTimeline, listTickets, TRADES } from '../services/ticket-service.ts';
import type { App } from './app.ts';
import { principalOf, type ApiKeyAuth } from './auth.ts';
import { ticketDto, ticketStatusDto, timelineEntryDto } from '../services/ticket-dto.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');

export const createTicketBody = z.strictObject({
  tenant_id: id.optional(),
  building_id: id,
  unit_id: id.optional(),
  resident_phone: z
    .string()
    .regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 phone number like +15551230101')
    .optional(),
  message: z.string().trim().min(1, 'describe the problem').max(2000),
  category: z.enum(TRADES).optional(),
  severity: z.enum(['emergency', 'urgent', 'routine']).optional(),
  window_start: z.iso.datetime({ offset: true }).optional(),
  window_end: z.iso.datetime({ offset: true }).optional(),
  access_notes: z.string().trim().max(500).optional(),
});

const ticketParams = z.strictObject({ id });
const updateBody = createTicketBody
  .pick({ category: true, severity: true, window_start: true, window_end: true, access_notes: true })
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');
const cancelBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).nullish();

const RECENT_MS = 7 * 24 * 60 * 60 * 1000;
const listQuery = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional(),
  category: z.enum(TRADES).optional(),
  severity: z.enum(['emergency', 'urgent', 'routine']).optional(),
  building_id: id.optional(),
  created_from: z.iso.datetime({ offset: true }).optional(),
  created_to: z.iso.datetime({ offset: true }).optional(),
  /** The seeds' `?recent=true`: created in the last 7 days. */
  recent: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
const createHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 visible ASCII characters')
    .optional(),
});

/** Hash of the body with keys sorted, so the same request in another key order matches. */
function requestHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

export function registerTicketRoutes(app: App, db: Database, auth: ApiKeyAuth): void {
  app.post(
    '/tickets',
    { preHandler: auth, schema: { tags: ['tickets'], body: createTicketBody, headers: createHeaders } },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body;
      if (body.tenant_id && body.tenant_id !== principal.tenantId) {
        throw new DomainError('forbidden', 'tenant_id does not match the API key.', { field: 'tenant_id' });
      }
      const key = request.headers['idempotency-key'];
      const { ticket, replayed } = await createTicket(
        db.prisma,
        {
          tenantId: principal.tenantId,
          actor: principal.actor,
          correlationId: request.correlationId,
        },
        {
          buildingId: body.building_id,
          unitId: body.unit_id,
          residentPhone: body.resident_phone,
          description: body.message,
          category: body.category,
          severity: body.severity,
          windowStart: body.window_start ? new Date(body.window_start) : undefined,
          windowEnd: body.window_end ? new Date(body.window_end) : undefined,
          accessNotes: body.access_notes,
          source: 'api',
        },
        key ? { key, requestHash: requestHash(body) } : undefined,
      );
      return reply
        .status(replayed ? 200 : 201)
        .header('location', `/tickets/${ticket.id}`)
        .send(ticketDto(ticket));
    },
  );

  app.get(
    '/tickets/:id',
    { preHandler: auth, schema: { tags: ['tickets'], params: ticketParams } },
    async (request) =>
      ticketDto(await getTicket(db.prisma, principalOf(request).tenantId, request.params.id)),
  );

  app.get(
    '/tickets/:id/status',
    { preHandler: auth, schema: { tags: ['tickets'], params: ticketParams } },
    async (request) =>
      ticketStatusDto(await getTicket(db.prisma, principalOf(request).tenantId, request.params.id)),
  );

  app.get(
    '/tickets/:id/timeline',
    { preHandler: auth, schema: { tags: ['tickets'], params: ticketParams } },
    async (request) => ({
      entries: (await getTimeline(db.prisma, principalOf(request).tenantId, request.params.id)).map(
        timelineEntryDto,
      ),
    }),
  );

  app.get(
    '/tickets',
    { preHandler: auth, schema: { tags: ['tickets'], querystring: listQuery } },
    async (request) => {
      const q = request.query;
      const recentFrom = q.recent === 'true' ? new Date(Date.now() - RECENT_MS) : undefined;
      const from = q.created_from ? new Date(q.created_from) : undefined;
      const page = await listTickets(db.prisma, principalOf(request).tenantId, {
        status: q.status,
        category: q.category,
        severity: q.severity,
        buildingId: q.building_id,
        createdFrom: from && recentFrom ? new Date(Math.max(+from, +recentFrom)) : (from ?? recentFrom),
        createdTo: q.created_to ? new Date(q.created_to) : undefined,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { tickets: page.tickets.map(ticketDto), next_cursor: page.nextCursor };
    },
  );

  const actorOf = (request: { correlationId: string } & Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { tenantId: p.tenantId, actor: p.actor, correlationId: request.correlationId };
  };

  app.patch(
    '/tickets/:id',
    { preHandler: auth, schema: { tags: ['tickets'], params: ticketParams, body: updateBody } },
    async (request) => {
      const b = request.body;
      const ticket = await updateTicket(db.prisma, actorOf(request), request.params.id, {
        category: b.category,
        severity: b.severity,
        windowStart: b.window_start ? new Date(b.window_start) : undefined,
        windowEnd: b.window_end ? new Date(b.window_end) : undefined,
        accessNotes: b.access_notes,
      });
      return ticketDto(ticket);
    },
  );

  app.post(
    '/tickets/:id/cancel',
    { preHandler: auth, schema: { tags: ['tickets'], params: ticketParams, body: cancelBody } },
    async (request) =>
      ticketDto(await cancelTicket(db.prisma, actorOf(request), request.params.id, request.body?.reason)),
  );
}
