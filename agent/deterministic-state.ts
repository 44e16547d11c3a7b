// How the deterministic intake model reads a conversation. It keeps no state between calls: every
// step re-reads the messages the engine sends (user, assistant, tool) and the turn facts.
// - An intake starts after the last finished one: a successful create_ticket or cancel_ticket
//   result, or a reply of ours that closed the conversation (hand-off, "I won't open a request").
// - The resident's messages since then fill the slots in order: problems (merged by trade; "actually
//   it's the dishwasher" replaces them), a description the lexicon cannot place, a trade named in
//   answer to our category question, the unit (named, confirmed with "yes", or implicitly confirmed
//   by answering a question that named it), the availability window, access notes.
// - Our own replies since then say which questions we asked and how often (QUESTION_PATTERNS).
import { parseAvailability, type Availability } from '../domain/availability.ts';
import {
  classifyProblems,
  detectIntents,
  languageScores,
  mentionsCommonArea,
  parseUnitMention,
  type Intent,
  type ProblemMatch,
} from '../domain/intake-lexicon.ts';
import { foldText } from '../domain/intake-text.ts';
import { compareSeverity, type Trade } from '../domain/trades.ts';
import type { ModelMessage, TurnFacts } from './model.ts';
import { CLOSING_PATTERN, questionsIn, type Language, type QuestionKey } from './deterministic-texts.ts';

export interface KnownTicket {
  code: string;
  category: string | null;
  severity: string | null;
  description: string;
  /** Position in time: later is larger. */
  order: number;
}

export interface UnitSlot {
  status: 'unknown' | 'confirmed' | 'denied';
  /** For the ticket's access notes: another unit or a common area the resident named. */
  note: string | null;
  /** A common area named ("hallway"): nobody needs to be home. */
  commonArea: string | null;
  /** Another unit the resident says the problem is in: not theirs to report (no ticket). */
  otherUnit: string | null;
}

export interface IntakeState {
  language: Language;
  latest: string;
  latestIntents: Intent[];
  /** Problems in the latest message only. */
  latestProblems: ProblemMatch[];
  /** The latest message named a unit or a common area. */
  latestUnitOrArea: boolean;
  problems: ProblemMatch[];
  /** A description the lexicon could not place, given in answer to "what's the problem?". */
  freeText: string | null;
  categoryAnswer: Trade | null;
  /** Resident messages of this intake that described the problem, oldest first. */
  descriptions: string[];
  unit: UnitSlot;
  window: Availability;
  accessNotes: string[];
  asked: Record<QuestionKey, number>;
  /** The latest resident message moved the intake on (a problem, yes/no, a unit, a window). */
  latestProgressed: boolean;
  /** An emergency already ticketed was dropped from the problems (describe the rest by clause). */
  droppedHandled: boolean;
  /** Open tickets, newest first. */
  tickets: KnownTicket[];
}

const CORRECTION =
  /\b(?:actually|i meant|i mean|sorry i meant|correction|not the \w+|en realidad|mejor dicho|quise decir|perdon es|me equivoque)\b/i;
const AVAILABILITY_CUE =
  /\b(?:available|free|home|around|come|came|stop by|any ?time|whenever|asap|disponible|en casa|venir|vengan|venga|pasar|after|before|between|btwn|despues|antes|entre|desde las|a las|at \d|cuando sea)\b|\d\s*(?:am|pm)\b|\d\s*-\s*\d/i;
const ACCESS =
  /\b(?:dogs?|cats?|pets?|perros?|gatos?|mascotas?|gate code|door code|code is|codigo|código|buzz (?:me|us|\d+)|call (?:me )?(?:first|before|when)|text (?:me )?(?:first|before)|llám\w* antes|llam\w* antes|key (?:is )?(?:with|under|at)|la llave (?:está|esta|con)|doorman|front desk|portero|conserje|knock|toque)\b/i;
const ANOTHER = /\b(?:also|too|another|plus|as well|new|tambien|otr[oa]|ademas)\b/;
const TRADE_WORDS: [RegExp, Trade][] = [
  [/plumb|plomer|agua|water|pipe|tuber/i, 'plumbing'],
  [/electri|power|luz|outlet|enchufe/i, 'electrical'],
  [/heat|hvac|\bac\b|a\/c|calefac|aire|cool/i, 'hvac'],
  [/appliance|electrodom|fridge|stove|washer|dryer|refri|estufa|lavadora/i, 'appliance'],
  [/lock|key|cerradur|llave|chapa/i, 'locksmith'],
  [/pest|bug|plaga|bicho|insect|roach|cucarach|mice|rat/i, 'pest'],
  [/elevat|elevador|ascensor/i, 'elevator'],
  [/other|else|general|otra|otro|no s[eé]|don'?t know|not sure|idk/i, 'general'],
];

function tradeNamed(text: string): Trade | null {
  return TRADE_WORDS.find(([re]) => re.test(text))?.[1] ?? null;
}

/**
 * Where the current intake begins: just after the last finished one. An emergency ticket leaves
 * its message in: it may name other problems too ("water pouring from the ceiling, and the fridge
 * is warm"); readIntake drops the emergency already ticketed.
 */
export function intakeStart(messages: ModelMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (
      m.role === 'tool' &&
      (m.name === 'create_ticket' || m.name === 'cancel_ticket') &&
      !isToolError(m.content)
    ) {
      if (m.name === 'create_ticket' && parseJson(m.content)?.severity === 'emergency') {
        const trigger = messages.slice(0, i).findLastIndex((x) => x.role === 'user');
        if (trigger >= 0) return trigger;
      }
      return i + 1;
    }
    if (m.role === 'assistant' && m.content && CLOSING_PATTERN.test(m.content)) return i + 1;
  }
  return 0;
}

