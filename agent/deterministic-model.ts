// The deterministic intake model (`fixline-intake-v1`): a ModelPort with no network, the embedded
// default and the fallback when the provider fails. Stateless: each step re-reads the
// conversation (agent/deterministic-state.ts) and either calls tools or answers in text.
//
// What it does with the latest resident message, in order:
// 1. Tool results of this step → one reply (agent/deterministic-tool-replies.ts).
// 2. An unknown number cannot open tickets: ask for the building address, unit and problem; once
//    both are given, a person follows up (hand-off).
// 3. A person asked for → escalate_ticket on the newest open ticket, else hand-off.
// 4. "Cancel" → drop the intake in progress, else cancel_ticket on the ticket named (by code or
//    trade) or the newest one.
// 5. An emergency the engine has not ticketed yet → create_ticket now, severity emergency, no
//    questions. One it has → say the ticket is open (the engine already sent the safety advice).
// 6. "Any update?" (or "the sink is still leaking" about an open ticket) → get_ticket_status.
// 7. Intake, slot by slot, asking everything still missing in one message: the problem, its trade
//    when the lexicon cannot tell, the unit (not for the elevator), the availability window (not
//    for emergencies). Then one create_ticket per trade, in the same step: different trades need
//    different vendors, so "sink leaking and fridge warm" opens two tickets.
// A question asked twice without an answer is not asked a third time: without a problem a person
// takes over; without a unit or a window the ticket is opened anyway, with a note.
import { detectEmergency } from '../domain/emergency.ts';
import { type ProblemMatch } from '../domain/intake-lexicon.ts';
import { isTicketCode } from '../domain/ticket-code.ts';
import { toZonedIso } from '../domain/zoned-time.ts';
import type {
  ModelMessage,
  ModelPort,
  ModelRequest,
  ModelResponse,
  ModelToolCall,
  TurnFacts,
} from './model.ts';
import { readIntake, type IntakeState, type KnownTicket } from './deterministic-state.ts';
import { askDetails, HANDOFF_MARKER, proFor, questionsIn, texts } from './deterministic-texts.ts';
import { exchangesSinceLastUser, replyToTools } from './deterministic-tool-replies.ts';
import { decideForUnknown } from './deterministic-unknown.ts';

export { HANDOFF_MARKER, stripHandoff } from './deterministic-texts.ts';

const MAX_REPLY = 300;
const ONGOING = /\b(?:still|again|keeps|not fixed|sigue|siguen|todav[ií]a|otra vez|de nuevo|aún)\b/i;

interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}
type Decision = { reply: string } | { calls: PlannedCall[] };

export class DeterministicModel implements ModelPort {
  readonly kind = 'deterministic' as const;
  readonly model = 'fixline-intake-v1';

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const decision = decide(request.messages, request.facts);
    if ('calls' in decision) {
      const step = request.messages.length;
      const toolCalls: ModelToolCall[] = decision.calls.map((c, n) => ({
        id: `call_${step}_${n + 1}`,
        name: c.name,
        arguments: JSON.stringify(c.args),
      }));
      return { content: null, toolCalls, usage: null, model: this.model };
    }
    return { content: decision.reply, toolCalls: [], usage: null, model: this.model };
  }
}

export function decide(messages: ModelMessage[], facts: TurnFacts): Decision {
  const state = readIntake(messages, facts);
  const l = state.language;
  const exchanges = exchangesSinceLastUser(messages);
  if (exchanges.length > 0) return { reply: finish(replyToTools(exchanges, facts, l), state) };
  if (facts.participant === 'unknown' || !facts.resident)
    return { reply: finish(decideForUnknown(messages, facts, state), state) };
  const decision = decideForResident(messages, facts, state);
  return 'reply' in decision ? { reply: finish(decision.reply, state) } : decision;
}

/**
 * Keeps a reply within two SMS segments and quoting the ticket code once there is one — except
 * while asking about a new problem, where another ticket's code would read as this one's.
 */
function finish(reply: string, state: IntakeState): string {
  const handoff = reply.includes(HANDOFF_MARKER);
  let text = reply.replace(HANDOFF_MARKER, '').trim();
  const newest = state.tickets[0];
  const askingAboutNew = state.problems.length > 0 || state.freeText !== null;
  if (newest && !askingAboutNew && !state.tickets.some((t) => text.includes(t.code))) {
    const tagged = `${text} ${texts.withCode(state.language, newest.code)}`;
    if (tagged.length <= MAX_REPLY) text = tagged;
  }
  if (text.length > MAX_REPLY) text = `${text.slice(0, MAX_REPLY - 1).trimEnd()}…`;
  return handoff ? `${text} ${HANDOFF_MARKER}` : text;
}

