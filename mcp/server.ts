// The MCP server: the tool registry (tools/), two resources and the manager prompts, served to one
// principal. Both transports build it here — Streamable HTTP per request (mcp/http.ts), stdio per
// connection (mcp/stdio.ts) — so they cannot drift apart. Every tool call goes through callTool:
// the same principal check, validation and error shapes the agent gets.
import crypto from 'node:crypto';
import type pg from 'pg';
import {
  McpServer,
  type CallToolResult,
  type ServerContext,
  type StandardSchemaWithJSON,
} from '@modelcontextprotocol/server';
import type { BookingDeps } from '../booking/dispatch.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Logger } from '../observability/logger.ts';
import { callTool, type ToolOutcome } from '../tools/call.ts';
import { inputJsonSchema, outputJsonSchema, toolsFor } from '../tools/registry.ts';
import type { ToolContext, ToolDefinition, ToolPrincipal } from '../tools/tool.ts';
import { registerPrompts } from './prompts.ts';
import { registerResources } from './resources.ts';

export const SERVER_INFO = { name: 'fixline', title: 'Fixline maintenance line', version: '0.1.0' };

export interface McpDeps {
  prisma: PrismaClient;
  pool: pg.Pool;
  booking: BookingDeps;
  logger: Logger;
}

export interface McpSession {
  principal: ToolPrincipal;
  /** The correlation id of one call: the HTTP request's, or a fresh one per call on stdio. */
  correlationId?: () => string;
  /**
   * Checked before every call of a long-lived session (stdio): why the caller may no longer act,
   * e.g. its API key was revoked, or null. HTTP checks the key on every request instead.
   */
  revoked?: () => Promise<string | null>;
}

/** Runs a registry tool for this session; every surface of the MCP server calls through here. */
export type RunTool = (name: string, args: unknown, mcp?: ServerContext) => Promise<ToolOutcome>;

const INSTRUCTIONS =
  'Fixline runs a property-maintenance line. Residents report problems; each becomes a ticket with a ' +
  'short code (e.g. K7Q2) that every tool accepts in place of the ticket id. Booking is automatic ' +
  'once a ticket has a category and severity: vendors are offered the job by SMS and the first YES ' +
  'books it; get_ticket_status and get_ticket_timeline show where it stands. You act for the ' +
  'property manager: you can also offer a job to a vendor, book one by hand, escalate, and text ' +
  'people. Resources: ticket://{id} and building://{id}.';

export function buildMcpServer(deps: McpDeps, session: McpSession): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, resources: {}, prompts: {} },
    instructions: INSTRUCTIONS,
  });
  const run = toolRunner(deps, session);
  for (const tool of toolsFor(session.principal.kind)) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        // The registry owns the schemas; callTool validates (one place, the same errors as the agent).
        inputSchema: jsonSchemaOnly(
          memo(`${tool.name}:${session.principal.kind}`, () => inputJsonSchema(tool, session.principal.kind)),
        ),
        outputSchema: jsonSchemaOnly(memo(`${tool.name}:output`, () => outputJsonSchema(tool))),
        annotations: annotationsOf(tool),
      },
      async (args, mcp) => toCallToolResult(await run(tool.name, args, mcp)),
    );
  }
  registerResources(server, session.principal, run);
  registerPrompts(server, session.principal, run);
  return server;
}

function toolRunner(deps: McpDeps, session: McpSession): RunTool {
  return async (name, args, mcp) => {
    const correlationId = session.correlationId?.() ?? crypto.randomUUID();
    const token = mcp?.mcpReq._meta?.progressToken;
    const ctx: ToolContext = {
      prisma: deps.prisma,
      pool: deps.pool,
      booking: deps.booking,
      principal: session.principal,
      correlationId,
      ...(mcp && { signal: mcp.mcpReq.signal }),
      ...(mcp &&
        token !== undefined && {
          progress: (done: number, total: number, message?: string) =>
            mcp.mcpReq.notify({
              method: 'notifications/progress',
              params: { progressToken: token, progress: done, total, ...(message && { message }) },
            }),
        }),
    };
    try {
      const revoked = await session.revoked?.();
      if (revoked) return { ok: false, error: { code: 'forbidden', message: revoked } };
      return await callTool(name, args, ctx);
    } catch (err) {
      if (ctx.signal?.aborted) {
        return { ok: false, error: { code: 'internal', message: `${name} was cancelled.` } };
      }
      // Our bug or an outage (database down): log it in full, tell the caller only what helps.
      deps.logger.error({ err, tool: name, correlation_id: correlationId }, 'MCP tool call failed');
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `${name} failed unexpectedly (correlation id ${correlationId}).`,
        },
      };
    }
  };
}

export function toCallToolResult(outcome: ToolOutcome): CallToolResult {
  if (!outcome.ok) {
    return {
      isError: true,
      content: [{ type: 'text', text: `${outcome.error.code}: ${outcome.error.message}` }],
    };
  }
  return {
    content: [{ type: 'text', text: outcome.text }],
    structuredContent: outcome.output as Record<string, unknown>,
  };
}

function annotationsOf(tool: ToolDefinition) {
  return {
    title: tool.title,
    readOnlyHint: tool.annotations.readOnly,
    destructiveHint: tool.annotations.destructive,
    idempotentHint: tool.annotations.idempotent,
    openWorldHint: tool.annotations.openWorld ?? false,
  };
}

// The registry is fixed at start-up and HTTP builds a server per request: convert each schema once.
const jsonSchemas = new Map<string, Record<string, unknown>>();
function memo(key: string, make: () => Record<string, unknown>): Record<string, unknown> {
  let schema = jsonSchemas.get(key);
  if (!schema) jsonSchemas.set(key, (schema = make()));
  return schema;
}

/**
 * A Standard Schema that only describes: the SDK lists the JSON Schema and lets every value
 * through to callTool, which validates with the zod schema the caller sees and words the error.
 */
function jsonSchemaOnly(
  json: Record<string, unknown>,
): StandardSchemaWithJSON<unknown, Record<string, unknown>> {
  return {
    '~standard': {
      version: 1,
      vendor: 'fixline',
      validate: (value) => ({ value: (value ?? {}) as Record<string, unknown> }),
      jsonSchema: { input: () => json, output: () => json },
    },
  };
}
