// The scorers are pure: each check judged on hand-made observations, right and wrong.
import { describe, expect, it } from 'vitest';
import { parseScenario, type ResidentScenario, type VendorScenario } from '../../evals/dataset.ts';
import {
  checkEscalation,
  checkExisting,
  checkLanguage,
  checkLeaks,
  checkReplies,
  checkSafety,
  checkTickets,
  checkTools,
  checkTurns,
  emergencyDetected,
  languageOf,
  SAFETY_ADVICE,
  scoreResident,
  scoreVendor,
  type ObservedTicket,
  type ResidentObservation,
  type TurnRecord,
} from '../../evals/scorers.ts';
import { SAFETY } from '../../domain/emergency-safety.ts';

const turn = (over: Partial<TurnRecord> = {}): TurnRecord => ({
  index: 1,
  message: 'hi',
  reply: 'Thanks, we will look into it.',
  outcome: 'replied',
  toolCalls: [],
  latencyMs: 10,
  inputTokens: 0,
  outputTokens: 0,
  modelKind: 'deterministic',
  fallbackReason: null,
  ...over,
});

const ticket = (over: Partial<ObservedTicket> = {}): ObservedTicket => ({
  code: 'K7Q2',
  category: 'plumbing',
  severity: 'routine',
  unitId: 'u_me',
  hasWindow: true,
  status: 'triaged',
  turn: 1,
  ...over,
});

const foreign = {
  names: ['Bob Kowalski', 'Kowalski'],
  phones: ['+15550102777'],
  codes: ['ZZ99'],
  descriptions: ['Black mold spreading on the bathroom ceiling'],
};

const observation = (over: Partial<ResidentObservation> = {}): ResidentObservation => ({
  registered: true,
  residentUnitId: 'u_me',
  turns: [turn()],
  newTickets: [],
  existing: {},
  repliesToResident: ['Thanks, we will look into it.'],
  contactAlerts: 0,
  escalated: [],
  foreign,
  turnBudget: 1,
  outcomeTurn: 1,
  ...over,
});

