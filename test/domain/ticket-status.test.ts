// The state machine table: every allowed and refused transition, and progress never goes back
// along the happy path.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.ts';
import {
  PROGRESS_PERCENT,
  TICKET_STATUSES,
  assertTransition,
  canTransition,
  isOpen,
  statusMessage,
} from '../../domain/ticket-status.ts';

describe('ticket state machine', () => {
  it.each([
    ['new', 'triaged'],
    ['new', 'dispatching'],
    ['triaged', 'dispatching'],
    ['dispatching', 'scheduled'],
    ['scheduled', 'in_progress'],
    ['in_progress', 'completed'],
    ['escalated', 'scheduled'],
    ['dispatching', 'escalated'],
    ['scheduled', 'cancelled'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each([
    ['new', 'completed'],
    ['new', 'new'],
    ['completed', 'cancelled'],
    ['cancelled', 'escalated'],
    ['completed', 'dispatching'],
    ['in_progress', 'new'],
    ['escalated', 'escalated'],
  ] as const)('refuses %s → %s with invalid_transition', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(DomainError);
  });

  it('lets every open status escalate or cancel, and no closed one', () => {
    for (const s of TICKET_STATUSES) {
      expect(canTransition(s, 'cancelled'), s).toBe(isOpen(s) && s !== 'cancelled');
      expect(canTransition(s, 'escalated'), s).toBe(isOpen(s) && s !== 'escalated');
    }
  });

  it('reports progress 0 → 20 → 50 → 80 → 90 → 100 and a message for every status', () => {
    const path = ['new', 'triaged', 'dispatching', 'scheduled', 'in_progress', 'completed'] as const;
    expect(path.map((s) => PROGRESS_PERCENT[s])).toEqual([0, 20, 50, 80, 90, 100]);
    for (const s of TICKET_STATUSES) expect(statusMessage(s).length).toBeGreaterThan(10);
  });
});
