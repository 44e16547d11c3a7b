// Escalation: the ticket becomes `escalated` (audit row + `ticket.escalated`), and the on-call
// contact for the building (or the tenant) gets an SMS with a summary. Dispatch is not stopped: a
// vendor may still book an escalated ticket. A ticket already escalated is not escalated twice.
import type { Prisma } from '../generated/prisma/client.ts';
import { canTransition } from '../domain/ticket-status.ts';
import { queueSms } from '../messaging/outbound.ts';
import { transitionTicket } from '../services/ticket-changes.ts';
import type { Actor, TicketView } from '../services/ticket-service.ts';
import { jobSummary } from './context.ts';
import { texts } from './texts.ts';

export type EscalationReason = 'no_candidates' | 'all_declined' | 'sla_breach' | 'manual';

const REASON_TEXT: Record<EscalationReason, string> = {
  no_candidates: 'No vendor on file can take it. Please arrange one.',
  all_declined: 'Every vendor asked declined or did not answer. Please arrange one.',
  sla_breach: 'Not booked in time; vendors are still being asked.',
  manual: 'Escalated by the property team.',
};

/** Contacts to alert: on-call ones for the building or tenant-wide; else any landlord/manager. */
export async function escalationContacts(
  tx: Prisma.TransactionClient,
  ticket: { tenantId: string; buildingId: string | null },
) {
  const scope = {
    tenantId: ticket.tenantId,
    OR: [{ buildingId: null }, ...(ticket.buildingId ? [{ buildingId: ticket.buildingId }] : [])],
  };
  const onCall = await tx.contact.findMany({ where: { ...scope, onCall: true }, orderBy: { id: 'asc' } });
  if (onCall.length > 0) return onCall;
  return tx.contact.findMany({ where: scope, orderBy: { id: 'asc' }, take: 1 });
}

/** Returns the updated ticket, or the same one when it cannot be (or already is) escalated. */
export async function escalateTicket(
  tx: Prisma.TransactionClient,
  who: Actor,
  ticket: TicketView,
  reason: EscalationReason,
  details: Prisma.InputJsonObject = {},
): Promise<TicketView> {
  if (!canTransition(ticket.status, 'escalated')) return ticket;
  const updated = await transitionTicket(tx, who, ticket, 'escalated', {
    action: 'ticket.escalated',
    eventTypes: ['ticket.escalated'],
    extra: { reason, ...details },
  });
  const summary = texts.escalation(jobSummary(ticket), ticket.severity ?? 'routine', REASON_TEXT[reason]);
  for (const contact of await escalationContacts(tx, ticket)) {
    await queueSms(tx, {
      tenantId: ticket.tenantId,
      to: contact.phone,
      body: summary,
      participantType: 'contact',
      participantId: contact.id,
      ticketId: ticket.id,
      correlationId: who.correlationId,
      causationId: who.causationId ?? null,
      purpose: 'escalation',
      actor: who.actor,
    });
  }
  return updated;
}