function firstName(facts: TurnFacts): string | null {
  return facts.resident?.name.trim().split(/\s+/)[0] || null;
}

/** The ticket a message is about: a code it quotes, else one of the trade it names, else the newest. */
function ticketMeant(state: IntakeState): KnownTicket | null {
  const words: string[] = state.latest.toUpperCase().match(/\b[A-Z0-9]{4}\b/g) ?? [];
  const byCode = state.tickets.find((t) => words.includes(t.code) && isTicketCode(t.code));
  if (byCode) return byCode;
  const trades = state.latestProblems.map((p) => p.category);
  return state.tickets.find((t) => trades.some((trade) => trade === t.category)) ?? state.tickets[0] ?? null;
}

function decideForResident(messages: ModelMessage[], facts: TurnFacts, state: IntakeState): Decision {
  const l = state.language;
  const intents = state.latestIntents;
  const target = ticketMeant(state);
  const intakeActive = state.problems.length > 0 || state.freeText !== null;

  if (intents.includes('human')) {
    if (target) {
      const note = `Resident asked for a person: "${state.latest.slice(0, 200)}"`;
      return { calls: [{ name: 'escalate_ticket', args: { ticket: target.code, note } }] };
    }
    return { reply: texts.handoff(l, null) };
  }
  const openTrades = new Set(state.tickets.map((t) => t.category));
  const aboutOpenTicket =
    state.latestProblems.length > 0 && state.latestProblems.every((p) => openTrades.has(p.category));
  const quotesCode = target !== null && state.latest.toUpperCase().includes(target.code);
  // "Never mind" during an intake drops it, whatever else the message says.
  if (intents.includes('cancel') && intakeActive && !quotesCode) return { reply: texts.intakeDropped(l) };
  if (intents.includes('cancel') && (state.latestProblems.length === 0 || aboutOpenTicket || quotesCode)) {
    if (target)
      return {
        calls: [{ name: 'cancel_ticket', args: { ticket: target.code, reason: state.latest.slice(0, 200) } }],
      };
    return { reply: texts.nothingToCancel(l) };
  }

  const emergency = detectEmergency(state.latest);
  if (emergency) {
    const existing =
      state.tickets.find((t) => t.severity === 'emergency' && t.category === emergency.trade)?.code ??
      facts.emergency?.ticketCode ??
      null;
    if (existing) return { reply: texts.emergencyFollowUp(l, existing) };
    const args = { description: state.latest.trim(), category: emergency.trade, severity: 'emergency' };
    return { calls: [{ name: 'create_ticket', args }] };
  }

  const asksStatus = intents.includes('status') && (state.latestProblems.length === 0 || aboutOpenTicket);
  if (target && (asksStatus || (aboutOpenTicket && ONGOING.test(state.latest)))) {
    return { calls: [{ name: 'get_ticket_status', args: { ticket: target.code } }] };
  }
  if (!intakeActive && facts.emergency) {
    const code = facts.emergency.ticketCode ?? target?.code ?? null;
    return { reply: intents.includes('thanks') ? texts.thanks(l, code) : texts.emergencyFollowUp(l, code) };
  }
  const intake = decideIntake(messages, facts, state);
  if (asksStatus && 'reply' in intake && intakeActive)
    return { reply: `${texts.notOpenedYet(l)} ${intake.reply}` };
  if (asksStatus && !intakeActive && !target) return { reply: texts.noOpenTickets(l) };
  return intake;
}

