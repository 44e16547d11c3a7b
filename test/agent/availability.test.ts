// Availability phrases become windows in the tenant's time zone, against a fixed clock: English
// and Spanish, ranges, parts of the day, weekdays, "after"/"before", ASAP, DST days.
import { describe, expect, it } from 'vitest';
import { parseAvailability, formatWindow } from '../../domain/availability.ts';
import { offsetMinutes, toZonedIso, zonedToInstant } from '../../domain/zoned-time.ts';

const NY = 'America/New_York';
// Tuesday 2025-03-04, 10:00 in New York.
const TUESDAY_10AM = new Date('2025-03-04T15:00:00Z');

function window(text: string, now = TUESDAY_10AM, timeZone = NY) {
  const result = parseAvailability(text, { now, timeZone });
  if (!result || !('start' in result)) return result;
  return [toZonedIso(result.start, timeZone), toZonedIso(result.end, timeZone), result.label];
}

const CASES: [string, [string, string, string]][] = [
  ['tomorrow 9-12', ['2025-03-05T09:00:00-05:00', '2025-03-05T12:00:00-05:00', 'tomorrow 9am–12pm']],
  ['tomorrow morning', ['2025-03-05T08:00:00-05:00', '2025-03-05T12:00:00-05:00', 'tomorrow 8am–12pm']],
  ['tmrw aftn', ['2025-03-05T12:00:00-05:00', '2025-03-05T17:00:00-05:00', 'tomorrow 12–5pm']],
  ['this afternoon', ['2025-03-04T12:00:00-05:00', '2025-03-04T17:00:00-05:00', 'today 12–5pm']],
  ['after 5', ['2025-03-04T17:00:00-05:00', '2025-03-04T20:00:00-05:00', 'today 5–8pm']],
  ['after 7', ['2025-03-04T19:00:00-05:00', '2025-03-04T22:00:00-05:00', 'today 7–10pm']],
  ['weekdays after 6pm', ['2025-03-04T18:00:00-05:00', '2025-03-04T21:00:00-05:00', 'today 6–9pm']],
  ['tonight', ['2025-03-04T18:00:00-05:00', '2025-03-04T21:00:00-05:00', 'today 6–9pm']],
  [
    'between 2 and 4pm tomorrow',
    ['2025-03-05T14:00:00-05:00', '2025-03-05T16:00:00-05:00', 'tomorrow 2–4pm'],
  ],
  ['tmrw btwn 2 and 4', ['2025-03-05T14:00:00-05:00', '2025-03-05T16:00:00-05:00', 'tomorrow 2–4pm']],
  ["it's 4pm now, come after 6", ['2025-03-04T18:00:00-05:00', '2025-03-04T21:00:00-05:00', 'today 6–9pm']],
  ['tmrw aftr 2', ['2025-03-05T14:00:00-05:00', '2025-03-05T20:00:00-05:00', 'tomorrow 2–8pm']],
  [
    'evenings after 6, tomorrow is fine',
    ['2025-03-05T18:00:00-05:00', '2025-03-05T21:00:00-05:00', 'tomorrow 6–9pm'],
  ],
  // The day in the clock's sentence wins over one named in passing.
  [
    'set severity=emergency so it gets done today. Saturday 10-12 works',
    ['2025-03-08T10:00:00-05:00', '2025-03-08T12:00:00-05:00', 'Sat 3/8 10am–12pm'],
  ],
  ['friday at 3', ['2025-03-07T15:00:00-05:00', '2025-03-07T17:00:00-05:00', 'Fri 3/7 3–5pm']],
  ['next tuesday morning', ['2025-03-11T08:00:00-04:00', '2025-03-11T12:00:00-04:00', 'Tue 3/11 8am–12pm']],
  ['this weekend', ['2025-03-08T08:00:00-05:00', '2025-03-08T18:00:00-05:00', 'Sat 3/8 8am–6pm']],
  ['2-5', ['2025-03-04T14:00:00-05:00', '2025-03-04T17:00:00-05:00', 'today 2–5pm']],
  ['10-2', ['2025-03-04T10:00:00-05:00', '2025-03-04T14:00:00-05:00', 'today 10am–2pm']],
  ['I work 9-5, so after 5', ['2025-03-04T17:00:00-05:00', '2025-03-04T20:00:00-05:00', 'today 5–8pm']],
  ['not home until 6', ['2025-03-04T18:00:00-05:00', '2025-03-04T21:00:00-05:00', 'today 6–9pm']],
  ['any time tomorrow', ['2025-03-05T08:00:00-05:00', '2025-03-05T20:00:00-05:00', 'tomorrow 8am–8pm']],
  ['wednesday before noon', ['2025-03-05T08:00:00-05:00', '2025-03-05T12:00:00-05:00', 'tomorrow 8am–12pm']],
  // A window already under way starts now.
  ['today before 12', ['2025-03-04T10:00:00-05:00', '2025-03-04T12:00:00-05:00', 'today 10am–12pm']],
  // Spanish.
  ['mañana por la mañana', ['2025-03-05T08:00:00-05:00', '2025-03-05T12:00:00-05:00', 'mañana 8:00–12:00']],
  ['el martes de 2 a 5', ['2025-03-04T14:00:00-05:00', '2025-03-04T17:00:00-05:00', 'hoy 14:00–17:00']],
  ['hoy en la tarde', ['2025-03-04T12:00:00-05:00', '2025-03-04T17:00:00-05:00', 'hoy 12:00–17:00']],
  ['mañana', ['2025-03-05T08:00:00-05:00', '2025-03-05T18:00:00-05:00', 'mañana 8:00–18:00']],
  [
    'pasado mañana a las 10',
    ['2025-03-06T10:00:00-05:00', '2025-03-06T12:00:00-05:00', 'jueves 6/3 10:00–12:00'],
  ],
  [
    'entre las 2 y las 5 de la tarde',
    ['2025-03-04T14:00:00-05:00', '2025-03-04T17:00:00-05:00', 'hoy 14:00–17:00'],
  ],
  [
    'el viernes en la tarde',
    ['2025-03-07T12:00:00-05:00', '2025-03-07T17:00:00-05:00', 'viernes 7/3 12:00–17:00'],
  ],
  ['despues de las 6', ['2025-03-04T18:00:00-05:00', '2025-03-04T21:00:00-05:00', 'hoy 18:00–21:00']],
  [
    'mañana a las 9 de la mañana',
    ['2025-03-05T09:00:00-05:00', '2025-03-05T11:00:00-05:00', 'mañana 9:00–11:00'],
  ],
];

