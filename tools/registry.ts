// The registry: every operation, once. Surfaces ask it which tools a principal may call and what
// input schema that principal sees (context fields removed for residents and vendors).
import { z } from 'zod';
import type { JsonSchema } from '../agent/model.ts';
import type { PrincipalKind, ToolDefinition } from './tool.ts';
import { createTicketTool } from './create-ticket.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list; each entry is checked where it is defined
type AnyTool = ToolDefinition<z.ZodObject, any>;

export const TOOLS: readonly AnyTool[] = [createTicketTool];

const byName = new Map(TOOLS.map((t) => [t.name, t]));

export function findTool(name: string): AnyTool | undefined {
  return byName.get(name);
}

export function toolsFor(kind: PrincipalKind): AnyTool[] {
  return TOOLS.filter((t) => t.principals.includes(kind));
}

export function inputSchemaFor(tool: AnyTool, kind: PrincipalKind): z.ZodObject {
  if (kind === 'manager' || !tool.contextFields?.length) return tool.input;
  const omit = Object.fromEntries(tool.contextFields.map((f) => [f, true] as const)) as Record<string, true>;
  return tool.input.omit(omit as never);
}

export function inputJsonSchema(tool: AnyTool, kind: PrincipalKind): JsonSchema {
  return z.toJSONSchema(inputSchemaFor(tool, kind), { io: 'input' }) as JsonSchema;
}

export function outputJsonSchema(tool: AnyTool): JsonSchema {
  return z.toJSONSchema(tool.output, { io: 'output' }) as JsonSchema;
}
