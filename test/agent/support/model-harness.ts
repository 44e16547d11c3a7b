// Plays a resident scenario against a ModelPort with no database: each resident message goes
// through what the engine does — the emergency guardrail first (safety advice and an emergency
// ticket, no model), otherwise the model loop (call, run the tools it asks for against FakeTools,
// feed the results back, until it answers in text) — and everything is recorded for assertions.
import { detectEmergency } from '../../../domain/emergency.ts';
import type { ModelMessage, ModelPort, TurnFacts } from '../../../agent/model.ts';
import {
  DEFAULT_SCENARIO_FACTS,
  type ResidentScenario,
  type ScenarioFacts,
} from '../scenarios/resident-scenarios.ts';
import { FakeTools, type FakeTicket, type ToolOutcome } from './fake-tools.ts';

export interface RecordedCall {
  turn: number;
  by: 'engine' | 'model';
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
}

export interface RecordedReply {
  turn: number;
  by: 'engine' | 'model';
  text: string;
}

export interface PlayResult {
  replies: RecordedReply[];
  calls: RecordedCall[];
  tickets: FakeTicket[];
  /** The resident turn (1-based) after which the first ticket existed; null when none was opened. */
  firstTicketTurn: number | null;
  turns: number;
  /** The emergency kind the guardrail saw on each turn (null when it did not fire). */
  emergencies: (string | null)[];
  /** The model's steps per turn (tool rounds + the answer). */
  steps: number[];
}

export interface PlayOptions {
  failing?: string[];
  maxSteps?: number;
  /** Minutes between resident messages (the clock moves on). */
  minutesPerTurn?: number;
}

export function scenarioFacts(scenario: ResidentScenario): ScenarioFacts {
  return { ...DEFAULT_SCENARIO_FACTS, language: scenario.language, ...scenario.facts };
}

const SAFETY_SENT = (kind: string) => `[engine] emergency ${kind}`;

export async function playScenario(
  model: ModelPort,
  scenario: ResidentScenario,
  options: PlayOptions = {},
): Promise<PlayResult> {
  const base = scenarioFacts(scenario);
  const tools = new FakeTools({ seed: base.openTickets, failing: options.failing, now: base.now });
  const messages: ModelMessage[] = [];
  const result: PlayResult = {
    replies: [],
    calls: [],
    tickets: tools.created,
    firstTicketTurn: null,
    turns: 0,
    emergencies: [],
    steps: [],
  };
  let emergency: TurnFacts['emergency'] = null;
  let callSeq = 0;

  const run = (turn: number, by: 'engine' | 'model', name: string, args: string): ToolOutcome => {
    const outcome = tools.run(name, args);
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(args) as Record<string, unknown>;
    } catch {
      // recorded as empty; the outcome says invalid_input
    }
    result.calls.push({ turn, by, name, args: parsed, ok: outcome.ok });
    return outcome;
  };
  const content = (o: ToolOutcome) => JSON.stringify(o.ok ? o.output : { error: o.error });
  const say = (turn: number, by: 'engine' | 'model', text: string) => {
    result.replies.push({ turn, by, text });
    messages.push({ role: 'assistant', content: text });
  };

  for (const [i, body] of scenario.turns.entries()) {
    const turn = i + 1;
    result.turns = turn;
    const now = new Date(Date.parse(base.now) + i * (options.minutesPerTurn ?? 2) * 60_000).toISOString();
    messages.push({ role: 'user', content: body });
    const language = base.language;

    // The engine's guardrail: before any model.
    const match = detectEmergency(body);
    result.emergencies.push(match?.kind ?? null);
    if (match) {
      emergency = { kind: match.kind, ticketCode: null };
      const replies = [match.safety[language]];
      if (base.participant === 'resident') {
        const existing = tools
          .openTickets()
          .find((t) => t.severity === 'emergency' && t.category === match.trade);
        if (existing) {
          emergency.ticketCode = existing.code;
        } else {
          const args = JSON.stringify({ description: body, category: match.trade, severity: 'emergency' });
          const id = `engine_${++callSeq}`;
          messages.push({
            role: 'assistant',
            content: null,
            toolCalls: [{ id, name: 'create_ticket', arguments: args }],
          });
          const outcome = run(turn, 'engine', 'create_ticket', args);
          messages.push({ role: 'tool', toolCallId: id, name: 'create_ticket', content: content(outcome) });
          if (outcome.ok) emergency.ticketCode = String(outcome.output.code);
        }
        replies.push(`${SAFETY_SENT(match.kind)} ticket ${emergency.ticketCode ?? 'none'}`);
      } else {
        replies.push(`${SAFETY_SENT(match.kind)}: address please`);
      }
      for (const r of replies) say(turn, 'engine', r);
      result.steps.push(0);
    } else {
      const facts: TurnFacts = {
        now,
        timeZone: base.timeZone,
        channel: base.channel,
        language,
        participant: base.participant,
        resident: base.resident,
        openTickets: tools.openTickets().map((t) => ({
          id: t.id,
          code: t.code,
          category: t.category,
          severity: t.severity,
          status: t.status,
          description: t.description,
          createdAt: t.created_at,
        })),
        emergency,
      };
      let steps = 0;
      let answered = false;
      while (steps < (options.maxSteps ?? 6)) {
        steps += 1;
        const response = await model.complete({ messages: [...messages], tools: [], facts });
        if (response.toolCalls.length === 0) {
          say(turn, 'model', response.content ?? '');
          answered = true;
          break;
        }
        messages.push({ role: 'assistant', content: response.content, toolCalls: response.toolCalls });
        for (const call of response.toolCalls) {
          const outcome = run(turn, 'model', call.name, call.arguments);
          messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: content(outcome) });
        }
      }
      if (!answered) say(turn, 'model', '[no answer: step limit]');
      result.steps.push(steps);
    }
    if (result.firstTicketTurn === null && tools.created.length > 0) result.firstTicketTurn = turn;
  }
  return result;
}
