// Vendor hours on their own: the seeded format validates, 24/7 is recognised however it is
// written, and a DST day in the vendor's zone has 23 or 25 working hours. 2026 dates: US DST starts
// Sunday 8 March and ends Sunday 1 November.
import { describe, expect, it } from 'vitest';
import { DEMO_VENDORS } from '../../prisma/demo-data.ts';
import {
  isAlwaysOpen,
  parseVendorHours,
  workingIntervals,
  type Shift,
} from '../../domain/vendor-selection.ts';

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

describe('vendor hours', () => {
  it('accepts the seeded hours of every demo vendor, and knows which are 24/7', () => {
    for (const v of DEMO_VENDORS) expect(parseVendorHours(v.hours), v.id).not.toBeNull();
    const open = DEMO_VENDORS.filter((v) => isAlwaysOpen(parseVendorHours(v.hours) ?? [])).map((v) => v.id);
    expect(open.sort()).toEqual(['v_brightwire', 'v_flowright', 'v_heatwave', 'v_keymaster', 'v_liftcare']);
  });

  it.each([
    ['not a list', { days: [1], start: '08:00', end: '17:00' }],
    ['no days', [{ days: [], start: '08:00', end: '17:00' }]],
    ['weekday 8', [{ days: [8], start: '08:00', end: '17:00' }]],
    ['a start of 24:00', [{ days: [1], start: '24:00', end: '02:00' }]],
    ['minute 75', [{ days: [1], start: '08:75', end: '17:00' }]],
    ['am/pm times', [{ days: [1], start: '8am', end: '5pm' }]],
  ])('refuses hours with %s', (_label, hours) => {
    expect(parseVendorHours(hours)).toBeNull();
  });

  const half = (start: string, end: string) => ({ days: ALL_DAYS, start, end });
  it.each([
    ['the demo 00:00–24:00 every day', true, [half('00:00', '24:00')]],
    ['two half days', true, [half('00:00', '12:00'), half('12:00', '24:00')]],
    ['noon to noon every day (overnight)', true, [half('12:00', '12:00')]],
    ['07:00–21:00 every day', false, [half('07:00', '21:00')]],
    ['every day but Sunday', false, [{ days: [1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00' }]],
    ['weekdays', false, [{ days: [1, 2, 3, 4, 5], start: '00:00', end: '24:00' }]],
  ])('isAlwaysOpen: %s → %s', (_label, expected, hours: Shift[]) => {
    expect(isAlwaysOpen(hours)).toBe(expected);
  });

  const sunday = (start: string, end: string): Shift[] => [{ days: [7], start, end }];
  it.each([
    [
      'spring-forward Sunday lasts 23 h',
      sunday('00:00', '24:00'),
      '2026-03-07',
      '03-08T08:00',
      '03-09T07:00',
    ],
    ['fall-back Sunday lasts 25 h', sunday('00:00', '24:00'), '2026-10-31', '11-01T07:00', '11-02T08:00'],
    [
      '01:00–03:00 on spring-forward day is 1 h',
      sunday('01:00', '03:00'),
      '2026-03-07',
      '03-08T09:00',
      '03-08T10:00',
    ],
    [
      '01:00–03:00 on fall-back day is 3 h',
      sunday('01:00', '03:00'),
      '2026-10-31',
      '11-01T08:00',
      '11-01T11:00',
    ],
    [
      'Sat 22:00 → Sun 04:00 over spring-forward is 5 h',
      [{ days: [6], start: '22:00', end: '04:00' }],
      '2026-03-07',
      '03-08T06:00',
      '03-08T11:00',
    ],
  ])('workingIntervals in Los Angeles: %s', (_label, hours, day, start, end) => {
    const from = new Date(`${day}T00:00Z`);
    const to = new Date(from.getTime() + 3 * 24 * 3_600_000);
    const worked = workingIntervals(hours, 'America/Los_Angeles', from, to);
    expect(worked).toEqual([{ start: new Date(`2026-${start}Z`), end: new Date(`2026-${end}Z`) }]);
  });

  it('works the same for a zone east of UTC and one without DST', () => {
    const nine: Shift[] = [{ days: [2], start: '09:00', end: '10:00' }];
    const tue = [new Date('2026-03-02T12:00Z'), new Date('2026-03-04T12:00Z')] as const;
    expect(workingIntervals(nine, 'Asia/Kolkata', ...tue)).toEqual([
      { start: new Date('2026-03-03T03:30Z'), end: new Date('2026-03-03T04:30Z') },
    ]);
    expect(workingIntervals(nine, 'UTC', ...tue)).toEqual([
      { start: new Date('2026-03-03T09:00Z'), end: new Date('2026-03-03T10:00Z') },
    ]);
  });
});
