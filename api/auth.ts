// Tenant API keys: `Authorization: Bearer <key>`. The key's hash is looked up; the request gets
// the tenant it belongs to, and every query downstream is scoped to that tenant.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { hashApiKey } from '../domain/api-key.ts';
import { errorBody } from './errors.ts';

export interface Principal {
  kind: 'api_key' | 'local';
  tenantId: string;
  /** Who the audit trail names, e.g. `api_key:key_demo`. */
  actor: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface AuthOptions {
  /** Loopback requests with no Authorization header act as this tenant (local development only). */
  localOpenTenant?: string;
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route is missing the API-key pre-handler');
  return request.principal;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export type ApiKeyAuth = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function apiKeyAuth(db: Database, options: AuthOptions = {}): ApiKeyAuth {
  return async function requireApiKey(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers.authorization;
    // trustProxy is off, so request.ip is the socket's peer and cannot be forged by a header.
    if (header === undefined && options.localOpenTenant && LOOPBACK.has(request.ip)) {
      request.principal = { kind: 'local', tenantId: options.localOpenTenant, actor: 'local' };
      request.log = request.log.child({ tenant_id: options.localOpenTenant });
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
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
    request.principal = { kind: 'api_key', tenantId: key.tenantId, actor: `api_key:${key.id}` };
    request.log = request.log.child({ tenant_id: key.tenantId });
  };
}
