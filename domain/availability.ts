// When a resident can let a vendor in, from what they text: "tomorrow 9-12", "this afternoon",
// "after 5", "weekdays after 6pm", "mañana por la mañana", "el martes de 2 a 5", "hoy en la tarde",
// "any time", "asap". Pure: the clock (`now`) and the IANA time zone are arguments; all local time
// math goes through Intl (domain/zoned-time.ts), so DST days are right.
//
// Reading rules:
// - A day (today, tomorrow, pasado mañana, a weekday, weekdays, the weekend, next week) and a time
//   (a clock window, else a part of the day: morning 8–12, afternoon 12–5, evening 5–8, tonight
//   6–9, else the working day 8–6). The first day named wins ("Tuesday or Wednesday" → Tuesday).
// - No day: today if the window is still ahead, else tomorrow. A weekday: its next occurrence
//   (today if the window is still ahead). "Today" with a window already over: null.
// - A window that has begun starts now.
// - "any time", "whenever", "asap", "cuando sea" with no day or time: `{ anytime: true }` (the
//   booking engine treats a ticket without a window as "as soon as possible").
// - Past references ("since this morning", "desde ayer") are ignored; so are times the resident
//   is busy ("I work 9-5").
import { formatWindow, type Language } from './availability-format.ts';
import { findClockWindow } from './availability-clock.ts';
import { detectLanguage } from './intake-language.ts';
import { foldText, spellText } from './intake-text.ts';
import { addDays, weekdayOf, zonedParts, zonedToInstant, type LocalDate } from './zoned-time.ts';

export { formatWindow } from './availability-format.ts';

export interface AvailabilityWindow {
  start: Date;
  end: Date;
  /** The window as the resident would say it, in their language ("tomorrow 9am–12pm"). */
  label: string;
}
export type Availability = AvailabilityWindow | { anytime: true } | null;

export interface AvailabilityOptions {
  now: Date;
  timeZone: string;
  /** Language of the label; detected from the text when absent. */
  language?: Language;
}

type DaySpec =
  | { kind: 'offset'; days: number }
  | { kind: 'weekday'; weekday: number; skipToday: boolean }
  | { kind: 'weekdays' }
  | { kind: 'weekend' }
  | { kind: 'next_week' };

interface Span {
  start: number;
  end: number;
}

const WEEKDAY_NAMES: [RegExp, number][] = [
  [/^(?:monday|mon|lunes)$/, 1],
  [/^(?:tuesday|tues?|martes)$/, 2],
  [/^(?:wednesday|wed|miercoles)$/, 3],
  [/^(?:thursday|thurs?|thu|jueves)$/, 4],
  [/^(?:friday|fri|viernes)$/, 5],
  [/^(?:saturday|sat|sabado)$/, 6],
  [/^(?:sunday|sun|domingo)$/, 7],
];
const WEEKDAY =
  /\b(next|this|el proximo|el siguiente|este|el)?\s*(monday|mon|lunes|tuesday|tues|tue|martes|wednesday|wed|miercoles|thursday|thurs|thur|thu|jueves|friday|fri|viernes|saturday|sat|sabado|sunday|sun|domingo)s?\b/;

const DAY_WORDS: [RegExp, (m: RegExpExecArray) => DaySpec][] = [
  [/\b(?:today|tonight|this (?:morning|afternoon|evening))\b/, () => ({ kind: 'offset', days: 0 })],
  [/\bdayafter\b/, () => ({ kind: 'offset', days: 2 })],
  [/\btomorrow\b/, () => ({ kind: 'offset', days: 1 })],
  [/\b(?:next week|la (?:proxima|siguiente) semana|la semana que viene)\b/, () => ({ kind: 'next_week' })],
  [/\b(?:weekends?|fin(?:es)? de semana)\b/, () => ({ kind: 'weekend' })],
  [
    /\b(?:weekdays?|week days|entre semana|dias de semana|de lunes a viernes|monday (?:to|through|thru) friday|mon-fri)\b/,
    () => ({ kind: 'weekdays' }),
  ],
  [
    WEEKDAY,
    (m) => ({
      kind: 'weekday',
      weekday: WEEKDAY_NAMES.find(([re]) => re.test(m[2] ?? ''))?.[1] ?? 1,
      skipToday: /^(?:next|el proximo|el siguiente)$/.test(m[1] ?? ''),
    }),
  ],
];

