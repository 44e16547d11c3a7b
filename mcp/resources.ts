// MCP resources: ticket://{id} (the ticket with its timeline) and building://{id} (the building and
// what is open there). They read through the same registry tools as everything else, so a key only
// ever sees its own tenant's rows; anything else is "resource not found".
import {
  ResourceNotFoundError,
  ResourceTemplate,
  type McpServer,
  type ReadResourceResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { ToolOutcome } from '../tools/call.ts';
import { findTool } from '../tools/registry.ts';
import type { ToolPrincipal } from '../tools/tool.ts';
import type { RunTool } from './server.ts';

const JSON_TYPE = 'application/json';

export function registerResources(server: McpServer, principal: ToolPrincipal, run: RunTool): void {
  const may = (tool: string) => findTool(tool)?.principals.includes(principal.kind) ?? false;

  if (may('get_ticket') && may('get_ticket_timeline')) {
    server.registerResource(
      'ticket',
      new ResourceTemplate('ticket://{id}', {
        // The open tickets, newest first; any other ticket can still be read by id or code.
        list: async (mcp) => {
          const page = await run('list_tickets', { open_only: true, limit: 50 }, mcp);
          const { tickets } = listed(page) as { tickets: TicketSummary[] };
          return {
            resources: tickets.map((t) => ({
              uri: `ticket://${t.id}`,
              name: `Ticket ${t.code}`,
              description: `${t.status}, ${t.severity ?? 'untriaged'}: ${t.description}`,
              mimeType: JSON_TYPE,
            })),
          };
        },
      }),
      {
        title: 'Maintenance ticket',
        description: 'A ticket (by id or short code) with its status, visits and full timeline, as JSON.',
        mimeType: JSON_TYPE,
      },
      async (uri, variables, mcp) => {
        const ref = single(variables.id);
        const ticket = found(uri.href, await run('get_ticket', { ticket: ref }, mcp));
        const timeline = found(uri.href, await run('get_ticket_timeline', { ticket: ref }, mcp));
        const entries = (timeline as { entries: unknown[] }).entries;
        return json(uri.href, { ...(ticket as object), timeline: entries });
      },
    );
  }

  if (may('get_building') && may('list_buildings')) {
    server.registerResource(
      'building',
      new ResourceTemplate('building://{id}', {
        list: async (mcp) => {
          const buildings = await listBuildingsOf(run, mcp);
          return {
            resources: buildings.map((b) => ({
              uri: `building://${b.id}`,
              name: b.name,
              mimeType: JSON_TYPE,
            })),
          };
        },
      }),
      {
        title: 'Building',
        description: 'A building with its units, contacts and open tickets (most urgent first), as JSON.',
        mimeType: JSON_TYPE,
      },
      async (uri, variables, mcp) =>
        json(
          uri.href,
          found(uri.href, await run('get_building', { building_id: single(variables.id) }, mcp)),
        ),
    );
  }
}

interface TicketSummary {
  id: string;
  code: string;
  status: string;
  severity: string | null;
  description: string;
}

async function listBuildingsOf(run: RunTool, mcp: ServerContext) {
  const outcome = await run('list_buildings', {}, mcp);
  return (listed(outcome) as { buildings: { id: string; name: string }[] }).buildings;
}

/** A listing's output; a failure (a revoked key, the database down) is the client's error, not an empty list. */
function listed(outcome: ToolOutcome): unknown {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.output;
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function found(uri: string, outcome: ToolOutcome): unknown {
  if (outcome.ok) return outcome.output;
  if (outcome.error.code === 'not_found' || outcome.error.code === 'invalid_arguments') {
    throw new ResourceNotFoundError(uri);
  }
  throw new Error(outcome.error.message);
}

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value, null, 2) }] };
}
