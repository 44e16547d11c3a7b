// The intake lexicon: what a resident's message is about, without a model. Classifies problem
// descriptions into trade and severity (English, Spanish, typos, shorthand), finds several
// problems in one message, and re-exports the other readers of resident text (language, intents,
// unit mentions) so the agent and the triage worker import one module.
//
// How a message is read:
// 1. It is cut into clauses ("the sink leaks. also the fridge is warm" is two), each prepared
//    (domain/intake-text.ts). A clause that says the problem is over ("now fixed") is skipped.
// 2. In each clause: complete problems (PROBLEMS), then symptoms attached to the objects named
//    beside them (a leak next to the fridge is the fridge's; a leak alone is plumbing), then
//    objects alone if the clause said nothing else. Negated evidence ("no leak") is dropped.
// 3. The emergency detector runs on every clause and on the whole message; an emergency makes its
//    trade's problem an emergency.
// 4. Problems are merged per trade (one vendor each): the highest severity wins, confidence grows
//    a little with each extra piece of evidence. The list is sorted most severe first.
// Severity is what the problem implies (no heat, no hot water, a clogged toilet, a lock-out are
// urgent), not how the resident feels about it — but a leak that "won't stop" is urgent.
import { detectEmergency, type EmergencyKind } from './emergency.ts';
import { detectIntents } from './intake-intents.ts';
import { OBJECTS } from './intake-objects.ts';
import { HEAT_WAVE, INTENSIFIER, PRAISE, PROBLEMS, SYMPTOMS, type Label } from './intake-trade-rules.ts';
import { isNegatedAt, prepareText, splitClauses } from './intake-text.ts';
import { compareSeverity, type Severity, type Trade } from './trades.ts';

export { detectLanguage, languageScores } from './intake-language.ts';
export { detectIntents, type Intent } from './intake-intents.ts';
export { parseUnitMention, mentionsCommonArea } from './unit-mention.ts';
export type { Label } from './intake-trade-rules.ts';

export interface ProblemMatch {
  category: Trade;
  severity: Severity;
  /** 0..1: how sure the lexicon is about the trade. */
  confidence: number;
  /** The resident's own words about this problem (the clauses that named it). */
  description: string;
  /** A short name for replies: "the leak" / "la fuga". */
  label: Label;
  emergency: EmergencyKind | null;
  /** Needs someone now whatever the resident's schedule (a lock-out). */
  immediate: boolean;
}

export interface ProblemClassification {
  category: Trade;
  severity: Severity;
  confidence: number;
}

interface Evidence {
  trade: Trade;
  severity: Severity;
  confidence: number;
  label: Label;
  emergency: EmergencyKind | null;
  immediate?: boolean;
}

const RESOLVED_CLAUSE =
  /\b(?:now fixed|fixed now|(?:was|got|been|is|its|already) fixed|fixed it|resolved|ya se arreglo|se arreglo|ya (?:lo|la) arreglaron|ya esta arreglad[oa]|ya no)\b/;
const EMERGENCY_LABEL: Label = { en: 'the emergency', es: 'la emergencia' };

interface Found {
  index: number;
  trade: Trade;
  label: Label;
}

interface Span {
  start: number;
  end: number;
}

function matchesIn(text: string, pattern: RegExp): Span[] {
  return [...text.matchAll(pattern)]
    .map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }))
    .filter((span) => !isNegatedAt(text, span.start));
}

const inside = (index: number, spans: Span[]) => spans.some((s) => index >= s.start && index < s.end);

function evidenceInClause(clause: string, message: string): Evidence[] {
  const out: Evidence[] = [];
  const intense = INTENSIFIER.test(clause);
  // Words a complete problem already explains are not evidence of anything else ("la puerta no
  // cierra" is a lock problem, not also a door problem).
  const explained: Span[] = [];
  for (const rule of PROBLEMS) {
    const spans = rule.unless?.test(clause) ? [] : matchesIn(clause, rule.pattern);
    if (spans.length === 0) continue;
    explained.push(...spans);
    let severity = rule.severity;
    if (rule.trade === 'hvac' && rule.severity === 'routine' && HEAT_WAVE.test(message)) severity = 'urgent';
    const confidence = rule.confidence ?? 0.9;
    out.push({
      trade: rule.trade,
      severity,
      confidence,
      label: rule.label,
      emergency: null,
      immediate: rule.immediate,
    });
  }
  const objects: Found[] = OBJECTS.flatMap((o) =>
    matchesIn(clause, o.pattern)
      .filter((span) => !inside(span.start, explained))
      .map((span) => ({ index: span.start, trade: o.trade, label: o.label })),
  );
  const used = new Set<Found>();
  for (const symptom of SYMPTOMS) {
    for (const span of matchesIn(clause, symptom.pattern)) {
      const index = span.start;
      if (inside(index, explained)) continue;
      // "won't drain" names a drain but is a symptom, not an object.
      const eligible = objects.filter(
        (o) => !inside(o.index, [span]) && (!symptom.appliesTo || symptom.appliesTo.includes(o.trade)),
      );
      // Prefer the trade the symptom usually means, then the nearest object.
      const preferred = eligible.filter((o) => o.trade === symptom.alone);
      const pool = preferred.length > 0 ? preferred : eligible;
      const object = pool.sort((a, b) => Math.abs(a.index - index) - Math.abs(b.index - index))[0];
      const severity: Severity = intense ? 'urgent' : 'routine';
      if (object) {
        used.add(object);
        const objectSeverity = object.trade === 'pest' || object.trade === 'general' ? 'routine' : severity;
        const named = symptom.label ?? object.label;
        out.push({
          trade: object.trade,
          severity: objectSeverity,
          confidence: 0.8,
          label: named,
          emergency: null,
        });
      } else if (symptom.alone) {
        const named = symptom.label ?? { en: 'the problem', es: 'el problema' };
        out.push({ trade: symptom.alone, severity, confidence: 0.7, label: named, emergency: null });
      }
    }
  }
  if (out.length === 0 && !PRAISE.test(clause)) {
    for (const object of objects) {
      if (!used.has(object)) {
        out.push({
          trade: object.trade,
          severity: 'routine',
          confidence: 0.5,
          label: object.label,
          emergency: null,
        });
      }
    }
  }
  return out;
}