const PARTS: [RegExp, Span][] = [
  [/\b(?:mornings?|early)\b/, { start: 8 * 60, end: 12 * 60 }],
  [/\b(?:lunch ?time|at lunch)\b/, { start: 11 * 60, end: 13 * 60 }],
  [/\bafternoons?\b/, { start: 12 * 60, end: 17 * 60 }],
  [/\b(?:evenings?|after work)\b/, { start: 17 * 60, end: 20 * 60 }],
  [/\b(?:tonight|nights?)\b/, { start: 18 * 60, end: 21 * 60 }],
  [/\b(?:all day|todo el dia)\b/, { start: 8 * 60, end: 20 * 60 }],
];
const WORKING_DAY: Span = { start: 8 * 60, end: 18 * 60 };
const ANYTIME =
  /\b(?:any ?time|whenever|asap|as soon as possible|right away|immediately|any day|flexible|cuando sea|cuando quieran|cuando puedan|(?:a )?cualquier (?:hora|momento|dia)|lo antes posible|lo mas pronto posible|cuanto antes|ahora mismo|no importa (?:la hora|cuando)|whatever works|always home|siempre estoy)\b/;

/** Folded, spelled and rewritten so day and part-of-day words are unambiguous. */
function normalise(text: string): string {
  return (
    spellText(foldText(text))
      .replace(
        /\b(?:since|started|empezo|comenzo|desde (?:hace|ayer|anoche|esta manana|hoy))\b[^,.;!?]*/g,
        ' ',
      )
      // "It's 11pm" says what time it is now, not when to come.
      .replace(
        /\b(?:its|it is|son las|es la) (?:now |already |ya )?\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.?m\.?|p\.?m\.?)?(?: now| ya)?(?=\s*(?:[,.;!?]|$))/g,
        ' ',
      )
      .replace(/\b(?:noon|midday|mediodia|medio dia)\b/g, '12pm')
      .replace(/\b(?:midnight|medianoche)\b/g, '12am')
      .replace(/(\d)\s*(?:a\.?\s?m\.?)(?=\W|$)/g, '$1am')
      .replace(/(\d)\s*(?:p\.?\s?m\.?)(?=\W|$)/g, '$1pm')
      .replace(/(\d)\s*(?:hrs|h)\b/g, '$1')
      .replace(/(\d(?::\d\d)?)\s*de la (?:manana|madrugada)\b/g, '$1am')
      .replace(/(\d(?::\d\d)?)\s*de la (?:tarde|noche)\b/g, '$1pm')
      .replace(/\b(?:pasado manana|day after tomorrow)\b/g, 'dayafter')
      .replace(/\b(?:esta manana)\b/g, 'this morning')
      .replace(/\b(?:esta tarde)\b/g, 'this afternoon')
      .replace(/\b(?:esta noche)\b/g, 'tonight')
      // "mañana por la mañana": the second one is the morning.
      .replace(/\b(?:(?:por|en|de) la|las|a la) mananas?\b|\btemprano\b/g, 'morning')
      .replace(/\bmanana\b/g, 'tomorrow')
      .replace(/\b(?:(?:por|en|de) la|las|a la) tardes?\b/g, 'afternoon')
      .replace(/\b(?:(?:por|en|de) la|las|a la) noches?\b/g, 'evening')
      .replace(/\bhoy\b/g, 'today')
  );
}

/**
 * The day the resident means: the first one named in the sentence of the clock window when there
 * is one ("so it gets done today. Saturday 10-12 works" → Saturday), else the first one named.
 */
