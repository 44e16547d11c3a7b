// The registry: every operation, once. Surfaces ask it which tools a principal may call and what
// input schema that principal sees (context fields removed for residents and vendors).
import { z } from 'zod';
import type { JsonSchema } from '../agent/model.ts';
import type { PrincipalKind, ToolDefinition } from './tool.ts';
import { cancelTicketTool } from './cancel-ticket.ts';
import { changeAppointmentTool } from './change-appointment.ts';
import { createAppointmentTool } from './create-appointment.ts';
import { createTicketTool } from './create-ticket.ts';
import { escalateTicketTool } from './escalate-ticket.ts';
import { getBuildingTool } from './get-building.ts';
import { getMetricsTool } from './get-metrics.ts';
import { getTicketStatusTool } from './get-ticket-status.ts';
import { getTicketTimelineTool } from './get-ticket-timeline.ts';
import { getTicketTool } from './get-ticket.ts';
import { listBuildingsTool } from './list-buildings.ts';
import { listTicketsTool } from './list-tickets.ts';
import { listVendorsTool } from './list-vendors.ts';
import { pingVendorTool } from './ping-vendor.ts';
import { sendNotificationTool } from './send-notification.ts';
import { updateTicketTool } from './update-ticket.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list; each entry is checked where it is defined
type AnyTool = ToolDefinition<z.ZodObject, any>;

export const TOOLS: readonly AnyTool[] = [
  // Tickets
  createTicketTool,
  getTicketTool,
  listTicketsTool,
  getTicketStatusTool,
  getTicketTimelineTool,
  updateTicketTool,
  cancelTicketTool,
  escalateTicketTool,
  // Booking
  listVendorsTool,
  pingVendorTool,
  createAppointmentTool,
  changeAppointmentTool,
  sendNotificationTool,
  // Overview
  listBuildingsTool,
  getBuildingTool,
  getMetricsTool,
];

const byName = new Map(TOOLS.map((t) => [t.name, t]));

export function findTool(name: string): AnyTool | undefined {
  return byName.get(name);
}

export function toolsFor(kind: PrincipalKind): AnyTool[] {
  return TOOLS.filter((t) => t.principals.includes(kind));
}

export function inputSchemaFor(tool: AnyTool, kind: PrincipalKind): z.ZodObject {
  const hidden = [...(tool.contextFields ?? []), ...(tool.managerOnlyFields ?? [])];
  if (kind === 'manager' || hidden.length === 0) return tool.input;
  const omit = Object.fromEntries(hidden.map((f) => [f, true] as const)) as Record<string, true>;
  return tool.input.omit(omit as never);
}

export function inputJsonSchema(tool: AnyTool, kind: PrincipalKind): JsonSchema {
  return z.toJSONSchema(inputSchemaFor(tool, kind), { io: 'input' }) as JsonSchema;
}

export function outputJsonSchema(tool: AnyTool): JsonSchema {
  return z.toJSONSchema(tool.output, { io: 'output' }) as JsonSchema;
}