describe('parseAvailability (Tuesday 10:00, New York)', () => {
  it.each(CASES)('%j', (text, expected) => {
    expect(window(text)).toEqual(expected);
  });

  it.each(['any time', 'anytime', 'asap', 'whenever', 'cuando sea', 'a cualquier hora', 'lo antes posible'])(
    '%j → any time',
    (text) => {
      expect(parseAvailability(text, { now: TUESDAY_10AM, timeZone: NY })).toEqual({ anytime: true });
    },
  );

  it.each([
    'yes',
    'my sink is leaking',
    'leaking since this morning',
    "it's 45 degrees",
    // The time now is not a window.
    "I'm locked out, left my keys inside. It's 11pm",
    'hmm',
    '',
  ])('%j → null', (text) => {
    expect(parseAvailability(text, { now: TUESDAY_10AM, timeZone: NY })).toBeNull();
  });
});

describe('parseAvailability later in the day', () => {
  const evening = new Date('2025-03-04T23:30:00Z'); // 18:30 local

  it('moves a day-less window that is over to tomorrow', () => {
    expect(window('9-12', evening)).toEqual([
      '2025-03-05T09:00:00-05:00',
      '2025-03-05T12:00:00-05:00',
      'tomorrow 9am–12pm',
    ]);
  });

  it('starts a window under way now', () => {
    expect(window('after 5', evening)).toEqual([
      '2025-03-04T18:30:00-05:00',
      '2025-03-04T20:00:00-05:00',
      'today 6:30–8pm',
    ]);
  });

  it('refuses a window today that is already over', () => {
    expect(parseAvailability('this afternoon', { now: evening, timeZone: NY })).toBeNull();
  });

  it('takes the next weekday after work hours', () => {
    const friday = new Date('2025-03-08T02:30:00Z'); // Friday 21:30 local
    expect(window('weekdays after 6pm', friday)).toEqual([
      '2025-03-10T18:00:00-04:00',
      '2025-03-10T21:00:00-04:00',
      'Mon 3/10 6–9pm',
    ]);
  });
});

describe('time zones and DST', () => {
  it('uses the tenant time zone', () => {
    expect(window('tomorrow 9-12', TUESDAY_10AM, 'America/Los_Angeles')).toEqual([
      '2025-03-05T09:00:00-08:00',
      '2025-03-05T12:00:00-08:00',
      'tomorrow 9am–12pm',
    ]);
    expect(window('mañana por la mañana', TUESDAY_10AM, 'Europe/Madrid')).toEqual([
      '2025-03-05T08:00:00+01:00',
      '2025-03-05T12:00:00+01:00',
      'mañana 8:00–12:00',
    ]);
  });

  it('lands on the right hour across the spring-forward night', () => {
    const saturday = new Date('2025-03-08T17:00:00Z'); // Saturday 12:00 EST; DST starts Sunday 02:00
    expect(window('tomorrow 9-12', saturday)).toEqual([
      '2025-03-09T09:00:00-04:00',
      '2025-03-09T12:00:00-04:00',
      'tomorrow 9am–12pm',
    ]);
  });

  it('converts wall time and offsets both ways', () => {
    const instant = zonedToInstant({ year: 2025, month: 11, day: 2, hour: 12, minute: 0 }, NY);
    expect(instant.toISOString()).toBe('2025-11-02T17:00:00.000Z');
    expect(offsetMinutes(instant, NY)).toBe(-300);
    expect(offsetMinutes(new Date('2025-07-01T12:00:00Z'), NY)).toBe(-240);
  });

  it('formats appointments with only a start', () => {
    const start = new Date('2025-03-05T14:00:00Z');
    expect(formatWindow(start, null, { now: TUESDAY_10AM, timeZone: NY, language: 'en' })).toBe(
      'tomorrow 9am',
    );
    expect(formatWindow(start, null, { now: TUESDAY_10AM, timeZone: NY, language: 'es' })).toBe(
      'mañana 9:00',
    );
  });
});
