// Clock times inside an availability phrase: ranges ("9-12", "de 2 a 5", "between 2 and 5pm"),
// "after 5", "before noon", "at 3", "3pm", each as minutes after local midnight. Hours without
// am/pm are read as people mean them for a home visit: 1–6 is the afternoon, 7–11 the morning
// ("after 7" is the evening); a part of the day said alongside ("tarde", "morning") decides first.
// Times the resident is NOT available ("I work 9-5") are skipped.

export interface ClockWindow {
  /** Minutes after local midnight. */
  start: number;
  end: number;
  /** Where in the text it was found. */
  index: number;
}

type Meridiem = 'am' | 'pm' | null;

const TIME = '(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?';
const NOT_A_TIME =
  /^\s*(?:degrees?|grados|°|%|min\w*|hours?|horas?|days?|dias?|weeks?|semanas?|years?|anos?|\/|\.\d)/;
const BUSY = /\b(?:work|working|trabajo|trabajando|busy|ocupad\w*|school|escuela|class|clase)\b[^,.;]*$/;
const COMING_HOME =
  /\b(?:not home|not back|get(?:ting)? (?:home|back)|be (?:home|back)|off work|get off|home by|llego|regreso|vuelvo|salgo|no estoy)\b[^,.;]*$/;

const RANGE = new RegExp(
  `(\\b(?:from|between|de|entre)\\s+)?(?:las\\s+)?${TIME}\\s*(-|–|to|til|till|until|hasta|a|y|and)\\s*(?:las\\s+)?${TIME}`,
  'g',
);
const AFTER = new RegExp(`\\b(?:after|past|from|desde|despues de|a partir de)\\s+(?:las\\s+)?${TIME}`, 'g');
const BEFORE = new RegExp(`\\b(?:before|by|until|till|antes de|hasta)\\s+(?:las\\s+)?${TIME}`, 'g');
const AT = new RegExp(
  `\\b(?:at|around|about|a las|alrededor de las|como a las|tipo|eso de las)\\s+${TIME}`,
  'g',
);
const BARE = new RegExp(`\\b(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)\\b`, 'g');

function hourOf(h: number, meridiem: Meridiem, hint: Meridiem, eveningFrom = 6): number | null {
  if (h > 23 || (meridiem && h > 12)) return null;
  if (meridiem === 'am') return h === 12 ? 0 : h;
  if (meridiem === 'pm') return h === 12 ? 12 : h + 12;
  if (h >= 13 || h === 0) return h;
  if (hint === 'pm') return h === 12 ? 12 : h + 12;
  if (hint === 'am') return h;
  return h >= 1 && h <= eveningFrom ? h + 12 : h;
}

const minutes = (hour: number, minute: string | undefined) => hour * 60 + Number(minute ?? 0);
const meridiemOf = (value: string | undefined): Meridiem => (value === 'am' || value === 'pm' ? value : null);
const EVENING_END = 22 * 60;

function rangeFrom(m: RegExpMatchArray, hint: Meridiem): ClockWindow | null {
  const [, prefix, h1, m1, mer1, sep, h2, m2, mer2] = m;
  if ((sep === 'a' || sep === 'y' || sep === 'and') && !prefix) return null;
  const a = meridiemOf(mer1);
  const b = meridiemOf(mer2);
  const endHour = hourOf(Number(h2), b, a ?? hint);
  let startHour = hourOf(Number(h1), a ?? (b && !hint ? b : null), hint);
  if (endHour === null || startHour === null) return null;
  let end = minutes(endHour, m2);
  // "9-12pm": the start is in the morning; "2-5pm": both in the afternoon.
  if (!a && b && minutes(startHour, m1) >= end)
    startHour = hourOf(Number(h1), b === 'pm' ? 'am' : 'pm', null) ?? startHour;
  const start = minutes(startHour, m1);
  if (!b && end <= start && end + 12 * 60 > start) end += 12 * 60;
  if (end <= start || end > 24 * 60) return null;
  return { start, end, index: m.index ?? 0 };
}

/** The first clock window in a prepared availability phrase, or null. */
export function findClockWindow(text: string, hint: Meridiem): ClockWindow | null {
  const found: ClockWindow[] = [];
  const consumed: [number, number][] = [];
  const usable = (m: RegExpMatchArray) => {
    const index = m.index ?? 0;
    const overlaps = consumed.some(([s, e]) => index < e && index + m[0].length > s);
    return !overlaps && !NOT_A_TIME.test(text.slice(index + m[0].length)) && !BUSY.test(text.slice(0, index));
  };
  for (const m of text.matchAll(RANGE)) {
    const w = usable(m) ? rangeFrom(m, hint) : null;
    if (w) {
      found.push(w);
      consumed.push([w.index, w.index + m[0].length]);
    }
  }
  const single = (m: RegExpMatchArray, eveningFrom = 6) =>
    hourOf(Number(m[1]), meridiemOf(m[3]), hint, eveningFrom) ?? null;
  for (const m of text.matchAll(AFTER)) {
    const h = usable(m) ? single(m, 8) : null;
    if (h === null) continue;
    const start = minutes(h, m[2]);
    found.push({ start, end: Math.min(Math.max(start + 180, 20 * 60), EVENING_END), index: m.index ?? 0 });
    consumed.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  for (const m of text.matchAll(BEFORE)) {
    const h = usable(m) ? single(m) : null;
    if (h === null) continue;
    const at = minutes(h, m[2]);
    const index = m.index ?? 0;
    // "not home until 5" means after 5.
    const window = COMING_HOME.test(text.slice(0, index))
      ? { start: at, end: Math.min(Math.max(at + 180, 20 * 60), EVENING_END), index }
      : { start: Math.min(8 * 60, at - 60), end: at, index };
    found.push(window);
    consumed.push([index, index + m[0].length]);
  }
  for (const m of text.matchAll(AT)) {
    const h = usable(m) ? single(m) : null;
    if (h === null) continue;
    const at = minutes(h, m[2]);
    const index = m.index ?? 0;
    const after = COMING_HOME.test(text.slice(0, index));
    found.push({ start: at, end: Math.min(at + (after ? 180 : 120), EVENING_END), index });
    consumed.push([index, index + m[0].length]);
  }
  for (const m of text.matchAll(BARE)) {
    const h = usable(m) ? single(m) : null;
    if (h !== null) found.push({ start: minutes(h, m[2]), end: minutes(h, m[2]) + 120, index: m.index ?? 0 });
  }
  return found.filter((w) => w.end > w.start).sort((a, b) => a.index - b.index)[0] ?? null;
}
