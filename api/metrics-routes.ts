// GET /metrics: Prometheus text. Unauthenticated, like every Prometheus target: it carries counts
// and latencies, no tenant data; keep it on the internal network in production.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Metrics } from '../observability/metrics.ts';

export function registerMetricsRoutes(app: FastifyInstance, db: Database, metrics: Metrics): void {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', metrics.registry.contentType).send(await metrics.scrape(db.pool)),
  );
}
