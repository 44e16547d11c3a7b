// What the deterministic intake model does about tickets that already exist: which one a message
// means, asking for a person, cancelling (asking which one when several are open), and follow-ups
// — a status question, a code quoted on its own, or a complaint about an open ticket's problem
// ("my heat has been broken for 3 days and nobody came"), which an angry resident also escalates.
import { foldText, prepareText, wordsOf } from '../domain/intake-text.ts';
import { isTicketCode } from '../domain/ticket-code.ts';
import type { IntakeState, KnownTicket } from './deterministic-state.ts';
import { texts, type QuestionKey } from './deterministic-texts.ts';

export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}
export type Decision = { reply: string } | { calls: PlannedCall[] };

/** Still broken, again, or waited on: the resident is following up, not reporting. */
export const ONGOING =
  /\b(?:still|again|keeps|not fixed|(?:for|in) (?:\d+|a|one|two|three|four|five|several|a few|many) (?:days?|weeks?)|(?:nobody|no one|noone|nobodys|no ones) (?:came|come|has come|showed|has shown|is coming|called)|never (?:came|showed|called)|(?:second|third|2nd|3rd|\d+th) time|already (?:reported|told|texted|called|asked)|sigue|siguen|todavia|otra vez|de nuevo|aun|hace (?:\d+|dos|tres|varios) (?:dias|semanas)|nadie (?:vino|ha venido|viene|llamo))\b/;
/** Anger or a threat: a person should look at it, not only the bot. */
const ANGRY =
  /\b(?:(?:second|third|2nd|3rd|\d+th) time|nobody came|no one came|ridiculous|unacceptable|lawyer|attorney|sue|suing|lawsuit|withhold\w* (?:my |the )?rent|rent strike|housing (?:authority|court)|code enforcement|city inspector|fed up|sick of|furious|abogado|demanda\w*|inaceptable|ridiculo|harto|harta)\b/;
const BOTH = /\b(?:both|all|all of them|both of them|las dos|los dos|ambas|ambos|todas|todos)\b/;
// Words that say nothing about which ticket ("the one about the…").
const FILLER = new Set(
  'the one about that this with from please cancel ticket request order orden solicitud sobre para esta este'.split(
    ' ',
  ),
);

/** Open tickets the latest message names: by code, else by trade, else by words of their description. */
export function ticketsNamed(state: IntakeState): KnownTicket[] {
  const words: string[] = state.latest.toUpperCase().match(/\b[A-Z0-9]{4}\b/g) ?? [];
  const byCode = state.tickets.filter((t) => words.includes(t.code) && isTicketCode(t.code));
  if (byCode.length > 0) return byCode;
  const trades = new Set<string>(state.latestProblems.map((p) => p.category));
  const byTrade = state.tickets.filter((t) => t.category !== null && trades.has(t.category));
  if (byTrade.length > 0) return byTrade;
  const said = new Set(wordsOf(prepareText(state.latest)).filter((w) => w.length >= 4 && !FILLER.has(w)));
  if (said.size === 0) return [];
  return state.tickets.filter((t) => wordsOf(prepareText(t.description)).some((w) => said.has(w)));
}

/** The ticket a message is about: the one it names, else the newest. */
export function ticketMeant(state: IntakeState): KnownTicket | null {
  return ticketsNamed(state)[0] ?? state.tickets[0] ?? null;
}

function quotesCode(state: IntakeState): boolean {
  const upper = state.latest.toUpperCase();
  return state.tickets.some((t) => new RegExp(`\\b${t.code}\\b`).test(upper));
}

/** The latest message names problems, and every one of them is an open ticket's trade. */
export function aboutOpenTicket(state: IntakeState): boolean {
  const open = new Set(state.tickets.map((t) => t.category));
  return state.latestProblems.length > 0 && state.latestProblems.every((p) => open.has(p.category));
}

const cancelCalls = (tickets: KnownTicket[], reason: string): Decision => ({
  calls: tickets.map((t) => ({
    name: 'cancel_ticket',
    args: { ticket: t.code, reason: reason.slice(0, 200) },
  })),
});

/**
 * A person asked for, a cancellation, or the answer to "which one should I cancel?"; null when
 * the message is none of these. `intakeActive`: a new problem is being reported.
 */
export function decideTicketAction(
  state: IntakeState,
  lastQuestions: QuestionKey[],
  intakeActive: boolean,
): Decision | null {
  const l = state.language;
  const intents = state.latestIntents;
  if (intents.includes('human')) {
    const target = ticketMeant(state);
    if (target) {
      const note = `Resident asked for a person: "${state.latest.slice(0, 200)}"`;
      return { calls: [{ name: 'escalate_ticket', args: { ticket: target.code, note } }] };
    }
    return { reply: texts.handoff(l, null) };
  }
  const named = ticketsNamed(state);
  if (lastQuestions.includes('cancel') && state.tickets.length > 0) {
    if (BOTH.test(foldText(state.latest))) return cancelCalls(state.tickets, state.latest);
    if (named.length === 1) return cancelCalls(named, state.latest);
    if (named.length > 1) return { reply: texts.cancelWhich(l, named) };
    const keep = /\b(?:never ?mind|nvm|forget (?:it|about it)|none|neither|ninguna|ninguno|olvidalo)\b/;
    if (intents.includes('deny') || keep.test(foldText(state.latest)))
      return { reply: texts.nothingCancelled(l) };
  }
  if (!intents.includes('cancel')) return null;
  if (quotesCode(state)) return cancelCalls(named.slice(0, 1), state.latest);
  // "Never mind" while a new problem is being reported drops that report.
  const aboutOpen = aboutOpenTicket(state);
  if (intakeActive && !aboutOpen) return { reply: texts.intakeDropped(l) };
  const candidates = aboutOpen || named.length > 0 ? named : state.tickets;
  if (candidates.length === 0) return { reply: texts.nothingToCancel(l) };
  if (candidates.length === 1) return cancelCalls(candidates, state.latest);
  return { reply: texts.cancelWhich(l, candidates) };
}

/** Caps lock: most letters upper case, and enough of them to mean it. */
function shouting(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '');
  return letters.length >= 12 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.6;
}

/**
 * A follow-up on an open ticket: get_ticket_status (and escalate_ticket when the resident is
 * angry), or null when the message is not about an open ticket.
 */
export function decideFollowUp(state: IntakeState): Decision | null {
  const intents = state.latestIntents;
  const aboutOpen = aboutOpenTicket(state);
  const noProblem = state.latestProblems.length === 0;
  const asksStatus = intents.includes('status') && (noProblem || aboutOpen);
  // A code sent with nothing else to do: the resident wants to know about that ticket.
  const codeAlone = quotesCode(state) && noProblem && !intents.includes('offlimits');
  const folded = prepareText(state.latest);
  const complaint = aboutOpen && (ONGOING.test(folded) || ANGRY.test(folded));
  if (!asksStatus && !codeAlone && !complaint) return null;
  const target = ticketMeant(state);
  if (!target) return null;
  const calls: PlannedCall[] = [{ name: 'get_ticket_status', args: { ticket: target.code } }];
  if (ANGRY.test(folded) || shouting(state.latest)) {
    const note = `Resident is upset about this ticket: "${state.latest.slice(0, 200)}"`;
    calls.push({ name: 'escalate_ticket', args: { ticket: target.code, note } });
  }
  return { calls };
}
