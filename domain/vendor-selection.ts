// Which vendors a ticket's booking run asks, in which order, and why the others were left out.
// Pure: the caller loads the vendors and the round-robin pointer, stores the result (Dispatch
// candidates, the excluded list for the audit trail, the next pointer) and escalates on an empty list.
//
// Decisions (PRODUCT.md §5 "Booking"):
// - Eligible: active, has the ticket's trade (case-insensitive), and working hours that give a
//   usable visit inside the window: one contiguous working stretch of at least MIN_VISIT_MINUTES,
//   or all of the window when the window is shorter than that. Two half-hour scraps do not count.
// - Hours are weekly, in the vendor's own IANA time zone: [{ days, start, end }] with ISO weekdays
//   (1 = Monday … 7 = Sunday, as the demo's weekday vendors have [1..5]) and "HH:MM" times, "24:00"
//   allowed as an end. end <= start is an overnight shift that ends on the next day.
// - Local time comes from Intl, instant by instant, so DST days have 23 or 25 hours and a window
//   can cross midnight or a DST change.
// - The window: the resident's window, minus any part already past. Without one (or when it is
//   over or empty) "as soon as possible": now .. now + ASAP_HOURS for the severity — 24 h for
//   urgent, 72 h for routine so a Friday-evening ticket can still reach a weekday vendor on Monday.
// - Priority: lower number asked first (schema comment; the demo's backups are 20, main vendors 10).
// - Round-robin among equal priority: the pointer mirrors VendorRotation (lastVendorId = the vendor
//   that went first last time, turns = tickets rotated). The first tie group starts with the vendor
//   whose id follows lastVendorId, wrapping around, so vendors joining, leaving or being out of
//   hours never derail the cycle. Later tie groups (reached only after declines) shift by turns.
//   The pointer advances once per ticket: to the new first candidate; unchanged if there is none.
// - Emergencies are dispatched now, whatever the resident's window: the window is now ..
//   now + EMERGENCY_HOURS. 24/7 vendors come first (hours never exclude them, whatever their
//   priority), then vendors working right now and for at least MIN_VISIT_MINUTES more; a vendor
//   who opens later is not eligible (an SMS to a closed business is lost minutes).
import { offsetMinutes } from './zoned-time.ts';
import { z } from 'zod';
import type { Severity } from './booking-policy.ts';

/** One weekly shift: ISO weekdays (1 = Monday … 7 = Sunday), "HH:MM" local start and end. */
export interface Shift {
  days: readonly number[];
  start: string;
  end: string;
}
export interface SelectionVendor {
  id: string;
  active: boolean;
  trades: readonly string[];
  priority: number;
  timezone: string;
  /** Vendor.hours as stored (Json): validated here. */
  hours: unknown;
}
export interface RotationPointer {
  lastVendorId: string | null;
  turns: number;
}
export interface Interval {
  start: Date;
  end: Date;
}
/** The vendor as given, plus when it can come. */
export type Candidate<V extends SelectionVendor = SelectionVendor> = V & {
  alwaysOpen: boolean;
  /** The first stretch of the window the vendor works that is long enough for a visit. */
  slot: Interval;
};
export type ExclusionReason =
  'inactive' | 'wrong_trade' | 'invalid_hours' | 'invalid_timezone' | 'outside_hours' | 'not_working_now';
export interface Exclusion<V extends SelectionVendor = SelectionVendor> {
  vendor: V;
  reason: ExclusionReason;
}
export interface SelectionInput<V extends SelectionVendor = SelectionVendor> {
  trade: string;
  /** Null (not triaged yet) is booked as routine. */
  severity: Severity | null;
  /** The resident's availability window; either end may be missing. */
  window?: { start?: Date | null; end?: Date | null } | null;
  vendors: readonly V[];
  /** The (tenant, trade) VendorRotation row, or null before the first ticket of the trade. */
  rotation: RotationPointer | null;
  now: Date;
}
export interface SelectionResult<V extends SelectionVendor = SelectionVendor> {
  candidates: Candidate<V>[];
  excluded: Exclusion<V>[];
  window: Interval & { basis: 'resident' | 'asap' | 'emergency' };
  /** Store this as the (tenant, trade) VendorRotation. */
  rotation: RotationPointer;
}

export const MIN_VISIT_MINUTES = 60;
export const EMERGENCY_HOURS = 2;
export const ASAP_HOURS: Record<Exclude<Severity, 'emergency'>, number> = { urgent: 24, routine: 72 };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK_MINUTES = 7 * 1440;

