// Multi-turn resident conversations as data: what residents text (English, Spanish, typos,
// emergencies, vague openings, status questions, cancellations, several problems at once, unit
// confirmation, availability) and what must come of it. Played by the pure harness against the
// deterministic model (test/agent/deterministic-model.test.ts) and, unchanged, by the engine
// against a real database.
//
// Conventions:
// - `facts` overrides DEFAULT_SCENARIO_FACTS (the resident Ana Ruiz in unit 101, New York, Tuesday
//   2025-03-04 10:00 local). `openTickets` exist before the first turn.
// - `expected.tickets`: the tickets opened during the conversation, in order ([] = none), with
//   trade, severity and whether an availability window was recorded.
// - `expected.tools`: every tool used during the conversation, by the engine's guardrail or the
//   model (as a set; order does not matter).
// - `expected.maxTurns`: resident messages allowed until the first ticket exists (or, with no
//   ticket expected, the number of turns played).
// - `expected.emergencyKind`: the emergency detector must fire on the first turn with this kind
//   (and on no turn when absent).
// - `expected.safetyAdvice`: a safety instruction must be sent.
// - `expected.handoff`: a person must be brought in (escalate_ticket, or a hand-off reply).
import { ENGLISH_SCENARIOS } from './english-scenarios.ts';
import type { ResidentScenario } from './scenario-types.ts';
import { SPANISH_SCENARIOS } from './spanish-scenarios.ts';

export * from './scenario-types.ts';

export const RESIDENT_SCENARIOS: ResidentScenario[] = [...ENGLISH_SCENARIOS, ...SPANISH_SCENARIOS];
