// Durable timers, written in the caller's transaction: an offer's expiry, a ticket's SLA. The
// dedupe key makes scheduling idempotent (a redelivered event cannot create a second timer); the
// scheduler worker fires due timers through the outbox as `timer.fired` events.
import type { Prisma } from '../generated/prisma/client.ts';
import { newId } from '../domain/ids.ts';

export const TIMER_NOTIFY = 'fixline_timers';

export type TimerKind = 'offer_expiry' | 'sla_breach';

export interface NewTimer {
  tenantId: string;
  kind: TimerKind;
  dedupeKey: string;
  dueAt: Date;
  ticketId?: string | null;
  payload?: Prisma.InputJsonObject;
}

export async function scheduleTimer(tx: Prisma.TransactionClient, timer: NewTimer): Promise<void> {
  await tx.timer.createMany({
    data: [
      {
        id: newId('tmr'),
        tenantId: timer.tenantId,
        kind: timer.kind,
        dedupeKey: timer.dedupeKey,
        dueAt: timer.dueAt,
        ticketId: timer.ticketId ?? null,
        payload: timer.payload ?? {},
      },
    ],
    skipDuplicates: true,
  });
  // Lets a sleeping scheduler recompute its wake-up time (a 50 ms offer timeout must not wait a poll).
  await tx.$executeRawUnsafe(`SELECT pg_notify('${TIMER_NOTIFY}', '')`);
}

/** Cancels a ticket's unfired timers (of the given kinds, or all); returns how many. */
export async function cancelTimers(
  tx: Prisma.TransactionClient,
  ticketId: string,
  kinds?: TimerKind[],
): Promise<number> {
  const { count } = await tx.timer.updateMany({
    where: { ticketId, firedAt: null, cancelledAt: null, ...(kinds && { kind: { in: kinds } }) },
    data: { cancelledAt: new Date() },
  });
  return count;
}

/** Cancels one timer by its dedupe key (e.g. an offer's expiry once the vendor answered). */
export async function cancelTimer(tx: Prisma.TransactionClient, dedupeKey: string): Promise<void> {
  await tx.timer.updateMany({
    where: { dedupeKey, firedAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
}