const CLOCK = /^(\d{1,2}):(\d{2})$/;
const shiftSchema = z.object({
  days: z.array(z.int().min(1).max(7)).min(1),
  start: z.string().regex(CLOCK),
  end: z.string().regex(CLOCK),
});

type LocalShift = { days: readonly number[]; start: number; end: number };

/** Minutes since midnight for "HH:MM" ("24:00" is 1440); null when out of range. */
function clockMinutes(text: string): number | null {
  const match = CLOCK.exec(text);
  const [h, m] = [Number(match?.[1]), Number(match?.[2])];
  return match && m < 60 && h * 60 + m <= 1440 ? h * 60 + m : null;
}

/** Validates Vendor.hours; null when it is not a list of well-formed shifts. */
export function parseVendorHours(json: unknown): Shift[] | null {
  const parsed = z.array(shiftSchema).safeParse(json);
  if (!parsed.success) return null;
  const valid = parsed.data.every((s) => {
    const [start, end] = [clockMinutes(s.start), clockMinutes(s.end)];
    return start !== null && end !== null && start < 1440;
  });
  return valid ? parsed.data : null;
}

function toLocal(hours: readonly Shift[]): LocalShift[] {
  return hours.map((s) => ({
    days: s.days,
    start: clockMinutes(s.start) ?? 0,
    end: clockMinutes(s.end) ?? 0,
  }));
}

/** Minutes a shift lasts; end <= start runs past midnight ("22:00"–"06:00" is 8 h). */
function shiftLength(s: LocalShift): number {
  return s.end > s.start ? s.end - s.start : s.end + 1440 - s.start;
}

/** True when the shifts cover every minute of the week (the demo's 00:00–24:00 on days 1–7). */
export function isAlwaysOpen(hours: readonly Shift[]): boolean {
  const spans: [number, number][] = [];
  for (const s of toLocal(hours)) {
    for (const day of s.days) {
      const from = (day - 1) * 1440 + s.start;
      const to = from + shiftLength(s);
      spans.push([from, Math.min(to, WEEK_MINUTES)]);
      if (to > WEEK_MINUTES) spans.push([0, to - WEEK_MINUTES]);
    }
  }
  const merged = mergeSpans(spans);
  return merged.length === 1 && merged[0]?.[0] === 0 && merged[0][1] >= WEEK_MINUTES;
}

