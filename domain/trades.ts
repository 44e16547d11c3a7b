// The trades a ticket can need (its category) and the severities, as the intake classifiers name
// them. Same values as the ticket service's TRADES; kept here so pure domain code depends on nothing.
export const TRADES = [
  'plumbing',
  'electrical',
  'hvac',
  'locksmith',
  'elevator',
  'appliance',
  'pest',
  'general',
] as const;
export type Trade = (typeof TRADES)[number];

export const SEVERITIES = ['emergency', 'urgent', 'routine'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { emergency: 3, urgent: 2, routine: 1 };

/** Positive when `a` is more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[a] - RANK[b];
}

export function isTrade(value: unknown): value is Trade {
  return typeof value === 'string' && (TRADES as readonly string[]).includes(value);
}
