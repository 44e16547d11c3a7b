// The registry itself, without a database: every operation is there once, its schemas serialize to
// clean JSON Schema for every caller that may use it, identity fields never reach residents, and
// the annotations say honestly what each tool does.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findTool, inputJsonSchema, outputJsonSchema, TOOLS, toolsFor } from '../../tools/registry.ts';
import type { PrincipalKind } from '../../tools/tool.ts';

const REQUIRED = [
  'create_ticket',
  'get_ticket',
  'list_tickets',
  'get_ticket_status',
  'get_ticket_timeline',
  'update_ticket',
  'cancel_ticket',
  'list_vendors',
  'ping_vendor',
  'create_appointment',
  'escalate_ticket',
  'get_metrics',
  'send_notification',
];

const KINDS: PrincipalKind[] = ['manager', 'resident', 'vendor'];

describe('tool registry', () => {
  it('has every operation of the issue, once, under a stable snake_case name', () => {
    const names = TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(REQUIRED));
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]{2,63}$/);
    expect(findTool('create_ticket')?.name).toBe('create_ticket');
    expect(findTool('drop_database')).toBeUndefined();
  });

  it('describes each tool for a model: a title and a description that says what it returns', () => {
    for (const tool of TOOLS) {
      expect(tool.title.length, tool.name).toBeGreaterThan(5);
      expect(tool.description.length, tool.name).toBeGreaterThan(60);
    }
  });

  it.each(TOOLS.map((t) => [t.name, t] as const))(
    '%s: input and output schemas serialize to JSON Schema for every caller it serves',
    (_name, tool) => {
      for (const kind of KINDS.filter((k) => tool.principals.includes(k))) {
        const input = inputJsonSchema(tool, kind);
        expect(input).toMatchObject({ type: 'object', additionalProperties: false });
        expect(JSON.parse(JSON.stringify(input))).toEqual(input);
        // Everything a caller may send is described.
        for (const [field, schema] of Object.entries(input.properties as Record<string, object>)) {
          expect(Object.keys(schema).length, `${tool.name}.${field}`).toBeGreaterThan(0);
        }
      }
      const output = outputJsonSchema(tool);
      expect(output).toMatchObject({ type: 'object' });
      expect(JSON.parse(JSON.stringify(output))).toEqual(output);
      expect(() => z.toJSONSchema(tool.output, { io: 'output', target: 'draft-7' })).not.toThrow();
    },
  );

  it('never lets a resident name a building, unit, trade or severity the engine takes from context', () => {
    const props = (name: string, kind: PrincipalKind) =>
      Object.keys((inputJsonSchema(findTool(name)!, kind).properties ?? {}) as object);
    expect(props('create_ticket', 'manager')).toEqual(expect.arrayContaining(['building_id', 'unit_id']));
    expect(props('create_ticket', 'resident')).not.toEqual(expect.arrayContaining(['building_id']));
    expect(props('create_ticket', 'resident')).not.toContain('unit_id');
    expect(props('create_ticket', 'resident')).not.toContain('resident_phone');
    expect(props('update_ticket', 'resident')).toEqual(
      expect.arrayContaining(['ticket', 'window_start', 'window_end', 'access_notes']),
    );
    expect(props('update_ticket', 'resident')).not.toContain('category');
    expect(props('update_ticket', 'resident')).not.toContain('severity');
    expect(props('list_tickets', 'resident')).not.toContain('building_id');
  });

  it('gives residents only ticket tools on their own tickets, vendors only the status', () => {
    expect(
      toolsFor('resident')
        .map((t) => t.name)
        .sort(),
    ).toEqual(
      [
        'cancel_ticket',
        'create_ticket',
        'escalate_ticket',
        'get_ticket',
        'get_ticket_status',
        'get_ticket_timeline',
        'list_tickets',
        'update_ticket',
      ].sort(),
    );
    expect(toolsFor('vendor').map((t) => t.name)).toEqual(['get_ticket_status']);
    expect(toolsFor('manager')).toHaveLength(TOOLS.length);
  });

  it('names the ticket argument `ticket` everywhere, accepting an id or a code', () => {
    for (const tool of TOOLS) {
      const shape = tool.input.shape as Record<string, z.ZodType>;
      expect(Object.keys(shape), tool.name).not.toContain('ticket_id');
      if (!('ticket' in shape)) continue;
      const ticket = z.object({ ticket: shape.ticket! });
      expect(ticket.safeParse({ ticket: 'K7Q2' }).success, tool.name).toBe(true);
      expect(ticket.safeParse({ ticket: 'tkt_0abc123' }).success, tool.name).toBe(true);
      expect(ticket.safeParse({ ticket: "K7Q2' OR 1=1" }).success, tool.name).toBe(false);
    }
  });

  it('annotates honestly: reads are read-only, overwrites and cancellations are destructive', () => {
    for (const tool of TOOLS) {
      const a = tool.annotations;
      if (a.readOnly) expect(a.destructive, tool.name).toBe(false);
      if (/^(get|list)_/.test(tool.name)) expect(a.readOnly, tool.name).toBe(true);
      else expect(a.readOnly, tool.name).toBe(false);
    }
    const destructive = TOOLS.filter((t) => t.annotations.destructive).map((t) => t.name);
    expect(destructive.sort()).toEqual(['cancel_ticket', 'change_appointment', 'update_ticket']);
    // Tools that text people say so; repeating them texts again.
    for (const name of ['ping_vendor', 'send_notification']) {
      expect(findTool(name)!.annotations).toMatchObject({ openWorld: true, idempotent: false });
    }
  });
});
