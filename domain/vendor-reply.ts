// What a vendor meant by an SMS reply to a job offer: accept, decline or unknown, plus the ticket
// code if the text quotes one. Pure and deterministic: the booking engine decides what to do with
// the result (book, move on, or ask again), this module only reads the text.
//
// Rules, in the order they apply:
// 1. Normalising: emoji 👍 👌 ✅ ✔ read as yes, 👎 ❌ ✖ 🚫 ⛔ as no; accents are dropped (sí → si);
//    case, apostrophes (can't → cant), repeated letters (yesss → yes) and extra whitespace do not
//    matter. Punctuation and "but"/"pero"/"though"/"aunque" split the text into clauses.
// 2. Codes: a word is a ticket code only if it has the ticket-code format (domain/ticket-code.ts:
//    4 characters, no 0/O/1/I/L) and is not a word we know ("SURE", "BUSY", "PASS", "HVAC" all fit
//    the format). A code may be glued to yes/no/si/ok when it has a digit ("yesK7Q2"). Two
//    different codes in one reply are ambiguous: the result is unknown with no code, so a reply
//    can never book the wrong job.
// 3. Phrases are matched longest first, so "no problem", "no worries", "not a problem" and
//    "no hay problema" are acceptances, "not sure", "no sé", "maybe", "who is this" are hedges, and
//    "claro que no" is a refusal even though "claro" alone accepts.
// 4. Negation beats the affirmative it governs: an acceptance preceded in the same clause (up to
//    three words back) by not/don't/can't/cannot/won't/never/unable, or directly by "no"
//    ("no lo tomo", "no acepto"), counts as a refusal: "I can't take it" declines.
//    "not"/"never" right before a refusal cancel it ("not busy" is neither).
// 5. A signal followed directly by "?" is a question ("yes?", "ok?"): it counts as a hedge.
// 6. Single letters (y, n, k) count only when they are the whole reply: Spanish "y" means "and".
// 7. Decision: any hedge → unknown; acceptance and refusal together ("yes but not today") →
//    unknown; otherwise the one kind found; nothing found ("what job?", "STOP") → unknown.
import { isTicketCode, newTicketCode } from './ticket-code.ts';

export type ReplyIntent = 'accept' | 'decline' | 'unknown';
export interface VendorReply {
  intent: ReplyIntent;
  code?: string;
}

type Kind = 'accept' | 'decline' | 'hedge';

