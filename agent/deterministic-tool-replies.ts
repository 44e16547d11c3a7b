// The deterministic model's answer once its tool calls have run: the results (the tool's output
// object, or `{"error":{"code","message"}}`) become one honest reply. Optional fields may be
// missing; a failed write says so and asks a person to take over (HANDOFF_MARKER).
import { formatWindow } from '../domain/availability.ts';
import { detectEmergency } from '../domain/emergency.ts';
import { classifyProblems } from '../domain/intake-lexicon.ts';
import { isTrade, type Trade } from '../domain/trades.ts';
import type { ModelMessage, TurnFacts } from './model.ts';
import { codeOf, isToolError, parseJson } from './deterministic-state.ts';
import { HANDOFF_MARKER, proFor, stateText, texts, type Language } from './deterministic-texts.ts';

export interface ToolExchange {
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
  output: Record<string, unknown> | null;
}

/** The tool calls made since the latest resident message, each with its result. */
export function exchangesSinceLastUser(messages: ModelMessage[]): ToolExchange[] {
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  const calls = new Map<string, { name: string; args: Record<string, unknown> }>();
  const out: ToolExchange[] = [];
  for (const m of messages.slice(lastUser + 1)) {
    if (m.role === 'assistant') {
      for (const c of m.toolCalls ?? [])
        calls.set(c.id, { name: c.name, args: parseJson(c.arguments) ?? {} });
    } else if (m.role === 'tool') {
      const call = calls.get(m.toolCallId) ?? { name: m.name, args: {} };
      out.push({
        name: call.name,
        args: call.args,
        ok: !isToolError(m.content),
        output: parseJson(m.content),
      });
    }
  }
  return out;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function labelFor(description: string, category: string | null, l: Language): string {
  const problem =
    classifyProblems(description).find((p) => p.category === category) ?? classifyProblems(description)[0];
  if (problem && problem.emergency === null) return problem.label[l];
  return l === 'es' ? 'su reporte' : 'your report';
}

function windowLabel(args: Record<string, unknown>, facts: TurnFacts, l: Language): string | null {
  const start = str(args.window_start);
  const end = str(args.window_end);
  if (!start || !end) return null;
  return formatWindow(new Date(start), new Date(end), {
    now: new Date(facts.now),
    timeZone: facts.timeZone,
    language: l,
  });
}

function createdReply(exchanges: ToolExchange[], facts: TurnFacts, l: Language): string {
  const done = exchanges.filter((e) => e.ok && codeOf(e.output));
  if (done.length === 0) return texts.createFailed(l);
  const first = done[0]!;
  const description = str(first.args.description) ?? '';
  if (first.args.severity === 'emergency' && done.length === 1) {
    const emergency = detectEmergency(description);
    const code = codeOf(first.output)!;
    const reply = emergency
      ? texts.emergencyCreated(l, emergency.safety[l], code)
      : texts.emergencyFollowUp(l, code);
    return reply.length <= 300 ? reply : texts.emergencyFollowUp(l, code);
  }
  const tickets = done.map((e) => ({
    code: codeOf(e.output)!,
    label: labelFor(str(e.args.description) ?? '', str(e.args.category), l),
  }));
  const trades = done.map((e) => str(e.args.category)).filter((c): c is Trade => isTrade(c));
  // Name the unit from the record, so a resident who meant another place says so; the building's
  // own things (the elevator, a common area) are not in a unit.
  const building = done.every(
    (e) => e.args.category === 'elevator' || /Common area/.test(str(e.args.access_notes) ?? ''),
  );
  const unit = building ? null : (facts.resident?.unitLabel ?? null);
  let reply = texts.created(l, tickets, proFor(trades, l), windowLabel(first.args, facts, l), unit);
  if (done.length < exchanges.length) {
    reply +=
      l === 'es'
        ? ' Otra no se pudo abrir; avisé a una persona.'
        : " Another couldn't be opened; a person has been alerted.";
    reply += ` ${HANDOFF_MARKER}`;
  }
  return reply;
}

function statusReply(e: ToolExchange, facts: TurnFacts, l: Language): string {
  const code = codeOf(e.output) ?? str(e.args.ticket) ?? '';
  if (!e.ok || !e.output) return texts.statusFailed(l, code.toUpperCase());
  const state = str(e.output.state) ?? str(e.output.status) ?? 'new';
  const appointment = e.output.appointment as Record<string, unknown> | null | undefined;
  const startsAt = str(appointment?.starts_at);
  const visit = startsAt
    ? formatWindow(
        new Date(startsAt),
        str(appointment?.ends_at) ? new Date(str(appointment?.ends_at)!) : null,
        {
          now: new Date(facts.now),
          timeZone: facts.timeZone,
          language: l,
        },
      )
    : null;
  return texts.status(
    l,
    code,
    stateText(l, state, str(e.output.message)),
    num(e.output.progress_percent),
    visit,
  );
}

function listReply(e: ToolExchange, l: Language): string {
  const list = (e.output?.tickets ?? e.output?.items) as Record<string, unknown>[] | undefined;
  const open = (Array.isArray(list) ? list : []).map((t) => `${codeOf(t)} (${str(t.status) ?? '?'})`);
  if (open.length === 0) return texts.noOpenTickets(l);
  return l === 'es' ? `Sus órdenes: ${open.join(', ')}.` : `Your tickets: ${open.join(', ')}.`;
}

/** The reply after this step's tool results. */
export function replyToTools(exchanges: ToolExchange[], facts: TurnFacts, l: Language): string {
  const created = exchanges.filter((e) => e.name === 'create_ticket');
  if (created.length > 0) return createdReply(created, facts, l);
  const e = exchanges[0]!;
  const code = (codeOf(e.output) ?? str(e.args.ticket) ?? '').toUpperCase();
  switch (e.name) {
    case 'get_ticket_status': {
      // An upset resident's follow-up is also escalated in the same step.
      const escalated = exchanges.some((x) => x.name === 'escalate_ticket' && x.ok);
      const status = statusReply(e, facts, l);
      return escalated ? `${status} ${texts.escalatedToo(l)}` : status;
    }
    case 'cancel_ticket': {
      const failed = exchanges.find((x) => !x.ok);
      if (failed) return texts.cancelFailed(l, (str(failed.args.ticket) ?? code).toUpperCase());
      const codes = exchanges.map((x) => (codeOf(x.output) ?? str(x.args.ticket) ?? '').toUpperCase());
      return texts.cancelled(l, codes.join(l === 'es' ? ' y ' : ' and '));
    }
    case 'escalate_ticket': {
      // The escalation itself alerts the landlord; a failed one needs the hand-off.
      const reply = texts.handoff(l, code);
      return e.ok ? reply.replace(HANDOFF_MARKER, '').trim() : reply;
    }
    case 'list_tickets':
      return listReply(e, l);
    default:
      return e.ok ? texts.thanks(l, null) : texts.createFailed(l);
  }
}