function decideIntake(messages: ModelMessage[], facts: TurnFacts, state: IntakeState): Decision {
  const l = state.language;
  const intents = state.latestIntents;
  const newest = state.tickets[0] ?? null;
  const ownUnit = facts.resident?.unitLabel ?? null;
  const lastQuestions = questionsIn(lastAssistantText(messages));

  let problems = state.problems;
  if (problems.length === 0 && state.freeText !== null) {
    if (!state.categoryAnswer && state.asked.category === 0) return { reply: texts.askCategory(l) };
    problems = [unplacedProblem(state)];
  }
  if (problems.length === 0) {
    if (newest && intents.includes('greeting'))
      return { reply: texts.greetingWithTicket(l, firstName(facts), newest.code) };
    if (intents.includes('thanks') || (newest && (intents.includes('affirm') || intents.includes('deny')))) {
      return { reply: texts.thanks(l, newest?.code ?? null) };
    }
    // With a ticket open, a message that says nothing new gets the ticket, not an interrogation.
    const wantsNew =
      intents.includes('help') || /\b(?:new|another|else|nuev[oa]|otr[oa])\b/i.test(state.latest);
    if (newest && !wantsNew) return { reply: texts.anythingElse(l, newest.code) };
    // Asked twice and still no problem: a person takes over rather than asking a third time.
    if (state.asked.problem >= 2) return { reply: texts.handoff(l, null) };
    const unit = state.unit.status === 'confirmed' ? null : ownUnit;
    // Greet on a greeting or a first message, not in the middle of a conversation.
    const greet = intents.includes('greeting') || !messages.some((m) => m.role === 'assistant' && m.content);
    return { reply: texts.askProblem(l, firstName(facts), unit, state.asked.problem >= 1, greet) };
  }

  const emergency = problems.some((p) => p.severity === 'emergency');
  // The elevator and common areas need no one at home; a lock-out needs someone now.
  const common = problems.every((p) => p.category === 'elevator') || state.unit.commonArea !== null;
  const immediate = problems.every((p) => p.immediate);
  // Asked twice and the resident's latest message got us nowhere: stop asking, note it instead.
  const stuck = (q: 'unit' | 'window') => state.asked[q] >= 2 && !state.latestProgressed;
  const unitSettled = state.unit.status === 'confirmed' || common || emergency || stuck('unit');
  const windowSettled = emergency || common || immediate || state.window !== null || stuck('window');
  if (!unitSettled || !windowSettled) {
    const askUnit = !unitSettled;
    const askWindow = !windowSettled;
    const pendingAgain =
      (askUnit && lastQuestions.includes('unit')) || (askWindow && lastQuestions.includes('window'));
    // Something new (a problem, a yes or no, a unit) is progress: thank rather than apologise.
    const progressed = intents.includes('affirm') || intents.includes('deny') || state.latestUnitOrArea;
    const opening =
      state.latestProblems.length > 0 || !pendingAgain ? 'sorry' : progressed ? 'thanks' : 'again';
    const reply = askDetails(l, {
      labels: problems.map((p) => p.label[l]),
      unit: ownUnit,
      askUnit,
      unitDenied: state.unit.status === 'denied',
      askWindow,
      pro: proFor(
        problems.map((p) => p.category),
        l,
      ),
      opening,
    });
    return { reply };
  }
  // An emergency is opened at once, alone; other problems in the message get their questions next.
  const now = emergency ? problems.filter((p) => p.severity === 'emergency') : problems;
  return { calls: now.map((p) => createArgs(p, problems.length, facts, state)) };
}

function lastAssistantText(messages: ModelMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && m.content) return m.content;
  }
  return '';
}

function unplacedProblem(state: IntakeState): ProblemMatch {
  return {
    category: state.categoryAnswer ?? 'general',
    severity: 'routine',
    confidence: 0.4,
    description: state.freeText ?? '',
    label: { en: 'that', es: 'eso' },
    emergency: null,
    immediate: false,
  };
}

function createArgs(problem: ProblemMatch, count: number, facts: TurnFacts, state: IntakeState): PlannedCall {
  const whole = count === 1 && !state.droppedHandled;
  const description =
    (whole ? [...new Set(state.descriptions)].join(' / ') : problem.description) || problem.description;
  const args: Record<string, unknown> = {
    description: description.slice(0, 2000),
    category: problem.category,
    severity: problem.severity,
  };
  if (state.window && 'start' in state.window && problem.severity !== 'emergency') {
    args.window_start = toZonedIso(state.window.start, facts.timeZone);
    args.window_end = toZonedIso(state.window.end, facts.timeZone);
  }
  const notes = [...state.accessNotes];
  if (state.unit.note) notes.push(state.unit.note);
  if (
    state.unit.status !== 'confirmed' &&
    problem.category !== 'elevator' &&
    problem.severity !== 'emergency'
  ) {
    notes.push('Unit not confirmed by the resident.');
  }
  const needsWindow = problem.severity !== 'emergency' && !problem.immediate && !state.unit.commonArea;
  if (!state.window && needsWindow && problem.category !== 'elevator') {
    notes.push('No availability window given: call to arrange.');
  }
  const sentences = notes
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => (/[.!?]$/.test(n) ? n : `${n}.`));
  if (sentences.length > 0) args.access_notes = sentences.join(' ').slice(0, 500);
  return { name: 'create_ticket', args };
}
