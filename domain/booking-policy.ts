// How long a vendor has to answer an offer, and how long a ticket may go unbooked before the
// landlord is alerted, per severity. Pure data; the config module fills it from the environment.
export type Severity = 'emergency' | 'urgent' | 'routine';

export interface BookingPolicy {
  /** Per-offer answer time before the next vendor is asked (the seed's 30 s). */
  offerTimeoutMs: Record<Severity, number>;
  /** Not booked this long after the ticket was created → escalate (dispatch goes on). */
  slaMs: Record<Severity, number>;
}

export const DEFAULT_BOOKING_POLICY: BookingPolicy = {
  offerTimeoutMs: { emergency: 30_000, urgent: 30_000, routine: 30_000 },
  slaMs: { emergency: 5 * 60_000, urgent: 30 * 60_000, routine: 2 * 60 * 60_000 },
};

/** A ticket with no severity yet is booked as routine. */
export function severityOf(value: string | null | undefined): Severity {
  return value === 'emergency' || value === 'urgent' ? value : 'routine';
}
