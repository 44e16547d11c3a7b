// Tenant API keys: `Authorization: Bearer <key>`. The key's hash is looked up; the request gets
// the tenant it belongs to, and every query downstream is scoped to that tenant.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { hashApiKey } from '../domain/api-key.ts';
import { errorBody } from './errors.ts';

export interface Principal {
  kind: 'api_key';
  tenantId: string;
  apiKeyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route is missing the API-key pre-handler');
  return request.principal;
}

export function apiKeyAuth(db: Database) {
  return async function requireApiKey(request: FastifyRequest, reply: FastifyReply) {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send(errorBody('unauthorized', 'Send an API key as "Authorization: Bearer <key>".'));
    }
    const key = await db.prisma.apiKey.findUnique({ where: { hash: hashApiKey(match[1]!) } });
    if (!key || key.revokedAt) {
      return reply.status(401).send(errorBody('unauthorized', 'The API key is not valid.'));
    }
    request.principal = { kind: 'api_key', tenantId: key.tenantId, apiKeyId: key.id };
    request.log = request.log.child({ tenant_id: key.tenantId });
  };
}
