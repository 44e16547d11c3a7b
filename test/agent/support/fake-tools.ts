// A tiny in-memory stand-in for the resident tools (create_ticket, get_ticket_status,
// cancel_ticket, escalate_ticket, list_tickets): it checks arguments the way the real input schemas
// do, records every call, and answers with outputs shaped like the real ones. `failing` makes a
// tool answer with an error, as a database outage would.
import { isOpen, PROGRESS_PERCENT, type TicketStatus } from '../../../domain/ticket-status.ts';
import { TRADES } from '../../../domain/trades.ts';
import type { ScenarioTicket } from '../scenarios/resident-scenarios.ts';

export interface FakeTicket {
  id: string;
  code: string;
  status: string;
  category: string | null;
  severity: string | null;
  description: string;
  window_start: string | null;
  window_end: string | null;
  access_notes: string | null;
  created_at: string;
}

export type ToolOutcome =
  { ok: true; output: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

const CODES = ['M3P8', 'X9T4', 'R2D5', 'B6N3', 'G8V2', 'T5J9', 'W4C7', 'Z3E6'];
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const fail = (code: string, message: string): ToolOutcome => ({ ok: false, error: { code, message } });

export class FakeTools {
  readonly tickets: FakeTicket[] = [];
  readonly created: FakeTicket[] = [];
  private readonly failing: Set<string>;
  private readonly now: string;

  constructor(options: { seed?: ScenarioTicket[]; failing?: string[]; now: string }) {
    this.failing = new Set(options.failing ?? []);
    this.now = options.now;
    for (const t of options.seed ?? []) {
      this.tickets.push({
        id: `tkt_${t.code.toLowerCase()}`,
        code: t.code,
        status: t.status,
        category: t.category,
        severity: t.severity,
        description: t.description,
        window_start: null,
        window_end: null,
        access_notes: null,
        created_at: t.createdAt,
      });
    }
  }

  openTickets(): FakeTicket[] {
    return this.tickets.filter((t) => isOpen(t.status as TicketStatus));
  }

  run(name: string, rawArgs: string): ToolOutcome {
    let args: Record<string, unknown>;
    try {
      args = JSON.parse(rawArgs) as Record<string, unknown>;
    } catch {
      return fail('invalid_input', 'arguments are not JSON');
    }
    if (this.failing.has(name)) return fail('unavailable', 'the database is not reachable');
    switch (name) {
      case 'create_ticket':
        return this.create(args);
      case 'get_ticket_status':
        return this.withTicket(args, (t) => this.status(t));
      case 'cancel_ticket':
        return this.withTicket(args, (t) => this.change(t, 'cancelled'));
      case 'escalate_ticket':
        return this.withTicket(args, (t) => this.change(t, 'escalated'));
      case 'list_tickets':
        return { ok: true, output: { tickets: this.openTickets().map((t) => this.dto(t)) } };
      default:
        return fail('unknown_tool', `no tool named ${name}`);
    }
  }

  private create(args: Record<string, unknown>): ToolOutcome {
    const allowed = ['description', 'category', 'severity', 'window_start', 'window_end', 'access_notes'];
    const extra = Object.keys(args).filter((k) => !allowed.includes(k));
    if (extra.length > 0) return fail('invalid_input', `unknown arguments: ${extra.join(', ')}`);
    const { description, category, severity, window_start, window_end, access_notes } = args;
    if (typeof description !== 'string' || description.trim().length < 3)
      return fail('invalid_input', 'describe the problem');
    if (category !== undefined && !(TRADES as readonly unknown[]).includes(category))
      return fail('invalid_input', 'bad category');
    if (severity !== undefined && !['emergency', 'urgent', 'routine'].includes(severity as string)) {
      return fail('invalid_input', 'bad severity');
    }
    for (const w of [window_start, window_end]) {
      if (w !== undefined && (typeof w !== 'string' || !ISO_WITH_OFFSET.test(w)))
        return fail('invalid_input', 'bad window');
    }
    if ((window_start === undefined) !== (window_end === undefined))
      return fail('invalid_input', 'window needs both ends');
    if (
      typeof window_start === 'string' &&
      typeof window_end === 'string' &&
      Date.parse(window_end) <= Date.parse(window_start)
    ) {
      return fail('invalid_input', 'window ends before it starts');
    }
    const n = this.tickets.length;
    const ticket: FakeTicket = {
      id: `tkt_${n + 1}`,
      code: CODES[this.created.length % CODES.length]!,
      status: category && severity ? 'triaged' : 'new',
      category: (category as string | undefined) ?? null,
      severity: (severity as string | undefined) ?? null,
      description: description.trim(),
      window_start: (window_start as string | undefined) ?? null,
      window_end: (window_end as string | undefined) ?? null,
      access_notes: (access_notes as string | undefined) ?? null,
      created_at: new Date(Date.parse(this.now) + n * 1000).toISOString(),
    };
    this.tickets.push(ticket);
    this.created.push(ticket);
    return { ok: true, output: this.dto(ticket) };
  }

  private withTicket(args: Record<string, unknown>, then: (t: FakeTicket) => ToolOutcome): ToolOutcome {
    const ref = typeof args.ticket === 'string' ? args.ticket.toUpperCase() : '';
    const ticket = this.tickets.find((t) => t.code === ref || t.id.toUpperCase() === ref);
    return ticket ? then(ticket) : fail('not_found', 'ticket not found');
  }

  private status(t: FakeTicket): ToolOutcome {
    const scheduled = t.status === 'scheduled';
    return {
      ok: true,
      output: {
        ticket_id: t.id,
        code: t.code,
        state: t.status,
        progress_percent: PROGRESS_PERCENT[t.status as TicketStatus] ?? 0,
        message: scheduled ? 'A visit is booked.' : 'We are finding a vendor for you.',
        updated_at: this.now,
        appointment: scheduled
          ? {
              status: 'confirmed',
              vendor_name: 'Rapid Plumbing',
              starts_at: '2025-03-05T14:00:00.000Z',
              ends_at: '2025-03-05T17:00:00.000Z',
            }
          : null,
      },
    };
  }

  private change(t: FakeTicket, status: string): ToolOutcome {
    if (!isOpen(t.status as TicketStatus)) return fail('invalid_transition', `ticket is ${t.status}`);
    t.status = status;
    return { ok: true, output: this.dto(t) };
  }

  private dto(t: FakeTicket): Record<string, unknown> {
    return {
      ...t,
      tenant_id: 't_demo',
      progress_percent: PROGRESS_PERCENT[t.status as TicketStatus] ?? 0,
      source: 'sms',
      correlation_id: `corr_${t.id}`,
      updated_at: this.now,
      building: { id: 'b_hq', name: 'HQ Apartments', address: '12 Main St' },
      unit: { id: 'u_101', label: '101' },
      resident: { id: 'r_ana', name: 'Ana Ruiz' },
      appointments: [],
    };
  }
}
