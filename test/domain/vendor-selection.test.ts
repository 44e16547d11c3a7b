// Vendor selection: filters with a reason for every vendor left out, working hours read in each
// vendor's own time zone (DST included), priority order, round-robin among equals, the emergency
// preference for 24/7 vendors, and an empty list when nobody fits. Dates are in 2026: US DST starts
// Sunday 8 March and ends Sunday 1 November; 3 March is a Tuesday.
import { describe, expect, it } from 'vitest';
import { DEMO_VENDORS } from '../../prisma/demo-data.ts';
import {
  selectCandidates,
  type RotationPointer,
  type SelectionInput,
  type SelectionVendor,
  type Shift,
} from '../../domain/vendor-selection.ts';

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS: Shift[] = [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }];
const EVERY_DAY: Shift[] = [{ days: ALL_DAYS, start: '07:00', end: '21:00' }];
const ALWAYS: Shift[] = [{ days: ALL_DAYS, start: '00:00', end: '24:00' }];

function vendor(id: string, over: Partial<SelectionVendor> = {}): SelectionVendor {
  return {
    id,
    active: true,
    trades: ['plumbing'],
    priority: 10,
    timezone: 'America/Chicago',
    hours: WEEKDAYS,
    ...over,
  };
}

// The seeded vendors exactly as prisma/demo-data.ts stores them.
const demo: SelectionVendor[] = DEMO_VENDORS.map((v) => ({
  id: v.id,
  active: v.active ?? true,
  trades: v.trades as string[],
  priority: v.priority ?? 100,
  timezone: v.timezone ?? 'America/New_York',
  hours: v.hours,
}));

const at = (iso: string) => new Date(iso);
// "03-03 15:00" is 3 March 2026 15:00 UTC; a window's end may leave out the date.
const utc = (text: string) => at(`2026-${text.replace(' ', 'T')}Z`);
function utcWindow(text: string) {
  const [start = '', end = ''] = text.split(' → ');
  return { start: utc(start), end: utc(end.includes(' ') ? end : `${start.slice(0, 5)} ${end}`) };
}
// Tuesday 3 March 2026, 10:00 in Chicago (CST, UTC-6).
const TUE_10_CHICAGO = at('2026-03-03T16:00:00Z');

function select(over: Partial<SelectionInput> = {}) {
  return selectCandidates({
    trade: 'plumbing',
    severity: 'routine',
    window: null,
    vendors: [],
    rotation: null,
    now: TUE_10_CHICAGO,
    ...over,
  });
}
const ids = (r: { candidates: { id: string }[] }) => r.candidates.map((c) => c.id);
const reasons = (r: ReturnType<typeof select>) =>
  Object.fromEntries(r.excluded.map((e) => [e.vendor.id, e.reason]));

describe('vendor selection: filters', () => {
  it.each([
    ['inactive', vendor('v', { active: false }), 'inactive'],
    ['another trade', vendor('v', { trades: ['electrical'] }), 'wrong_trade'],
    ['hours that are not a list', vendor('v', { hours: 'weekdays' }), 'invalid_hours'],
    ['weekday 0', vendor('v', { hours: [{ days: [0], start: '08:00', end: '17:00' }] }), 'invalid_hours'],
    ['hour 25', vendor('v', { hours: [{ days: [1], start: '25:00', end: '26:00' }] }), 'invalid_hours'],
    [
      'end after 24:00',
      vendor('v', { hours: [{ days: [1], start: '08:00', end: '24:30' }] }),
      'invalid_hours',
    ],
    ['an unknown time zone', vendor('v', { timezone: 'Mars/Olympus' }), 'invalid_timezone'],
  ] as const)('leaves out a vendor with %s (%s)', (_label, v, reason) => {
    const result = select({ vendors: [v] });
    expect(result.candidates).toEqual([]);
    expect(result.excluded).toEqual([{ vendor: v, reason }]);
  });

  it('matches the trade case-insensitively and keeps the vendor object in the result', () => {
    const v = { ...vendor('v', { trades: ['General', 'Plumbing'] }), name: 'Pipe Pros' };
    const result = selectCandidates({
      trade: ' plumbing ',
      severity: null,
      vendors: [v],
      rotation: null,
      now: TUE_10_CHICAGO,
    });
    expect(result.candidates).toMatchObject([{ id: 'v', name: 'Pipe Pros', alwaysOpen: false }]);
  });
});

