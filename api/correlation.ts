// Every request carries a correlation id: the caller's X-Correlation-Id when it is sane, otherwise
// a new one. It is echoed in the response header and bound to the request's logger.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
  }
}

export function correlationIdFrom(header: unknown): string {
  return typeof header === 'string' && SAFE_ID.test(header) ? header : crypto.randomUUID();
}

export function registerCorrelation(app: FastifyInstance): void {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = correlationIdFrom(request.headers['x-correlation-id']);
    request.log = request.log.child({ correlation_id: request.correlationId });
    reply.header('x-correlation-id', request.correlationId);
  });
}