function firstDay(text: string, clockIndex: number | null): DaySpec | null {
  const found: { index: number; spec: DaySpec }[] = [];
  for (const [re, make] of DAY_WORDS) {
    for (const m of text.matchAll(new RegExp(re.source, 'g'))) found.push({ index: m.index, spec: make(m) });
  }
  found.sort((a, b) => a.index - b.index);
  if (clockIndex !== null) {
    const sentence = (i: number) => text.slice(0, i).split(/[.!?;\n]/).length;
    const same = found.find((d) => sentence(d.index) === sentence(clockIndex));
    if (same) return same.spec;
  }
  return found[0]?.spec ?? null;
}

function partOfDay(text: string): Span | null {
  const spans = PARTS.filter(([re]) => re.test(text)).map(([, span]) => span);
  if (spans.length === 0) return null;
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}

function hintOf(text: string): 'am' | 'pm' | null {
  if (/\b(?:afternoons?|evenings?|tonight|nights?|after work)\b/.test(text)) return 'pm';
  if (/\bmornings?\b/.test(text)) return 'am';
  return null;
}

interface Resolved {
  start: Date;
  end: Date;
}

function at(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const day = addDays(date, Math.floor(minuteOfDay / 1440));
  const m = minuteOfDay % 1440;
  return zonedToInstant({ ...day, hour: Math.floor(m / 60), minute: m % 60 }, timeZone);
}

function resolve(day: DaySpec | null, span: Span, now: Date, timeZone: string): Resolved | null {
  const today = zonedParts(now, timeZone);
  const on = (offset: number): Resolved => {
    const date = addDays(today, offset);
    return { start: at(date, span.start, timeZone), end: at(date, span.end, timeZone) };
  };
  const ahead = (r: Resolved) => r.end.getTime() > now.getTime();
  const firstMatching = (accepts: (weekday: number) => boolean, skipToday = false): Resolved | null => {
    for (let offset = skipToday ? 1 : 0; offset <= 14; offset++) {
      const r = on(offset);
      if (accepts(weekdayOf(addDays(today, offset))) && ahead(r)) return r;
    }
    return null;
  };
  if (!day) {
    const r = on(0);
    return ahead(r) ? r : on(1);
  }
  switch (day.kind) {
    case 'offset': {
      const r = on(day.days);
      return ahead(r) ? r : null;
    }
    case 'weekday':
      return firstMatching((w) => w === day.weekday, day.skipToday);
    case 'weekdays':
      return firstMatching((w) => w <= 5);
    case 'weekend':
      return firstMatching((w) => w >= 6);
    case 'next_week': {
      const monday = 8 - today.weekday;
      const first = on(monday);
      return { start: first.start, end: on(monday + 4).end };
    }
  }
}

/** The window a resident's availability phrase names, `{ anytime: true }`, or null. */
export function parseAvailability(text: string, options: AvailabilityOptions): Availability {
  const { now, timeZone } = options;
  const normalised = normalise(text);
  const clock = findClockWindow(normalised, hintOf(normalised));
  const day = firstDay(normalised, clock?.index ?? null);
  const part = partOfDay(normalised);
  const anytime = ANYTIME.test(normalised);
  if (!day && !clock && !part) return anytime ? { anytime: true } : null;
  const span: Span = clock ?? part ?? (anytime ? { start: 8 * 60, end: 20 * 60 } : WORKING_DAY);
  const resolved = resolve(day, span, now, timeZone);
  if (!resolved) return null;
  // A window already under way starts now (to the minute).
  const start = resolved.start < now ? new Date(Math.ceil(now.getTime() / 60_000) * 60_000) : resolved.start;
  if (start >= resolved.end) return null;
  const language = options.language ?? detectLanguage(text);
  return { start, end: resolved.end, label: formatWindow(start, resolved.end, { now, timeZone, language }) };
}