describe('vendor selection: hours in the vendor time zone', () => {
  const CHI = 'America/Chicago';
  const LA = 'America/Los_Angeles';
  const NY = 'America/New_York';
  const FRIDAY_NIGHT: Shift[] = [{ days: [5], start: '22:00', end: '06:00' }];
  it.each([
    // label, hours, zone, window in UTC, start of the slot offered (null: left out)
    ['Chicago, Tue 09:00–12:00 local', WEEKDAYS, CHI, '03-03 15:00 → 18:00', '03-03 15:00'],
    ['Los Angeles, same UTC window = 07:00–10:00 PST', WEEKDAYS, LA, '03-03 15:00 → 18:00', '03-03 16:00'],
    ['Los Angeles, 06:00–08:30 PST: only 30 min', WEEKDAYS, LA, '03-03 14:00 → 16:30', null],
    ['Los Angeles, Mon 17:00–20:00 PST (Tue in UTC)', WEEKDAYS, LA, '03-03 01:00 → 04:00', '03-03 01:00'],
    ['New York, same window = Mon 20:00–23:00 EST', WEEKDAYS, NY, '03-03 01:00 → 04:00', null],
    ['a 30-min window inside hours', WEEKDAYS, CHI, '03-03 16:00 → 16:30', '03-03 16:00'],
    ['a 30-min window over closing time', WEEKDAYS, CHI, '03-03 23:45 → 03-04 00:15', null],
    ['a Saturday for a weekday vendor', WEEKDAYS, CHI, '03-07 16:00 → 19:00', null],
    ['LA Mon 07:00–08:00 PST, before DST', WEEKDAYS, LA, '03-02 15:00 → 16:00', null],
    ['LA Mon 08:00–09:00 PDT, after DST: same UTC hour', WEEKDAYS, LA, '03-09 15:00 → 16:00', '03-09 15:00'],
    ['Friday-night shift, Fri 23:00 → Sat 02:00', FRIDAY_NIGHT, NY, '03-07 04:00 → 07:00', '03-07 04:00'],
    ['Friday-night shift, Sat 23:00 → Sun 03:00', FRIDAY_NIGHT, NY, '03-08 04:00 → 07:00', null],
    ['over midnight 20:00 → 08:00, an hour each side', EVERY_DAY, CHI, '03-04 02:00 → 14:00', '03-04 02:00'],
    ['over midnight 20:30 → 07:30: two half hours', EVERY_DAY, CHI, '03-04 02:30 → 13:30', null],
  ] as const)('%s', (_label, hours, timezone, window, slotStart) => {
    const v = vendor('v', { hours, timezone });
    const result = select({ vendors: [v], window: utcWindow(window), now: at('2026-03-01T00:00Z') });
    expect(result.window.basis).toBe('resident');
    if (slotStart === null) expect(reasons(result)).toEqual({ v: 'outside_hours' });
    else expect(result.candidates.map((c) => c.slot.start)).toEqual([utc(slotStart)]);
  });

  it('clips the window to now and falls back to "as soon as possible"', () => {
    const vendors = [vendor('v')];
    const partly = select({
      vendors,
      window: { start: at('2026-03-03T14:00Z'), end: at('2026-03-03T20:00Z') },
    });
    expect(partly.window).toEqual({ start: TUE_10_CHICAGO, end: at('2026-03-03T20:00Z'), basis: 'resident' });
    const past = select({
      vendors,
      window: { start: at('2026-03-02T14:00Z'), end: at('2026-03-02T20:00Z') },
    });
    expect(past.window).toEqual({ start: TUE_10_CHICAGO, end: at('2026-03-06T16:00Z'), basis: 'asap' });
    const urgent = select({ vendors, severity: 'urgent' });
    expect(urgent.window).toEqual({ start: TUE_10_CHICAGO, end: at('2026-03-04T16:00Z'), basis: 'asap' });
    const onlyStart = select({ vendors, severity: 'urgent', window: { start: at('2026-03-05T14:00Z') } });
    expect(onlyStart.window.end).toEqual(at('2026-03-06T14:00Z'));
  });

  it('lets a Friday-evening routine ticket with no window reach a weekday vendor on Monday', () => {
    const result = select({ vendors: [vendor('v')], now: at('2026-03-07T01:00Z') }); // Fri 19:00 CST
    expect(result.window.basis).toBe('asap');
    expect(result.candidates[0]?.slot.start).toEqual(at('2026-03-09T13:00Z')); // Mon 08:00 CDT
  });
});

