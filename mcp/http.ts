// MCP over Streamable HTTP at /mcp, behind the tenant API key (`Authorization: Bearer <key>`), the
// same pre-handler as the REST routes. Stateless: every HTTP request gets a fresh server built for
// the key's tenant (the SDK's createMcpHandler serves the 2026-07-28 revision and, for 2025-era
// clients, its stateless fallback), so any API process can answer any request and nothing lives
// in memory between them. Progress notifications stream back on the request's own SSE response.
import type { IncomingMessage } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type AuthInfo } from '@modelcontextprotocol/server';
import type { App } from '../api/app.ts';
import { principalOf, type ApiKeyAuth } from '../api/auth.ts';
import { errorBody } from '../api/errors.ts';
import { buildMcpServer, type McpDeps, type McpSession } from './server.ts';

export const MCP_PATH = '/mcp';

interface KeySession {
  tenantId: string;
  actor: string;
  correlationId: string;
}

export function registerMcpRoutes(app: App, deps: McpDeps, auth: ApiKeyAuth): void {
  const log = deps.logger.child({ component: 'mcp' });
  const handler = createMcpHandler(({ authInfo }) => buildMcpServer(deps, sessionOf(authInfo)), {
    onerror: (err) => log.warn({ err }, 'MCP request refused or failed'),
  });
  const serve = toNodeHandler(handler, { onerror: (err) => log.error({ err }, 'MCP request failed') });
  app.addHook('onClose', async () => handler.close());

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: MCP_PATH,
    preHandler: auth,
    schema: { hide: true },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      // Without a key only loopback gets in (LOCAL_OPEN_TENANT, development); a web page's request
      // there (DNS rebinding) carries a foreign Origin and is refused.
      if (principal.kind === 'local' && !localOrigin(request.headers.origin)) {
        return reply.status(403).send(errorBody('forbidden', 'Send an API key to use MCP from a browser.'));
      }
      const session: KeySession = {
        tenantId: principal.tenantId,
        actor: principal.actor,
        correlationId: request.correlationId,
      };
      const raw = request.raw as IncomingMessage & { auth?: AuthInfo };
      raw.auth = { token: principal.actor, clientId: principal.actor, scopes: [], extra: { session } };
      reply.hijack();
      reply.raw.setHeader('x-correlation-id', request.correlationId);
      await serve(raw, reply.raw, request.body);
    },
  });
}

function sessionOf(authInfo: AuthInfo | undefined): McpSession {
  const key = authInfo?.extra?.session as KeySession | undefined;
  // The route's pre-handler always sets it; a request reaching here without one is a wiring bug.
  if (!key) throw new Error('MCP request without an authenticated API key');
  return {
    principal: { kind: 'manager', tenantId: key.tenantId, actor: key.actor },
    correlationId: () => key.correlationId,
  };
}

function localOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(origin).hostname);
  } catch {
    return false;
  }
}