// Phrases are written comma-separated, in normalised form (no accents, no apostrophes).
function list(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

const ACCEPT = list(`
  yes, yeah, yea, yep, yup, yess, yessir, ok, okay, okey, okie, kk, sure, sure thing, absolutely,
  definitely, certainly, accept, accepted, confirm, confirmed, affirmative, roger, alright,
  all right, deal, of course, on my way, on the way, omw, on it, im on it, will do, can do, i can,
  i will, i can do it, ill do it, take it, be there, sounds good, count me in, im in, im free,
  available, im available, no problem, no prob, no probs, np, no worries, not a problem, no issue,
  no issues, thumbsup, si, claro, claro que si, puedo, lo tomo, lo acepto, acepto, de acuerdo, dale,
  vale, listo, por supuesto, voy, en camino, sin problema, no hay problema, con gusto, esta bien,
  perfecto, disponible
`);
const DECLINE = list(`
  no, nope, nah, naw, nop, negative, cant, cannot, wont, unable, couldnt, busy, pass, decline,
  declined, no thanks, no thank you, not available, unavailable, not today, not now, not me,
  not this time, not interested, not free, not possible, no way, no can do, im out, dont think so,
  thumbsdown, no puedo, ocupado, ocupada, ocupados, no disponible, no estoy disponible, paso,
  no gracias, imposible, hoy no, ahora no, claro que no, tampoco
`);
const HEDGE = list(`
  not sure, unsure, maybe, perhaps, possibly, idk, dont know, depends, let me check, let me see,
  what job, which job, who is this, who, no se, tal vez, quizas, quiza, a lo mejor, depende,
  que trabajo, cual trabajo, quien es, quien
`);

const PHRASES = new Map<string, Kind>([
  ...ACCEPT.map((p) => [p, 'accept'] as const),
  ...DECLINE.map((p) => [p, 'decline'] as const),
  ...HEDGE.map((p) => [p, 'hedge'] as const),
]);
const LONGEST_PHRASE = Math.max(...[...PHRASES.keys()].map((p) => p.split(' ').length));
// Single letters are too common inside sentences ("y" is Spanish "and") to count there.
const SOLE_WORDS = new Map<string, Kind>([
  ['y', 'accept'],
  ['k', 'accept'],
  ['n', 'decline'],
]);

const NEGATORS = new Set(list('not, dont, doesnt, didnt, cant, cannot, wont, never, unable, couldnt, nunca'));
const NEGATION_REACH = 3;
const CLAUSE_WORDS = new Set(['but', 'though', 'although', 'pero', 'aunque', 'sino']);
// Two-word spellings folded into one word so "can not" reads like "cannot", not "I can" + "not".
const FOLDS = new Map([
  ['can not', 'cannot'],
  ['can t', 'cant'],
  ['will not', 'wont'],
  ['won t', 'wont'],
  ['do not', 'dont'],
  ['don t', 'dont'],
  ['i ll', 'ill'],
  ['i m', 'im'],
]);

// Four-letter words that fit the code format but are words, not codes.
const COMMON_WORDS = list(`
  asap, tmrw, thnx, thks, what, that, when, then, than, they, them, have, here, were, want, went,
  wait, just, very, next, week, text, send, sent, much, such, need, easy, date, heat, hvac, pump,
  vent, duct, tues, weds, thur, thru, near, fast, safe, dear, yeah, sure, busy, pass, take, make,
  came, back, hard, area, para, pero, hace, esta, este, nada, vale, dale, paso, casa, sera, cant,
  deal
`);
const NOT_CODES = new Set([...COMMON_WORDS, ...[...PHRASES.keys()].flatMap((p) => p.split(' '))]);

const EMOJI_YES = /(?:\u{1F44D}|\u{1F44C}|\u2705|\u2714)(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)*/gu;
const EMOJI_NO = /(?:\u{1F44E}|\u274C|\u2716|\u{1F6AB}|\u26D4)(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)*/gu;
const GLUED_CODE = /^(yes|si|ok|no)([a-z0-9]{4})$/;

type Token = { text: string; type: 'word' | 'break' | 'question' };

export function parseVendorReply(text: string): VendorReply {
  const { tokens, codes } = extractCodes(tokenize(text));
  const code = codes[0];
  // A reply naming two jobs cannot be applied to either safely.
  if (codes.length > 1) return { intent: 'unknown' };
  const intent = decide(findSignals(fold(tokens)));
  return code === undefined ? { intent } : { intent, code };
}

function tokenize(text: string): Token[] {
  const plain = text
    .replace(EMOJI_YES, ' thumbsup ')
    .replace(EMOJI_NO, ' thumbsdown ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`ʼ]/g, '');
  const tokens: Token[] = [];
  for (const [raw] of plain.matchAll(/[a-z0-9]+|[?¿]|[.,;:!¡()/\-–—&+\n]/g)) {
    if (raw === '?' || raw === '¿') tokens.push({ text: '?', type: 'question' });
    else if (/^[a-z0-9]/.test(raw) && !CLAUSE_WORDS.has(raw)) tokens.push({ text: raw, type: 'word' });
    else tokens.push({ text: raw, type: 'break' });
  }
  return tokens;
}

/** Whether a vendor quoting this ticket code would be understood (new codes must pass). */
export function readsAsTicketCode(code: string): boolean {
  return isCode(code.toLowerCase());
}

function isCode(word: string): boolean {
  // "nahh" and "yesss" fit the format too: a word that collapses to a known one is not a code.
  return isTicketCode(word) && !NOT_CODES.has(word) && !PHRASES.has(word.replace(/(.)\1+/g, '$1'));
}

function extractCodes(tokens: Token[]): { tokens: Token[]; codes: string[] } {
  const kept: Token[] = [];
  const codes = new Set<string>();
  for (const token of tokens) {
    if (token.type !== 'word') {
      kept.push(token);
      continue;
    }
    const glued = GLUED_CODE.exec(token.text);
    if (isCode(token.text)) {
      codes.add(token.text.toUpperCase());
    } else if (glued?.[1] && glued[2] && /\d/.test(glued[2]) && isCode(glued[2])) {
      // "yesK7Q2": only with a digit, or "okayed" would be "ok" + code "AYED".
      kept.push({ text: glued[1], type: 'word' });
      codes.add(glued[2].toUpperCase());
    } else {
      kept.push(token);
    }
  }
  return { tokens: kept, codes: [...codes] };
}

function fold(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const prev = out.at(-1);
    const folded = prev?.type === 'word' && token.type === 'word' && FOLDS.get(`${prev.text} ${token.text}`);
    if (folded) {
      out[out.length - 1] = { text: folded, type: 'word' };
    } else if (token.type === 'word' && !NOT_CODES.has(token.text) && !NEGATORS.has(token.text)) {
      // "yesss", "nooo", "siii": collapse repeated letters when that yields a known word.
      const collapsed = token.text.replace(/(.)\1+/g, '$1');
      out.push(PHRASES.has(collapsed) ? { text: collapsed, type: 'word' } : token);
    } else {
      out.push(token);
    }
  }
  return out;
}

function findSignals(tokens: Token[]): Kind[] {
  const words = tokens.filter((t) => t.type === 'word');
  const sole = words.length === 1 && words[0] ? SOLE_WORDS.get(words[0].text) : undefined;
  const signals: Kind[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = sole && tokens[i]?.type === 'word' ? { kind: sole, length: 1 } : longestPhrase(tokens, i);
    if (!match) {
      i += 1;
      continue;
    }
    const end = i + match.length;
    let kind: Kind | undefined = match.kind;
    if (kind === 'accept' && isNegated(tokens, i)) kind = 'decline';
    else if (kind === 'decline' && ['not', 'never'].includes(tokens[i - 1]?.text ?? '')) kind = undefined;
    if (kind && tokens[end]?.type === 'question') kind = 'hedge';
    if (kind) signals.push(kind);
    i = end;
  }
  return signals;
}

function longestPhrase(tokens: Token[], start: number): { kind: Kind; length: number } | undefined {
  for (let length = LONGEST_PHRASE; length >= 1; length -= 1) {
    const slice = tokens.slice(start, start + length);
    if (slice.length !== length || slice.some((t) => t.type !== 'word')) continue;
    const kind = PHRASES.get(slice.map((t) => t.text).join(' '));
    if (kind) return { kind, length };
  }
  return undefined;
}

function isNegated(tokens: Token[], start: number): boolean {
  if (tokens[start - 1]?.text === 'no') return true;
  for (let j = start - 1; j >= Math.max(0, start - NEGATION_REACH); j -= 1) {
    const token = tokens[j];
    if (!token || token.type !== 'word') return false;
    if (NEGATORS.has(token.text)) return true;
  }
  return false;
}

function decide(signals: Kind[]): ReplyIntent {
  if (signals.includes('hedge')) return 'unknown';
  const accepts = signals.includes('accept');
  const declines = signals.includes('decline');
  if (accepts === declines) return 'unknown';
  return accepts ? 'accept' : 'decline';
}

/** A new ticket code that vendors can quote back: never one that reads as a word ("BUSY", "SURE"). */
export function newReadableTicketCode(): string {
  for (;;) {
    const code = newTicketCode();
    if (readsAsTicketCode(code)) return code;
  }
}
