#!/usr/bin/env node
// `npm run mcp`: Fixline's MCP server over stdio, for local clients (Claude Desktop, Claude Code).
// It acts as the tenant of FIXLINE_API_KEY, with the same tools, resources and prompts as /mcp.
// stdout carries the protocol and nothing else: logs go to stderr.
import { pino } from 'pino';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { ConfigError, loadConfig, type Config } from '../config/env.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { hashApiKey } from '../domain/api-key.ts';
import { createLogger } from '../observability/logger.ts';
import type { ToolPrincipal } from '../tools/tool.ts';
import { buildMcpServer } from './server.ts';

// Anything a dependency prints must not corrupt the JSON-RPC stream on stdout.
console.log = console.info = console.debug = console.error;

function fail(message: string): never {
  console.error(`fixline mcp: ${message}`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
if (!config.mcpApiKey) fail('set FIXLINE_API_KEY to the API key of the tenant to act for.');

const logger = createLogger(config.logLevel, pino.destination(2)).child({ component: 'mcp-stdio' });

let db: Database;
try {
  db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: Math.min(config.databasePoolSize, 4),
  });
} catch (err) {
  fail(`cannot open the database: ${(err as Error).message}`);
}

const key = await db.prisma.apiKey
  .findUnique({ where: { hash: hashApiKey(config.mcpApiKey) } })
  .catch((err: unknown) =>
    fail(`cannot read API keys (is the database migrated?): ${(err as Error).message}`),
  );
if (!key || key.revokedAt) {
  await db.close();
  fail('FIXLINE_API_KEY is not a valid API key for this database.');
}
const principal: ToolPrincipal = { kind: 'manager', tenantId: key.tenantId, actor: `api_key:${key.id}` };
// A client may keep this process for days: a key revoked meanwhile stops working at the next call.
const revoked = async (): Promise<string | null> => {
  const current = await db.prisma.apiKey.findUnique({ where: { id: key.id }, select: { revokedAt: true } });
  return current && !current.revokedAt
    ? null
    : 'FIXLINE_API_KEY has been revoked; ask the property manager for a new key and restart the server.';
};

logger.info({ tenant_id: key.tenantId, database: db.kind }, 'Fixline MCP server on stdio');
const server = serveStdio(
  () =>
    buildMcpServer(
      { prisma: db.prisma, pool: db.pool, booking: { policy: config.booking }, logger },
      { principal, revoked },
    ),
  { onerror: (err) => logger.warn({ err }, 'MCP stdio error') },
);

let stopping = false;
async function shutdown(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'MCP stdio server stopping');
  await server.close().catch(() => {});
  await db.close().catch(() => {});
  process.exit(0);
}
// The client closing our stdin ends the session (the MCP stdio binding's rule).
process.stdin.on('end', () => void shutdown('stdin closed'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