function mergeSpans(spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Working spans of one local day in ms since local midnight, overnight tails of the day before included. */
function daySpans(shifts: readonly LocalShift[], isoDay: number): [number, number][] {
  const previous = isoDay === 1 ? 7 : isoDay - 1;
  const spans: [number, number][] = [];
  for (const s of shifts) {
    const overnight = s.end <= s.start;
    if (s.days.includes(isoDay)) spans.push([s.start * MINUTE, (overnight ? 1440 : s.end) * MINUTE]);
    if (overnight && s.end > 0 && s.days.includes(previous)) spans.push([0, s.end * MINUTE]);
  }
  return spans;
}

/** First instant in (from, to] whose offset differs from `offset` (a DST change), by bisection. */
function offsetChange(offsetAt: (t: number) => number, from: number, to: number, offset: number): number {
  let [lo, hi] = [from, to];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * When the vendor works within [from, to), as merged UTC intervals. Walks the range in pieces of
 * constant local day and UTC offset, so local time is a plain shift of UTC inside each piece.
 */
export function workingIntervals(
  hours: readonly Shift[],
  timeZone: string,
  from: Date,
  to: Date,
): Interval[] {
  // The zone's UTC offset in ms at an instant (wall clock minus UTC); throws for an unknown zone.
  const offsetAt = (t: number) => offsetMinutes(new Date(t), timeZone) * MINUTE;
  const shifts = toLocal(hours);
  const pieces: [number, number][] = [];
  const end = to.getTime();
  let cursor = from.getTime();
  while (cursor < end) {
    const offset = offsetAt(cursor);
    const wall = cursor + offset;
    const midnight = Math.floor(wall / DAY) * DAY;
    let pieceEnd = Math.min(end, midnight + DAY - offset);
    if (offsetAt(pieceEnd - 1) !== offset) pieceEnd = offsetChange(offsetAt, cursor, pieceEnd - 1, offset);
    const isoDay = ((new Date(midnight).getUTCDay() + 6) % 7) + 1;
    const [lo, hi] = [wall - midnight, wall - midnight + (pieceEnd - cursor)];
    for (const [a, b] of daySpans(shifts, isoDay)) {
      const [x, y] = [Math.max(a, lo), Math.min(b, hi)];
      if (y > x) pieces.push([cursor + (x - lo), cursor + (y - lo)]);
    }
    cursor = pieceEnd;
  }
  return mergeSpans(pieces).map(([a, b]) => ({ start: new Date(a), end: new Date(b) }));
}

function selectionWindow(input: SelectionInput): SelectionResult['window'] {
  const now = input.now.getTime();
  if (input.severity === 'emergency') {
    return { start: new Date(now), end: new Date(now + EMERGENCY_HOURS * HOUR), basis: 'emergency' };
  }
  const horizon = ASAP_HOURS[input.severity ?? 'routine'] * HOUR;
  const { start: from, end: to } = input.window ?? {};
  if (from || to) {
    const start = Math.max(from?.getTime() ?? now, now);
    const end = to?.getTime() ?? start + horizon;
    if (end > start) return { start: new Date(start), end: new Date(end), basis: 'resident' };
  }
  return { start: new Date(now), end: new Date(now + horizon), basis: 'asap' };
}

type Judged<V extends SelectionVendor> = { candidate: Candidate<V> } | { reason: ExclusionReason };

function judge<V extends SelectionVendor>(
  vendor: V,
  trade: string,
  window: SelectionResult['window'],
): Judged<V> {
  if (!vendor.active) return { reason: 'inactive' };
  if (!vendor.trades.some((t) => t.trim().toLowerCase() === trade)) return { reason: 'wrong_trade' };
  const hours = parseVendorHours(vendor.hours);
  if (!hours) return { reason: 'invalid_hours' };
  // A 24/7 vendor works the whole window by definition; its zone does not matter.
  if (isAlwaysOpen(hours)) {
    return { candidate: { ...vendor, alwaysOpen: true, slot: { start: window.start, end: window.end } } };
  }
  let worked: Interval[];
  try {
    worked = workingIntervals(hours, vendor.timezone, window.start, window.end);
  } catch {
    return { reason: 'invalid_timezone' };
  }
  const windowMs = window.end.getTime() - window.start.getTime();
  const needed = Math.min(MIN_VISIT_MINUTES * MINUTE, windowMs);
  const long = (i: Interval) => i.end.getTime() - i.start.getTime() >= needed;
  if (window.basis === 'emergency') {
    const first = worked[0];
    const workingNow = first && first.start.getTime() === window.start.getTime() && long(first);
    return workingNow
      ? { candidate: { ...vendor, alwaysOpen: false, slot: first } }
      : { reason: 'not_working_now' };
  }
  const slot = worked.find(long);
  return slot ? { candidate: { ...vendor, alwaysOpen: false, slot } } : { reason: 'outside_hours' };
}

/** Rotates a tie group (sorted by id) to start after `lastId`, wrapping around. */
function startAfter<T extends { id: string }>(group: T[], lastId: string | null): T[] {
  const at = lastId === null ? 0 : group.findIndex((c) => c.id > lastId);
  return at <= 0 ? group : [...group.slice(at), ...group.slice(0, at)];
}

function shiftBy<T>(group: T[], turns: number): T[] {
  const at = ((turns % group.length) + group.length) % group.length;
  return [...group.slice(at), ...group.slice(0, at)];
}

function order<C extends Candidate>(candidates: C[], emergency: boolean, rotation: RotationPointer): C[] {
  const tier = (c: C) => (emergency && c.alwaysOpen ? 0 : 1);
  const sorted = [...candidates].sort(
    (a, b) => tier(a) - tier(b) || a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const groups: C[][] = [];
  for (const c of sorted) {
    const group = groups.at(-1);
    const head = group?.[0];
    if (group && head && tier(head) === tier(c) && head.priority === c.priority) group.push(c);
    else groups.push([c]);
  }
  return groups.flatMap((group, i) =>
    i === 0 ? startAfter(group, rotation.lastVendorId) : shiftBy(group, rotation.turns),
  );
}

/** Chooses and orders the vendors to offer a ticket to; an empty list means escalate. */
export function selectCandidates<V extends SelectionVendor>(input: SelectionInput<V>): SelectionResult<V> {
  const window = selectionWindow(input);
  const trade = input.trade.trim().toLowerCase();
  const eligible: Candidate<V>[] = [];
  const excluded: Exclusion<V>[] = [];
  for (const vendor of input.vendors) {
    const judged = judge(vendor, trade, window);
    if ('candidate' in judged) eligible.push(judged.candidate);
    else excluded.push({ vendor, reason: judged.reason });
  }
  const previous = input.rotation ?? { lastVendorId: null, turns: 0 };
  const candidates = order(eligible, window.basis === 'emergency', previous);
  const first = candidates[0];
  const rotation = first ? { lastVendorId: first.id, turns: previous.turns + 1 } : previous;
  return { candidates, excluded, window, rotation };
}
