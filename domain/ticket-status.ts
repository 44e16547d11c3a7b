// The ticket state machine: the only judge of which status changes are allowed, and the progress
// and wording shown to people for each status (PRODUCT.md §4).
import { DomainError } from './errors.ts';

export const TICKET_STATUSES = [
  'new',
  'triaged',
  'dispatching',
  'scheduled',
  'in_progress',
  'completed',
  'escalated',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Terminal: nothing moves a ticket out of these. */
export const CLOSED: readonly TicketStatus[] = ['completed', 'cancelled'];

const FORWARD: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['triaged', 'dispatching'],
  triaged: ['dispatching', 'scheduled'],
  dispatching: ['scheduled'],
  scheduled: ['in_progress', 'dispatching', 'completed'],
  in_progress: ['completed'],
  // An escalated ticket can still be booked or worked on once someone acts on it.
  escalated: ['dispatching', 'scheduled', 'in_progress', 'completed'],
  completed: [],
  cancelled: [],
};

export const PROGRESS_PERCENT: Record<TicketStatus, number> = {
  new: 0,
  triaged: 20,
  dispatching: 50,
  scheduled: 80,
  in_progress: 90,
  completed: 100,
  escalated: 50,
  cancelled: 100,
};

const MESSAGES: Record<TicketStatus, string> = {
  new: 'We have your request and are reviewing it.',
  triaged: 'Your request has been reviewed and is being prepared for a vendor.',
  dispatching: 'We are contacting vendors to book a visit.',
  scheduled: 'A vendor visit is booked.',
  in_progress: 'The vendor is working on it.',
  completed: 'The work is done.',
  escalated: 'Your property manager has been alerted and is following up.',
  cancelled: 'This request was cancelled.',
};

export function isOpen(status: TicketStatus): boolean {
  return !CLOSED.includes(status);
}

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  if (from === to) return false;
  // Escalation and cancellation can happen from any open state.
  if (to === 'escalated' || to === 'cancelled') return isOpen(from);
  return FORWARD[from].includes(to);
}

export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('invalid_transition', `A ${from} ticket cannot become ${to}.`, { from, to });
  }
}

export function statusMessage(status: TicketStatus): string {
  return MESSAGES[status];
}
