// /healthz: are our dependencies answering (database, broker)? /readyz: should traffic come here
// (started, not shutting down)? Load balancers use the second; operators the first.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';

export interface Readiness {
  ready: boolean;
}

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Database; bus: EventBus; readiness: Readiness },
): void {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const [database, broker] = await Promise.all([
      deps.db.ping().then(
        () => ({ ok: true, detail: deps.db.kind }),
        (err: Error) => {
          // Details (hosts, users) go to the log, not to an unauthenticated caller.
          _request.log.warn({ err }, 'database health check failed');
          return { ok: false, detail: 'unreachable' };
        },
      ),
      deps.bus.health(),
    ]);
    const ok = database.ok && broker.ok;
    return reply
      .status(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'degraded', checks: { database, broker } });
  });
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = deps.readiness.ready;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
  });
}
