// The shape of a resident scenario, the facts it starts from, and a compact way to write one.
// See resident-scenarios.ts for what each field promises.
import type { EmergencyKind } from '../../../domain/emergency.ts';
import type { Severity, Trade } from '../../../domain/trades.ts';

export interface ScenarioTicket {
  code: string;
  category: Trade;
  severity: Severity;
  status: string;
  description: string;
  createdAt: string;
}

export interface ScenarioFacts {
  participant: 'resident' | 'unknown';
  language: 'en' | 'es';
  resident: { name: string; unitLabel: string | null; buildingName: string | null } | null;
  openTickets: ScenarioTicket[];
  now: string;
  timeZone: string;
  channel: 'sms' | 'chat';
}

export interface ExpectedTicket {
  category: Trade;
  severity: Severity;
  window: boolean;
}

export interface ScenarioExpectation {
  tickets: ExpectedTicket[];
  tools: string[];
  maxTurns: number;
  safetyAdvice: boolean;
  emergencyKind?: EmergencyKind;
  handoff?: boolean;
}

export interface ResidentScenario {
  name: string;
  language: 'en' | 'es';
  facts?: Partial<ScenarioFacts>;
  turns: string[];
  expected: ScenarioExpectation;
}

export const DEFAULT_SCENARIO_FACTS: ScenarioFacts = {
  participant: 'resident',
  language: 'en',
  resident: { name: 'Ana Ruiz', unitLabel: '101', buildingName: 'HQ Apartments' },
  openTickets: [],
  now: '2025-03-04T15:00:00.000Z',
  timeZone: 'America/New_York',
  channel: 'sms',
};

export const OPEN_PLUMBING: ScenarioTicket = {
  code: 'K7Q2',
  category: 'plumbing',
  severity: 'urgent',
  status: 'dispatching',
  description: 'Kitchen sink leaking',
  createdAt: '2025-03-03T14:00:00.000Z',
};

export const SCHEDULED_HEAT: ScenarioTicket = {
  code: 'H4W7',
  category: 'hvac',
  severity: 'urgent',
  status: 'scheduled',
  description: 'No heat in the bedroom',
  createdAt: '2025-03-02T14:00:00.000Z',
};

export const ROACHES: ScenarioTicket = {
  code: 'R5C9',
  category: 'pest',
  severity: 'routine',
  status: 'triaged',
  description: 'Roaches in the kitchen',
  createdAt: '2025-03-01T14:00:00.000Z',
};

export const ticket = (category: Trade, severity: Severity, window: boolean): ExpectedTicket => ({
  category,
  severity,
  window,
});

/**
 * One scenario. Defaults, written out in the result: tools = create_ticket when tickets are
 * expected (else none); safety advice exactly when an emergency kind is expected.
 */
export function scenario(
  name: string,
  language: 'en' | 'es',
  turns: string[],
  expected: Partial<ScenarioExpectation> & Pick<ScenarioExpectation, 'tickets' | 'maxTurns'>,
  facts?: Partial<ScenarioFacts>,
): ResidentScenario {
  return {
    name,
    language,
    ...(facts && { facts }),
    turns,
    expected: {
      tools: expected.tickets.length > 0 ? ['create_ticket'] : [],
      safetyAdvice: expected.emergencyKind !== undefined,
      ...expected,
    },
  };
}
