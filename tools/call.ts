// Calling a tool from any surface: check the caller may use it, validate the arguments against
// the schema that caller sees, run the handler, validate its output. Every failure comes back as
// a readable tool error (the agent shows it to the model, MCP returns `isError: true`); nothing
// here throws for bad input or a handler's domain error.
import { z } from 'zod';
import { dataException } from '../db/unique-violation.ts';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';
import { findTool, inputSchemaFor } from './registry.ts';
import type { ToolContext } from './tool.ts';

export type ToolErrorCode = DomainErrorCode | 'unknown_tool' | 'invalid_arguments' | 'internal';

export interface ToolError {
  code: ToolErrorCode;
  message: string;
  details?: unknown;
}

export type ToolOutcome = { ok: true; output: unknown; text: string } | { ok: false; error: ToolError };

export async function callTool(name: string, args: unknown, ctx: ToolContext): Promise<ToolOutcome> {
  const tool = findTool(name);
  if (!tool) return fail('unknown_tool', `There is no tool named ${name}.`);
  if (!tool.principals.includes(ctx.principal.kind)) {
    return fail('forbidden', `${name} is not available to a ${ctx.principal.kind}.`);
  }
  const parsed = inputSchemaFor(tool, ctx.principal.kind).safeParse(args ?? {});
  if (!parsed.success) {
    return fail('invalid_arguments', `Invalid arguments for ${name}: ${z.prettifyError(parsed.error)}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  let output: unknown;
  try {
    output = await tool.handler(parsed.data, ctx);
  } catch (err) {
    if (err instanceof DomainError) return fail(err.code, err.message, err.details);
    const refused = dataException(err);
    if (refused) return fail('invalid_arguments', `Invalid arguments for ${name}: ${refused}.`);
    throw err;
  }
  const checked = tool.output.safeParse(output);
  // A handler returning the wrong shape is our bug, not the caller's: say so without the internals.
  if (!checked.success) return fail('internal', `${name} produced an unexpected result.`);
  return { ok: true, output: checked.data, text: tool.render(checked.data) };
}

function fail(code: ToolErrorCode, message: string, details?: unknown): ToolOutcome {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}