describe('vendor selection: order and round-robin', () => {
  it('orders the demo plumbers by priority, lower first', () => {
    const result = select({ vendors: demo });
    expect(ids(result)).toEqual(['v_flowright', 'v_pipepros', 'v_drainco']);
    expect(result.rotation).toEqual({ lastVendorId: 'v_flowright', turns: 1 });
    expect(reasons(result)).toMatchObject({ v_brightwire: 'wrong_trade', v_handyhelp: 'wrong_trade' });
  });

  it('sorts any priorities ascending', () => {
    const vendors = [
      vendor('a', { priority: 30 }),
      vendor('b', { priority: 5 }),
      vendor('c', { priority: 10 }),
    ];
    expect(ids(select({ vendors }))).toEqual(['b', 'c', 'a']);
  });

  it('starts each of 3 equal vendors first once per cycle over 4 tickets; the backup stays last', () => {
    const vendors = [vendor('v_c'), vendor('v_a'), vendor('v_d', { priority: 20 }), vendor('v_b')];
    let rotation: RotationPointer | null = null;
    const runs: string[][] = [];
    for (let ticket = 0; ticket < 4; ticket += 1) {
      const result = select({ vendors, rotation });
      runs.push(ids(result));
      rotation = result.rotation;
    }
    expect(runs).toEqual([
      ['v_a', 'v_b', 'v_c', 'v_d'],
      ['v_b', 'v_c', 'v_a', 'v_d'],
      ['v_c', 'v_a', 'v_b', 'v_d'],
      ['v_a', 'v_b', 'v_c', 'v_d'],
    ]);
    expect(rotation).toEqual({ lastVendorId: 'v_a', turns: 4 });
  });

  it('rotates the backups by turns, and skips an out-of-hours vendor without derailing the cycle', () => {
    const backups = [vendor('a'), vendor('x', { priority: 20 }), vendor('y', { priority: 20 })];
    expect(ids(select({ vendors: backups, rotation: { lastVendorId: 'a', turns: 1 } }))).toEqual([
      'a',
      'y',
      'x',
    ]);
    expect(ids(select({ vendors: backups, rotation: { lastVendorId: 'a', turns: 2 } }))).toEqual([
      'a',
      'x',
      'y',
    ]);
    const night: Shift[] = [{ days: ALL_DAYS, start: '20:00', end: '23:00' }];
    const vendors = [
      vendor('a', { hours: EVERY_DAY }),
      vendor('b', { hours: night }),
      vendor('c', { hours: EVERY_DAY }),
    ];
    const window = { start: at('2026-03-03T16:00Z'), end: at('2026-03-03T19:00Z') };
    const second = select({ vendors, window, rotation: { lastVendorId: 'a', turns: 1 } });
    expect(ids(second)).toEqual(['c', 'a']);
    expect(reasons(second)).toEqual({ b: 'outside_hours' });
    expect(ids(select({ vendors, window, rotation: second.rotation }))).toEqual(['a', 'c']);
  });

  it('keeps the pointer where it was when a vendor that went first has left', () => {
    const vendors = [vendor('a'), vendor('c')];
    expect(ids(select({ vendors, rotation: { lastVendorId: 'b', turns: 7 } }))).toEqual(['c', 'a']);
  });
});

