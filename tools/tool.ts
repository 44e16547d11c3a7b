// The shape of one operation in the tool registry. Each tool is defined once (one file per
// operation) and served to three surfaces: the agent (as model tools), MCP clients, and — through
// the same domain services — the REST API. Identity (tenant, resident, vendor) always comes from
// the calling context (`ToolContext.principal`), never from the model's or client's arguments.
import type { z } from 'zod';
import type pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { BookingDeps } from '../booking/dispatch.ts';

/** Who is calling. A manager is an API key (REST, MCP over HTTP, stdio); residents and vendors talk through the agent. */
export type PrincipalKind = 'manager' | 'resident' | 'vendor';

export type ToolPrincipal =
  | { kind: 'manager'; tenantId: string; actor: string }
  | {
      kind: 'resident';
      tenantId: string;
      actor: string;
      residentId: string;
      unitId: string | null;
      buildingId: string | null;
      phone: string | null;
    }
  | { kind: 'vendor'; tenantId: string; actor: string; vendorId: string };

export interface ToolContext {
  prisma: PrismaClient;
  pool: pg.Pool;
  booking: BookingDeps;
  principal: ToolPrincipal;
  correlationId: string;
  causationId?: string | null;
  /**
   * Makes a writing call safe to repeat: the agent passes one per (turn, call) so a crashed turn
   * that is retried finds the first attempt's effect instead of making a second one.
   */
  idempotencyKey?: string;
  /** Long operations report progress here (MCP forwards it as progress notifications). */
  progress?: (done: number, total: number, message?: string) => Promise<void> | void;
  signal?: AbortSignal;
}

export interface ToolAnnotations {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
  /** It reaches people outside the system (SMS to vendors, residents, the landlord). */
  openWorld?: boolean;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> {
  /** snake_case, stable: models and MCP clients call it by this name. */
  name: string;
  title: string;
  /** Written for a model: what it does, when to use it, what it returns. */
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  principals: readonly PrincipalKind[];
  /**
   * Input fields that a resident or vendor never supplies: the engine fills them from the
   * principal (e.g. building_id, unit_id). They are removed from the schema those callers see,
   * so an argument like "my unit is u_999" cannot even be expressed.
   */
  contextFields?: readonly string[];
  /**
   * Input fields only a manager may set (e.g. a ticket's category and severity): removed, like
   * context fields, from the schema residents and vendors see, but never filled in for them.
   */
  managerOnlyFields?: readonly string[];
  handler(input: z.infer<I>, ctx: ToolContext): Promise<z.infer<O>>;
  /** A short human rendering of the output (MCP text content, agent transcripts). */
  render(output: z.infer<O>): string;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodType>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}
