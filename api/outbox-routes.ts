// Operator endpoints for the outbox, scoped to the caller's tenant: the queue's state, the
// dead-lettered events (with their last error) and re-queueing them after the cause is fixed.
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { listDeadEvents, outboxSummary, requeueDeadEvents } from '../workers/outbox-admin.ts';
import type { App } from './app.ts';
import { principalOf, type ApiKeyAuth } from './auth.ts';

const deadQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
const requeueBody = z
  .strictObject({ ids: z.array(z.uuid()).min(1).max(1000).optional() })
  .nullish()
  .transform((b) => b ?? {});

export function registerOutboxRoutes(app: App, db: Database, auth: ApiKeyAuth): void {
  app.get('/outbox', { preHandler: auth, schema: { tags: ['outbox'] } }, async (request) =>
    outboxSummary(db.pool, principalOf(request).tenantId),
  );

  app.get(
    '/outbox/dead',
    { preHandler: auth, schema: { tags: ['outbox'], querystring: deadQuery } },
    async (request) => ({
      events: (
        await listDeadEvents(db.pool, { tenantId: principalOf(request).tenantId, limit: request.query.limit })
      ).map((e) => ({ ...e, created_at: e.created_at.toISOString() })),
    }),
  );

  app.post(
    '/outbox/requeue',
    { preHandler: auth, schema: { tags: ['outbox'], body: requeueBody } },
    async (request) => {
      const requeued = await requeueDeadEvents(db.pool, {
        tenantId: principalOf(request).tenantId,
        ids: request.body.ids,
      });
      request.log.info({ count: requeued.length }, 'dead outbox events re-queued');
      return { requeued: requeued.length, ids: requeued };
    },
  );
}