export function parseJson(content: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(content);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function isToolError(content: string): boolean {
  const value = parseJson(content);
  return !value || 'error' in value;
}

/** The code a tool output names: `code`, or `ticket` when it is a code. */
export function codeOf(output: Record<string, unknown> | null): string | null {
  const code = output?.code ?? output?.ticket;
  return typeof code === 'string' ? code : null;
}

/** Open tickets: the engine's list plus those created in the visible history, minus cancellations. */
export function knownTickets(messages: ModelMessage[], facts: TurnFacts): KnownTicket[] {
  const tickets = new Map<string, KnownTicket>();
  [...facts.openTickets]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .forEach((t, i) => tickets.set(t.code.toUpperCase(), { ...t, code: t.code.toUpperCase(), order: i }));
  let order = tickets.size;
  for (const m of messages) {
    if (m.role !== 'tool' || isToolError(m.content)) continue;
    const output = parseJson(m.content);
    const code = codeOf(output)?.toUpperCase();
    if (!code) continue;
    if (m.name === 'create_ticket' && !tickets.has(code)) {
      tickets.set(code, {
        code,
        category: typeof output?.category === 'string' ? output.category : null,
        severity: typeof output?.severity === 'string' ? output.severity : null,
        description: typeof output?.description === 'string' ? output.description : '',
        order: order++,
      });
    }
    if (m.name === 'cancel_ticket') tickets.delete(code);
  }
  return [...tickets.values()].sort((a, b) => b.order - a.order);
}

function conversationLanguage(users: string[], fallback: Language): Language {
  for (let i = users.length - 1; i >= 0; i--) {
    const { en, es } = languageScores(users[i]!);
    if (es > en) return 'es';
    if (en > es) return 'en';
  }
  return fallback;
}

function mergeProblems(current: ProblemMatch[], found: ProblemMatch[]): ProblemMatch[] {
  const byTrade = new Map(current.map((p) => [p.category, p]));
  for (const p of found) {
    const before = byTrade.get(p.category);
    if (!before) byTrade.set(p.category, p);
    else if (compareSeverity(p.severity, before.severity) > 0 || p.confidence > before.confidence) {
      byTrade.set(p.category, { ...p, description: `${before.description}. ${p.description}` });
    }
  }
  return [...byTrade.values()].sort(
    (a, b) => compareSeverity(b.severity, a.severity) || b.confidence - a.confidence,
  );
}

export function readIntake(messages: ModelMessage[], facts: TurnFacts): IntakeState {
  const start = intakeStart(messages);
  const now = new Date(facts.now);
  const users = messages
    .filter((m): m is { role: 'user'; content: string } => m.role === 'user')
    .map((m) => m.content);
  const language = conversationLanguage(users, facts.language);
  const ownUnit = facts.resident?.unitLabel?.toUpperCase() ?? null;
  const state: IntakeState = {
    language,
    latest: users.at(-1) ?? '',
    latestIntents: detectIntents(users.at(-1) ?? ''),
    latestProblems: classifyProblems(users.at(-1) ?? ''),
    latestUnitOrArea:
      parseUnitMention(users.at(-1) ?? '', { bare: true }) !== null ||
      mentionsCommonArea(users.at(-1) ?? '') !== null,
    problems: [],
    freeText: null,
    categoryAnswer: null,
    descriptions: [],
    unit: { status: 'unknown', note: null, commonArea: null, otherUnit: null },
    window: null,
    accessNotes: [],
    asked: { problem: 0, category: 0, unit: 0, window: 0, address: 0, cancel: 0 },
    latestProgressed: false,
    droppedHandled: false,
    tickets: knownTickets(messages, facts),
  };
  let pending: QuestionKey[] = [];
  let pendingNamedUnit = false;
  for (const m of messages.slice(start)) {
    if (m.role === 'assistant' && m.content) {
      pending = questionsIn(m.content);
      pendingNamedUnit = Boolean(ownUnit && m.content.includes(`${ownUnit}`));
      for (const q of pending) state.asked[q] += 1;
      continue;
    }
    if (m.role !== 'user') continue;
    state.latestProgressed = readAnswer(state, m.content, pending, pendingNamedUnit, {
      now,
      timeZone: facts.timeZone,
      ownUnit,
    });
    pending = [];
    pendingNamedUnit = false;
  }
  // Emergencies already ticketed (by the engine's guardrail or an earlier step) are done.
  const handled = (p: ProblemMatch) =>
    p.severity === 'emergency' &&
    (state.tickets.some((t) => t.severity === 'emergency' && t.category === p.category) ||
      p.emergency === facts.emergency?.kind);
  state.droppedHandled = state.problems.some(handled);
  state.problems = state.problems.filter((p) => !handled(p));
  state.latestProblems = state.latestProblems.filter((p) => !handled(p));
  if (state.problems.length === 0 && state.freeText === null) state.descriptions = [];
  return state;
}

interface ReadContext {
  now: Date;
  timeZone: string;
  ownUnit: string | null;
}

/** Reads one resident message into the slots; true when it moved the intake on. */
function readAnswer(
  state: IntakeState,
  text: string,
  pending: QuestionKey[],
  namedUnit: boolean,
  ctx: ReadContext,
): boolean {
  const snapshot = () =>
    JSON.stringify([state.problems, state.freeText, state.categoryAnswer, state.unit, state.window]);
  const before = snapshot();
  const intents = detectIntents(text);
  // Access details ("our dog is home", "gate code 1234") are notes, not problems.
  const problemText = text
    .split(/(?<=[.!?;\n])\s*/)
    .filter((clause) => !ACCESS.test(clause) || classifyProblems(clause).some((p) => p.confidence >= 0.8))
    .join(' ');
  // A thing named in passing ("I'm outside the door now") while a problem is already reported or
  // a ticket is open is context, not another problem — unless the resident says it is one more.
  const found = classifyProblems(problemText || text);
  const weak = found.length > 0 && found.every((p) => p.confidence <= 0.5);
  const settled = state.problems.length > 0 || state.tickets.length > 0;
  const problems = weak && settled && !ANOTHER.test(foldText(text)) ? [] : found;
  const onlyIntents = intents.some((i) => ['status', 'cancel', 'human', 'thanks'].includes(i));
  if (problems.length > 0) {
    const replace = CORRECTION.test(text) && state.problems.length > 0;
    state.problems = replace ? problems : mergeProblems(state.problems, problems);
    if (replace) state.descriptions = [];
    state.descriptions.push(text.trim());
  } else if (pending.includes('category')) {
    state.categoryAnswer = tradeNamed(text) ?? 'general';
  } else if (pending.includes('problem') && !onlyIntents && isDescription(text, intents)) {
    state.freeText = text.trim();
    state.descriptions.push(text.trim());
  }

  const label = parseUnitMention(text, { bare: pending.includes('unit') });
  const area = mentionsCommonArea(text);
  if (area && (state.unit.status !== 'confirmed' || pending.includes('unit') || label)) {
    state.unit = { status: 'confirmed', note: `Common area: ${area}.`, commonArea: area, otherUnit: null };
  } else if (label) {
    const otherUnit = ctx.ownUnit && label !== ctx.ownUnit ? label : null;
    state.unit = { status: 'confirmed', note: null, commonArea: null, otherUnit };
  } else if (pending.includes('unit') || namedUnit) {
    if (intents.includes('deny'))
      state.unit = { status: 'denied', note: null, commonArea: null, otherUnit: null };
    else if (intents.includes('affirm') || (namedUnit && state.unit.status === 'unknown' && !onlyIntents)) {
      // Answering a question that named their unit without correcting it confirms it.
      state.unit = { ...state.unit, status: 'confirmed' };
    }
  }

  const describes = problems.length > 0;
  if (pending.includes('window') || !describes || AVAILABILITY_CUE.test(text)) {
    const window = parseAvailability(text, {
      now: ctx.now,
      timeZone: ctx.timeZone,
      language: state.language,
    });
    if (window) state.window = window;
  }
  for (const clause of text.split(/[.!?;\n]+/)) {
    if (ACCESS.test(clause) && !state.accessNotes.includes(clause.trim()))
      state.accessNotes.push(clause.trim());
  }
  return snapshot() !== before || intents.includes('affirm') || intents.includes('deny');
}

// "hi", "help", "I have a problem" are not descriptions; "the thing under the stairs is weird" is.
function isDescription(text: string, intents: Intent[]): boolean {
  if (intents.includes('affirm') || intents.includes('deny')) return false;
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return false;
  const greetingOrHelp = intents.includes('greeting') || intents.includes('help');
  return !(greetingOrHelp && words.length <= 6);
}
