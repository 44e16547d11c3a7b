// The deterministic intake model (`fixline-intake-v1`): a ModelPort with no network, the embedded
// default and the fallback when the provider fails. Stateless: each step re-reads the
// conversation (agent/deterministic-state.ts) and either calls tools or answers in text.
//
// What it does with the latest resident message, in order:
// 1. Tool results of this step → one reply (agent/deterministic-tool-replies.ts).
// 2. An unknown number cannot open tickets: ask for the building address, unit and problem; once
//    both are given, a person follows up (hand-off).
// 3. Existing tickets (agent/deterministic-tickets.ts): a person asked for → escalate_ticket on the
//    ticket meant, else hand-off. "Cancel" → drop the intake in progress, else cancel_ticket on
//    the ticket named (by code, trade or description), or the only one open; with several open,
//    ask which (quoting codes) and cancel the one the answer names.
// 4. An emergency the engine has not ticketed yet → create_ticket now, severity emergency, no
//    questions. One it has → say the ticket is open (the engine already sent the safety advice).
// 5. A follow-up on an open ticket — "any update?", a code alone, "the sink is still leaking",
//    "heat broken 3 days and nobody came" → get_ticket_status; an angry one also escalate_ticket.
// 6. Not a repair in the resident's unit → a short answer, no intake: a problem in another unit
//    (only the resident's own unit can be ticketed), other people's data or the rules, a question
//    about the building.
// 7. Intake, slot by slot, asking everything still missing in one message: the problem, its trade
//    when the lexicon cannot tell, the availability window (not for emergencies, lock-outs, the
//    elevator or common areas). The unit comes from the resident's record and is asked only when
//    they say it is not theirs; the confirmation names it, so a wrong one is noticed. Then one
//    create_ticket per trade, in the same step: different trades need different vendors, so
//    "sink leaking and fridge warm" opens two tickets.
// A question asked twice without an answer is not asked a third time: without a problem a person
// takes over; without a unit or a window the ticket is opened anyway, with a note.
import { detectEmergency, emergencyAskedAbout } from '../domain/emergency.ts';
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
import { readIntake, type IntakeState } from './deterministic-state.ts';
import { askDetails, HANDOFF_MARKER, proFor, questionsIn, texts } from './deterministic-texts.ts';
import { exchangesSinceLastUser, replyToTools } from './deterministic-tool-replies.ts';
import { decideForUnknown } from './deterministic-unknown.ts';
import {
  decideFollowUp,
  decideTicketAction,
  ticketMeant,
  type Decision,
  type PlannedCall,
} from './deterministic-tickets.ts';

export { HANDOFF_MARKER, stripHandoff } from './deterministic-texts.ts';

const MAX_REPLY = 300;

export class DeterministicModel implements ModelPort {
  readonly kind = 'deterministic' as const;
  readonly model = 'fixline-intake-v1';

  async complete(request: ModelRequest): Promise<ModelResponse> {
    // Classifications (triage, vendor replies) have their own deterministic rules, not this model.
    if (!request.facts) throw new Error('the deterministic intake model only answers conversation turns');
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
  // A reply that already quotes a code (one just cancelled, say) needs no other.
  const quotes = (text.match(/\b[A-Z0-9]{4}\b/g) ?? []).some((w) => isTicketCode(w) && /\d/.test(w));
  if (newest && !askingAboutNew && !quotes && !state.tickets.some((t) => text.includes(t.code))) {
    const tagged = `${text} ${texts.withCode(state.language, newest.code)}`;
    if (tagged.length <= MAX_REPLY) text = tagged;
  }
  if (text.length > MAX_REPLY) text = `${text.slice(0, MAX_REPLY - 1).trimEnd()}…`;
  return handoff ? `${text} ${HANDOFF_MARKER}` : text;
}

function firstName(facts: TurnFacts): string | null {
  return facts.resident?.name.trim().split(/\s+/)[0] || null;
}

function decideForResident(messages: ModelMessage[], facts: TurnFacts, state: IntakeState): Decision {
  const l = state.language;
  const intents = state.latestIntents;
  const intakeActive = state.problems.length > 0 || state.freeText !== null;
  const lastQuestions = questionsIn(lastAssistantText(messages));

  const action = decideTicketAction(state, lastQuestions, intakeActive);
  if (action) return action;

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

  const followUp = decideFollowUp(state);
  if (followUp) return followUp;
  const target = ticketMeant(state);
  if (!intakeActive && facts.emergency) {
    const code = facts.emergency.ticketCode ?? target?.code ?? null;
    return { reply: intents.includes('thanks') ? texts.thanks(l, code) : texts.emergencyFollowUp(l, code) };
  }
  // Not a repair: other people's data or the rules, a problem in someone else's unit, a question
  // about the building. A short answer, not an intake.
  const ownUnit = facts.resident?.unitLabel ?? null;
  const other = state.unit.otherUnit;
  if (other && !state.unit.commonArea) return { reply: texts.otherUnit(l, ownUnit, other) };
  const noProblem = state.latestProblems.length === 0;
  if (intents.includes('offlimits') && noProblem) return { reply: texts.offLimits(l, ownUnit) };
  // A question to us ("did you get my message?", "can you help?") is not about the building.
  const toUs =
    /\b(?:you|u|my (?:message|text|request|ticket)|usted|ustedes|mi (?:mensaje|solicitud|orden))\b/i;
  const chat = (['help', 'greeting', 'thanks', 'status'] as const).some((i) => intents.includes(i));
  if (intents.includes('question') && noProblem && !intakeActive && !chat && !toUs.test(state.latest)) {
    // "What should I do if I smell gas?" gets the safety advice itself.
    const asked = emergencyAskedAbout(state.latest);
    return { reply: asked ? texts.ifItHappens(l, asked.safety[l]) : texts.notARepair(l) };
  }

  const asksStatus = intents.includes('status');
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
  // The unit comes from the resident's record: asked only when they said it is not theirs.
  const unitSettled = state.unit.status !== 'denied' || common || emergency || stuck('unit');
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
  // An emergency or a lock-out needs someone now, whatever the resident said about their day.
  if (state.window && 'start' in state.window && problem.severity !== 'emergency' && !problem.immediate) {
    args.window_start = toZonedIso(state.window.start, facts.timeZone);
    args.window_end = toZonedIso(state.window.end, facts.timeZone);
  }
  const notes = [...state.accessNotes];
  if (state.unit.note) notes.push(state.unit.note);
  if (state.unit.status === 'denied' && problem.category !== 'elevator') {
    notes.push('Resident said it is not in their unit; the place is unclear.');
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