describe('vendor selection: emergencies', () => {
  it.each([
    [
      'Tue 10:00: 24/7 first, then vendors in hours by priority',
      '2026-03-03T16:00Z',
      ['v_flowright', 'v_pipepros', 'v_drainco'],
      {},
    ],
    [
      'Tue 17:30: Pipe Pros closes within the hour',
      '2026-03-03T23:30Z',
      ['v_flowright', 'v_drainco'],
      { v_pipepros: 'not_working_now' },
    ],
    [
      'Tue 23:00: only the 24/7 vendor',
      '2026-03-04T05:00Z',
      ['v_flowright'],
      { v_pipepros: 'not_working_now', v_drainco: 'not_working_now' },
    ],
    [
      'Sun 06:30: DrainCo opens at 07:00, too late',
      '2026-03-01T12:30Z',
      ['v_flowright'],
      { v_drainco: 'not_working_now' },
    ],
  ] as const)('demo plumbing, %s', (_label, now, expected, excluded) => {
    const result = select({ vendors: demo, severity: 'emergency', now: at(now) });
    expect(result.window).toEqual({
      start: at(now),
      end: new Date(at(now).getTime() + 2 * 3_600_000),
      basis: 'emergency',
    });
    expect(ids(result)).toEqual(expected);
    expect(reasons(result)).toMatchObject(excluded);
  });

  it('puts a 24/7 vendor first even with a worse priority, only for emergencies', () => {
    const vendors = [vendor('open', { priority: 50, hours: ALWAYS }), vendor('best', { priority: 1 })];
    expect(ids(select({ vendors, severity: 'emergency' }))).toEqual(['open', 'best']);
    expect(ids(select({ vendors, severity: 'urgent' }))).toEqual(['best', 'open']);
  });

  it("dispatches now whatever the resident's window, and keeps a 24/7 vendor whatever its zone", () => {
    const vendors = [vendor('open', { hours: ALWAYS, timezone: 'Mars/Olympus' }), vendor('day')];
    const window = { start: at('2026-03-05T01:00Z'), end: at('2026-03-05T03:00Z') };
    const result = select({ vendors, severity: 'emergency', window });
    expect(result.window.start).toEqual(TUE_10_CHICAGO);
    expect(result.candidates).toMatchObject([
      { id: 'open', alwaysOpen: true, slot: { start: TUE_10_CHICAGO } },
      { id: 'day', alwaysOpen: false, slot: { start: TUE_10_CHICAGO } },
    ]);
  });

  it('reads a New York vendor in New York time for a Chicago emergency', () => {
    const electricians = { vendors: demo, trade: 'electrical', severity: 'emergency' as const };
    expect(ids(select({ ...electricians, now: at('2026-03-03T23:30Z') }))).toEqual(['v_brightwire']); // 18:30 ET
    expect(ids(select({ ...electricians, now: at('2026-03-03T14:30Z') }))).toEqual([
      'v_brightwire',
      'v_voltage',
    ]);
  });
});

describe('vendor selection: no candidates', () => {
  it.each([
    ['nobody has the trade', { trade: 'roofing', vendors: demo }],
    ['the only vendor is inactive', { vendors: [vendor('v', { active: false })] }],
    [
      'no vendor works in the window',
      { vendors: [vendor('v')], window: { start: at('2026-03-07T16:00Z'), end: at('2026-03-07T20:00Z') } },
    ],
    ['no vendors at all', { vendors: [] }],
  ] as const)('returns an empty list and leaves the pointer alone when %s', (_label, over) => {
    const rotation = { lastVendorId: 'v_x', turns: 3 };
    const result = select({ ...over, rotation });
    expect(result.candidates).toEqual([]);
    expect(result.excluded).toHaveLength(over.vendors.length);
    expect(result.rotation).toEqual(rotation);
  });
});
