// The trades a ticket can need (its category) and the severities: the one list, used by the
// intake classifiers, the ticket service and every schema that validates a category.
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
