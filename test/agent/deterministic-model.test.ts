// The deterministic intake model plays every resident scenario (through the pure harness: the
// emergency guardrail first, then the model with in-memory tools) and reaches the expected
// tickets, with the expected tools, within the expected number of resident messages; every reply
// fits two SMS segments, is in the resident's language and quotes the ticket code once one exists
// (questions about a further problem excepted: another ticket's code would confuse them).
import { describe, expect, it } from 'vitest';
import { DeterministicModel, HANDOFF_MARKER, stripHandoff } from '../../agent/deterministic-model.ts';
import { questionsIn } from '../../agent/deterministic-texts.ts';
import { detectLanguage } from '../../domain/intake-lexicon.ts';
import { RESIDENT_SCENARIOS } from './scenarios/resident-scenarios.ts';
import { playScenario } from './support/model-harness.ts';

const model = new DeterministicModel();

describe('deterministic model: resident scenarios', () => {
  it('has at least 40 scenarios, in both languages', () => {
    expect(RESIDENT_SCENARIOS.length).toBeGreaterThanOrEqual(40);
    expect(RESIDENT_SCENARIOS.filter((s) => s.language === 'es').length).toBeGreaterThanOrEqual(10);
    expect(new Set(RESIDENT_SCENARIOS.map((s) => s.name)).size).toBe(RESIDENT_SCENARIOS.length);
  });

  it.each(RESIDENT_SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const played = await playScenario(model, scenario);
    const { expected } = scenario;
    const transcript = played.replies.map((r) => `${r.turn} ${r.by}: ${r.text}`).join('\n');

    expect(
      played.tickets.map((t) => ({
        category: t.category,
        severity: t.severity,
        window: t.window_start !== null,
      })),
      transcript,
    ).toEqual(expected.tickets);
    expect(new Set(played.calls.map((c) => c.name)), transcript).toEqual(new Set(expected.tools));
    expect(
      played.calls.every((c) => c.ok),
      transcript,
    ).toBe(true);
    if (expected.tickets.length > 0) expect(played.firstTicketTurn).toBeLessThanOrEqual(expected.maxTurns);
    else expect(played.turns).toBeLessThanOrEqual(expected.maxTurns);
    if (expected.emergencyKind) expect(played.emergencies[0]).toBe(expected.emergencyKind);
    else expect(played.emergencies.every((e) => e === null)).toBe(true);
    expect(
      played.replies.some((r) => r.by === 'engine'),
      transcript,
    ).toBe(expected.safetyAdvice);

    const handedOff =
      played.calls.some((c) => c.name === 'escalate_ticket') ||
      played.replies.some((r) => r.text.includes(HANDOFF_MARKER));
    if (expected.handoff !== undefined) expect(handedOff, transcript).toBe(expected.handoff);

    for (const reply of played.replies.filter((r) => r.by === 'model')) {
      const { text } = stripHandoff(reply.text);
      expect(text.length, text).toBeLessThanOrEqual(300);
      expect(text.length, transcript).toBeGreaterThan(0);
      expect(detectLanguage(text, scenario.language), text).toBe(scenario.language);
      // Once a ticket exists every reply quotes a code, except questions about a new problem.
      if (reply.turn > (played.firstTicketTurn ?? Infinity) && questionsIn(text).length === 0) {
        expect(
          played.tickets.some((t) => text.includes(t.code)),
          text,
        ).toBe(true);
      }
    }
  });
});