function emergencyEvidence(text: string): Evidence | null {
  const match = detectEmergency(text);
  if (!match) return null;
  return {
    trade: match.trade,
    severity: 'emergency',
    confidence: 0.95,
    label: EMERGENCY_LABEL,
    emergency: match.kind,
  };
}

interface Merged extends Evidence {
  clauses: string[];
  order: number;
  pieces: number;
}

/** Every problem a message describes, one per trade, most severe (then most certain) first. */
export function classifyProblems(text: string): ProblemMatch[] {
  const merged = new Map<Trade, Merged>();
  const add = (evidence: Evidence, clause: string, order: number) => {
    const current = merged.get(evidence.trade);
    if (!current) {
      merged.set(evidence.trade, { ...evidence, clauses: [clause], order, pieces: 1 });
      return;
    }
    if (!current.clauses.includes(clause)) current.clauses.push(clause);
    current.pieces += 1;
    const stronger =
      compareSeverity(evidence.severity, current.severity) > 0 ||
      (evidence.severity === current.severity && evidence.confidence > current.confidence);
    if (stronger) {
      current.severity = evidence.severity;
      current.label = evidence.label;
      current.emergency = evidence.emergency ?? current.emergency;
    }
    current.confidence = Math.min(0.98, Math.max(current.confidence, evidence.confidence) + 0.03);
    current.immediate = current.immediate || evidence.immediate;
  };

  const message = prepareText(text);
  const clauses = splitClauses(text);
  const prepared = clauses.map(prepareText);
  // "the sink was leaking, but it's fixed now": a short resolution right after a clause closes it.
  const closedByNext = (i: number) =>
    RESOLVED_CLAUSE.test(prepared[i + 1] ?? '') && (prepared[i + 1] ?? '').split(' ').length <= 5;
  // The whole message decides whether there is an emergency at all: a clause alone misses a
  // retraction ("I smell gas... just kidding") or a resolution ("was sparking, but it stopped").
  const whole = emergencyEvidence(text);
  clauses.forEach((clause, order) => {
    if (RESOLVED_CLAUSE.test(prepared[order]!) || closedByNext(order)) return;
    // A clause that describes an emergency is about that emergency only ("co alarm beeping" is
    // not also a smoke-detector repair).
    const emergency = whole ? emergencyEvidence(clause) : null;
    if (emergency) add(emergency, clause, order);
    else for (const evidence of evidenceInClause(prepared[order]!, message)) add(evidence, clause, order);
  });
  // Some emergencies only show across clauses ("no heat. it's freezing").
  if (whole && merged.get(whole.trade)?.severity !== 'emergency') add(whole, text.trim(), 0);

  return [...merged.values()]
    .sort(
      (a, b) => compareSeverity(b.severity, a.severity) || b.confidence - a.confidence || a.order - b.order,
    )
    .map((m) => ({
      category: m.trade,
      severity: m.severity,
      confidence: Math.round(m.confidence * 100) / 100,
      description:
        merged.size === 1 ? text.trim() : m.clauses.map((c) => c.replace(/[\s,;:]+$/, '')).join('. '),
      label: m.label,
      emergency: m.emergency,
      immediate: Boolean(m.immediate),
    }));
}

/**
 * The main problem of a description: trade, severity and confidence, or null when the text names
 * no maintenance problem. Used by the triage worker for tickets created without a category.
 */
export function classifyProblem(text: string): ProblemClassification | null {
  const top = classifyProblems(text)[0];
  return top ? { category: top.category, severity: top.severity, confidence: top.confidence } : null;
}

const ASKS_SOMETHING = new Set(['status', 'cancel', 'human', 'thanks', 'affirm', 'deny']);

/**
 * A message that wants help but names no problem: "hi", "help", "I have a problem", "something
 * in the kitchen". Status questions, cancellations, thanks and yes/no answers are not vague.
 */
export function isVague(text: string): boolean {
  if (classifyProblems(text).length > 0) return false;
  return !detectIntents(text).some((intent) => ASKS_SOMETHING.has(intent));
}
