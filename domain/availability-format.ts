// How a time window reads in a reply: "tomorrow 9am–12pm", "Tue 3/4 2–5pm", "hoy 14:00–17:00",
// "martes 4/3 9:00–12:00". Local to the tenant's time zone; "today" and "tomorrow" relative to now.
import { addDays, zonedParts, type LocalDate } from './zoned-time.ts';

export type Language = 'en' | 'es';

const EN_DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ES_DAYS = ['', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];

function sameDate(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function dayLabel(date: Date, now: Date, timeZone: string, language: Language): string {
  const p = zonedParts(date, timeZone);
  const today = zonedParts(now, timeZone);
  if (sameDate(p, today)) return language === 'es' ? 'hoy' : 'today';
  if (sameDate(p, addDays(today, 1))) return language === 'es' ? 'mañana' : 'tomorrow';
  return language === 'es'
    ? `${ES_DAYS[p.weekday]} ${p.day}/${p.month}`
    : `${EN_DAYS[p.weekday]} ${p.month}/${p.day}`;
}

function clockEn(hour: number, minute: number, withMeridiem: boolean): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const mm = minute ? `:${String(minute).padStart(2, '0')}` : '';
  return `${h12}${mm}${withMeridiem ? (hour < 12 ? 'am' : 'pm') : ''}`;
}

function clockEs(hour: number, minute: number): string {
  return `${hour}:${String(minute).padStart(2, '0')}`;
}

/** "9am–12pm" / "2–5pm" / "9:00–12:00". */
function rangeLabel(start: Date, end: Date, timeZone: string, language: Language): string {
  const a = zonedParts(start, timeZone);
  const b = zonedParts(end, timeZone);
  if (language === 'es') return `${clockEs(a.hour, a.minute)}–${clockEs(b.hour, b.minute)}`;
  const sameHalf = a.hour < 12 === b.hour < 12;
  return `${clockEn(a.hour, a.minute, !sameHalf)}–${clockEn(b.hour, b.minute, true)}`;
}

/**
 * A window as people say it. `end` may be null (an appointment with a start only). Windows over
 * several days name both days.
 */
export function formatWindow(
  start: Date,
  end: Date | null,
  options: { now: Date; timeZone: string; language: Language },
): string {
  const { now, timeZone, language } = options;
  const day = dayLabel(start, now, timeZone, language);
  if (!end) {
    const p = zonedParts(start, timeZone);
    return `${day} ${language === 'es' ? clockEs(p.hour, p.minute) : clockEn(p.hour, p.minute, true)}`;
  }
  if (!sameDate(zonedParts(start, timeZone), zonedParts(end, timeZone))) {
    const endDay = dayLabel(end, now, timeZone, language);
    return `${day}–${endDay}, ${rangeLabel(start, end, timeZone, language)}`;
  }
  return `${day} ${rangeLabel(start, end, timeZone, language)}`;
}