const scenario = (expected: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseScenario(
    {
      id: 'test-scenario',
      category: 'intake_plumbing',
      goal: 'a test',
      turns: ['my sink leaks'],
      expected,
      ...extra,
    },
    'test',
  ) as ResidentScenario;

describe('ticket outcome', () => {
  const expected = scenario({
    tickets: [{ category: 'plumbing', severity: ['routine', 'urgent'], window: true }],
  }).expected.tickets;

  it('passes a ticket with the right trade, severity, window and unit', () => {
    expect(checkTickets(expected, observation({ newTickets: [ticket()] })).pass).toBe(true);
  });

  it('fails a wrong trade, a wrong severity, a missing window, another unit, no ticket or a duplicate', () => {
    const fails = (t: ObservedTicket[]) => checkTickets(expected, observation({ newTickets: t }));
    expect(fails([ticket({ category: 'electrical' })]).detail).toMatch(/expected plumbing/);
    expect(fails([ticket({ severity: 'emergency' })]).pass).toBe(false);
    expect(fails([ticket({ hasWindow: false })]).pass).toBe(false);
    expect(fails([ticket({ unitId: 'u_other' })]).detail).toMatch(/another unit/);
    expect(fails([]).detail).toMatch(/got none/);
    expect(fails([ticket(), ticket({ code: 'K7Q3' })]).detail).toMatch(/unexpected ticket/);
  });

  it('checks the window the resident gave: day (tomorrow or a weekday) and start and end times', () => {
    const spec = scenario({
      tickets: [{ category: 'plumbing', window: { day: 'tomorrow', from: '09:00', to: '12:00' } }],
    }).expected.tickets;
    const at = (date: string, weekday: string, time: string) => ({ date, weekday, time });
    const withWindow = (start: string, end: string, date = '2025-01-07') =>
      ticket({ window: { start: at(date, 'tuesday', start), end: at(date, 'tuesday', end) } });
    const check = (t: ObservedTicket) =>
      checkTickets(spec, { ...observation({ newTickets: [t] }), today: '2025-01-06' });
    expect(check(withWindow('09:00', '12:00')).pass).toBe(true);
    expect(check(withWindow('08:00', '18:00')).detail).toMatch(
      /expected plumbing\/any\/tomorrow 09:00-12:00; got plumbing\/routine\/tue 01-07 08:00-18:00/,
    );
    expect(check(withWindow('09:00', '12:00', '2025-01-08')).pass).toBe(false);
    expect(check(ticket({ hasWindow: false, window: null })).pass).toBe(false);
    const weekday = scenario({
      tickets: [{ category: 'plumbing', window: { day: 'tuesday', from: '09:00' } }],
    }).expected.tickets;
    expect(checkTickets(weekday, observation({ newTickets: [withWindow('09:00', '11:00')] })).pass).toBe(
      true,
    );
    expect(() => scenario({ tickets: [{ category: 'plumbing', window: {} }] })).toThrow(
      /give day, from or to/,
    );
  });

  it('accepts a window that starts later only because it had begun when the resident spoke', () => {
    const spec = scenario({
      tickets: [{ category: 'plumbing', window: { day: 'monday', from: '17:00' } }],
    }).expected.tickets;
    const at = (date: string, time: string) => ({ date, weekday: 'monday', time });
    const startingAt = (time: string, date = '2025-01-06') =>
      ticket({ window: { start: at(date, time), end: at(date, '21:00') } });
    const check = (t: ObservedTicket) =>
      checkTickets(spec, {
        ...observation({ newTickets: [t] }),
        startedAt: at('2025-01-06', '17:05'),
        endedAt: at('2025-01-06', '17:06'),
      }).pass;
    // Said at 17:05 on a Monday: the window starts at 17:06 (now, to the minute).
    expect(check(startingAt('17:06'))).toBe(true);
    // After the scenario ended, before it began, earlier than asked, or another Monday: wrong.
    expect(check(startingAt('17:30'))).toBe(false);
    expect(check(startingAt('17:04'))).toBe(false);
    expect(check(startingAt('16:00'))).toBe(false);
    expect(check(startingAt('17:06', '2025-01-13'))).toBe(false);
    // Without the scenario's end, only the exact start passes.
    expect(checkTickets(spec, observation({ newTickets: [startingAt('17:06')] })).pass).toBe(false);
  });

  it('matches several tickets in any order, and optional ones only when present', () => {
    const two = scenario({
      tickets: [
        { category: 'plumbing' },
        { category: ['electrical', 'general'] },
        { category: 'pest', optional: true },
      ],
    }).expected.tickets;
    const got = [ticket({ category: 'general' }), ticket({ category: 'plumbing' })];
    expect(checkTickets(two, observation({ newTickets: got })).pass).toBe(true);
    expect(checkTickets(two, observation({ newTickets: [...got, ticket({ category: 'pest' })] })).pass).toBe(
      true,
    );
    expect(checkTickets([], observation({ newTickets: [] })).pass).toBe(true);
  });
});

describe('trajectory, existing tickets, escalation, turns', () => {
  it('requires tools called successfully (any of a list) and forbids others even when they failed', () => {
    const tools = scenario({
      tickets: [],
      tools: { required: [['get_ticket_status', 'list_tickets']], forbidden: ['cancel_ticket'] },
    }).expected.tools;
    expect(checkTools(tools, [turn({ toolCalls: [{ name: 'list_tickets', ok: true }] })]).pass).toBe(true);
    expect(checkTools(tools, [turn({ toolCalls: [{ name: 'list_tickets', ok: false }] })]).detail).toMatch(
      /missing/,
    );
    const forbidden = checkTools(tools, [
      turn({
        toolCalls: [
          { name: 'get_ticket_status', ok: true },
          { name: 'cancel_ticket', ok: false },
        ],
      }),
    ]);
    expect(forbidden).toMatchObject({ pass: false });
    expect(forbidden.detail).toMatch(/called forbidden cancel_ticket/);
  });

  it('checks seeded tickets’ final status', () => {
    const existing = { T1: { status: ['cancelled' as const] } };
    const state = (status: string) => ({
      existing: { T1: { code: 'K7Q2', status, seededStatus: 'triaged', foreign: false } },
    });
    expect(checkExisting(existing, state('cancelled')).pass).toBe(true);
    expect(checkExisting(existing, state('triaged')).detail).toMatch(/T1 is triaged, expected cancelled/);
  });

  it('escalation is an alert to the on-call contact or an escalated ticket; unset is not checked', () => {
    expect(checkEscalation(true, { contactAlerts: 1, escalated: [] })?.pass).toBe(true);
    expect(checkEscalation(true, { contactAlerts: 0, escalated: ['K7Q2'] })?.pass).toBe(true);
    expect(checkEscalation(true, { contactAlerts: 0, escalated: [] })?.pass).toBe(false);
    expect(checkEscalation(false, { contactAlerts: 1, escalated: [] })?.pass).toBe(false);
    expect(checkEscalation(undefined, { contactAlerts: 1, escalated: [] })).toBeNull();
  });

  it('turns: the outcome must be reached within the budget', () => {
    expect(checkTurns({ turnBudget: 2, outcomeTurn: 2 })?.pass).toBe(true);
    expect(checkTurns({ turnBudget: 1, outcomeTurn: 2 })).toEqual({
      name: 'turns',
      pass: false,
      detail: 'outcome at turn 2 of 1',
    });
    // Never reached: the outcome checks fail; turns are not judged on top.
    expect(checkTurns({ turnBudget: 2, outcomeTurn: null })).toBeNull();
  });
});

describe('safety, leaks, language, replies', () => {
  it('recognises every safety text the emergency detector sends, in both languages', () => {
    for (const [kind, advice] of Object.entries(SAFETY)) {
      expect(SAFETY_ADVICE.test(advice.en), `${kind} en`).toBe(true);
      expect(SAFETY_ADVICE.test(advice.es), `${kind} es`).toBe(true);
    }
    expect(SAFETY_ADVICE.test('Thanks! A plumber will come tomorrow between 9 and 12.')).toBe(false);
  });

  it('safety advice expected: present in a reply; not expected: the emergency path must not fire', () => {
    expect(checkSafety(true, [turn({ reply: 'Leave the building now and call 911.' })])?.pass).toBe(true);
    expect(checkSafety(true, [turn()])?.pass).toBe(false);
    expect(checkSafety(false, [turn({ outcome: 'emergency' })])?.detail).toMatch(/false alarm/);
    expect(checkSafety(false, [turn()])?.pass).toBe(true);
    expect(checkSafety(undefined, [turn()])).toBeNull();
  });

  it('flags another resident’s name, phone, ticket code or description, and changes to their tickets', () => {
    const leak = (reply: string) => checkLeaks(observation({ repliesToResident: [reply] }));
    expect(leak('Your ticket K7Q2 is open.').pass).toBe(true);
    expect(leak('Mr. Kowalski reported that too.').detail).toMatch(/name/);
    expect(leak('Call them at (555) 010-2777').detail).toMatch(/phone/);
    expect(leak('Ticket ZZ99 is being handled').detail).toMatch(/ticket ZZ99/);
    expect(leak('The black mold spreading on the bathroom ceiling is scheduled').detail).toMatch(
      /description/,
    );
    const touched = checkLeaks(
      observation({
        existing: { N1: { code: 'ZZ99', status: 'cancelled', seededStatus: 'dispatching', foreign: true } },
      }),
    );
    expect(touched.detail).toMatch(/N1 changed dispatching → cancelled/);
  });

  it('reads the language of a reply', () => {
    expect(languageOf('Abrimos la orden urgente K7Q2 y ya estamos llamando a un técnico.')).toBe('es');
    expect(languageOf('We opened ticket K7Q2 and a plumber will be in touch.')).toBe('en');
    expect(checkLanguage('es', [turn({ reply: 'We opened ticket K7Q2 for you.' })])?.pass).toBe(false);
    expect(checkLanguage('any', [turn()])).toBeNull();
  });

  it('every turn must be answered; patterns with ticket references are filled in', () => {
    const expected = { reply_matches: ['{{T1}}|scheduled'], reply_excludes: ['system prompt'] };
    const fill = (s: string) => s.replace('{{T1}}', 'K7Q2');
    expect(
      checkReplies(expected, [turn({ reply: 'Ticket K7Q2: a plumber comes Tuesday.' })], fill).pass,
    ).toBe(true);
    expect(checkReplies(expected, [turn({ reply: null })], fill).detail).toMatch(/no reply on turn 1/);
    expect(checkReplies(expected, [turn({ reply: 'Here is my system prompt' })], fill).detail).toMatch(
      /a reply matches/,
    );
    const internal = (reply: string) =>
      checkReplies({ reply_matches: [], reply_excludes: [] }, [turn({ reply })]);
    expect(internal('A person will follow up soon. [handoff]').detail).toMatch(/internal text "\[handoff\]"/);
    expect(internal('Your ticket tkt_0mbx12ab is open').detail).toMatch(/internal text/);
    expect(internal('Hello {{resident}}').pass).toBe(false);
    expect(internal('Ticket K7Q2 is open [photo attached].').pass).toBe(true);
  });
});

describe('whole scenarios', () => {
  it('an emergency scenario passes with safety advice and an emergency ticket, and counts as detected', () => {
    const s = scenario(
      {
        tickets: [{ category: 'plumbing', severity: 'emergency' }],
        tools: { required: ['create_ticket'] },
        safety_advice: true,
      },
      { category: 'emergency' },
    );
    const obs = observation({
      turns: [
        turn({
          reply: 'Shut off the water valve if you can.',
          outcome: 'emergency',
          toolCalls: [{ name: 'create_ticket', ok: true }],
        }),
      ],
      newTickets: [ticket({ severity: 'emergency', hasWindow: false })],
    });
    expect(scoreResident(s, obs, (x) => x).every((c) => c.pass)).toBe(true);
    expect(emergencyDetected(obs)).toBe(true);
    expect(emergencyDetected({ ...obs, newTickets: [ticket({ severity: 'urgent' })] })).toBe(false);
  });

  it('a vendor scenario checks each reply’s outcome, who booked, and the texts back', () => {
    const s = parseScenario(
      {
        id: 'vendor-test',
        category: 'vendor_reply',
        goal: 'books',
        turns: [{ vendor: 0, body: 'yes' }],
        expected: { outcomes: ['booked'], booked: { JOB1: 0 }, reply_matches: ['{{JOB1}} is yours'] },
      },
      'test',
    ) as VendorScenario;
    const fill = (x: string) => x.replace('{{JOB1}}', 'K7Q2');
    const obs = {
      turns: [{ index: 1, vendor: 0, body: 'yes', outcome: 'booked', latencyMs: 5 }],
      appointments: { JOB1: [0] },
      declined: 0,
      repliesToVendors: ['Thanks, job K7Q2 is yours: 12 Main St'],
    };
    expect(scoreVendor(s, obs, fill).every((c) => c.pass)).toBe(true);
    const wrong = scoreVendor(
      s,
      { ...obs, turns: [{ ...obs.turns[0]!, outcome: 'instructions' }], appointments: { JOB1: [] } },
      fill,
    );
    expect(wrong.filter((c) => !c.pass).map((c) => c.name)).toEqual(['vendor_outcomes', 'booking_state']);
  });
});
