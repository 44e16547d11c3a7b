// A number we cannot match to a resident: no tickets can be opened for it (the tools need a
// verified identity). Be polite, ask for the building address, the unit and the problem in as few
// messages as possible, then hand the conversation to the property manager.
import { classifyProblems } from '../domain/intake-lexicon.ts';
import type { ModelMessage, TurnFacts } from './model.ts';
import { intakeStart, type IntakeState } from './deterministic-state.ts';
import { texts } from './deterministic-texts.ts';

// A street address: a number and a street word ("12 Main St", "450 W 23rd Street"), or Spanish
// "Calle Juárez 123", "Av. Reforma #45".
const ADDRESS =
  /\b\d{1,6}\s+(?:[nsew]\.?\s+)?[\p{L}0-9.'-]+(?:\s+[\p{L}0-9.'-]+){0,3}\s+(?:st|street|ave|avenue|av|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|pkwy|parkway|ter|terrace|hwy|highway|cir|circle|sq|square)\b|\b(?:calle|avenida|av|ave|boulevard|blvd|camino|privada|colonia|col)\.?\s+[\p{L}0-9 .'-]{2,40}?#?\s*\d{1,6}\b/iu;

export function decideForUnknown(messages: ModelMessage[], facts: TurnFacts, state: IntakeState): string {
  const l = state.language;
  const users = messages
    .slice(intakeStart(messages))
    .filter((m): m is { role: 'user'; content: string } => m.role === 'user')
    .map((m) => m.content);
  const hasAddress = users.some((u) => ADDRESS.test(u));
  const hasProblem =
    Boolean(facts.emergency) ||
    users.some((u) => classifyProblems(u).length > 0 || u.trim().split(/\s+/).length >= 6);
  const done = hasAddress && hasProblem;
  if (done || state.latestIntents.includes('human') || state.asked.address >= 2) return texts.unknownDone(l);
  return texts.unknownAsk(l, !hasAddress, !hasProblem);
}
