// What a manager (API key, MCP) can do by hand, through the same paths as the automatic engine:
// ping a vendor with an offer, book a vendor, move an appointment on (confirm, cancel, complete),
// escalate, and send a notification. Each is one transaction with the ticket row locked.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { isOpen } from '../domain/ticket-status.ts';
import { enqueueEvents } from '../events/outbox.ts';
import { queueSms, type ParticipantType } from '../messaging/outbound.ts';
import { writeAudit } from '../services/audit.ts';
import { transitionTicket } from '../services/ticket-changes.ts';
import type { Actor, TicketView } from '../services/ticket-service.ts';
import { bookTicket } from './book.ts';
import { liveAppointment, lockTicket } from './context.ts';
import { sendOffer, startDispatch, ticketEvent, type BookingDeps } from './dispatch.ts';
import { escalateTicket } from './escalation.ts';

async function lockedTicket(tx: Parameters<typeof lockTicket>[0], who: Actor, ticketId: string) {
  const ticket = await lockTicket(tx, who.tenantId, ticketId);
  if (!ticket) throw new DomainError('not_found', `No ticket ${ticketId}.`);
  return ticket;
}

async function vendorOf(tx: Parameters<typeof lockTicket>[0], who: Actor, vendorId: string) {
  const vendor = await tx.vendor.findFirst({ where: { id: vendorId, tenantId: who.tenantId } });
  if (!vendor) throw new DomainError('not_found', `No vendor ${vendorId}.`);
  return vendor;
}

const withCorrelation = (who: Actor, ticket: TicketView): Actor => ({
  ...who,
  correlationId: ticket.correlationId,
});

/** A manual offer to one vendor, outside the run's order; the run itself is not advanced. */
export async function pingVendor(
  prisma: PrismaClient,
  deps: BookingDeps,
  who: Actor,
  vendorId: string,
  ticketId: string,
) {
  return prisma.$transaction(async (tx) => {
    const ticket = await lockedTicket(tx, who, ticketId);
    const vendor = await vendorOf(tx, who, vendorId);
    if (!vendor.active) throw new DomainError('conflict', `Vendor ${vendorId} is inactive.`);
    if (!isOpen(ticket.status) || liveAppointment(ticket)) {
      throw new DomainError(
        'conflict',
        `Ticket ${ticketId} is ${liveAppointment(ticket) ? 'already booked' : ticket.status}.`,
      );
    }
    const dispatch =
      (await tx.dispatch.findFirst({
        where: { ticketId, status: { in: ['active', 'exhausted'] } },
        orderBy: { createdAt: 'desc' },
      })) ??
      (await tx.dispatch.create({
        data: { id: newId('dsp'), tenantId: who.tenantId, ticketId, candidates: [], status: 'active' },
      }));
    const sequence = (await tx.offer.count({ where: { dispatchId: dispatch.id } })) + 1;
    const { offer, sms } = await sendOffer(
      tx,
      deps,
      withCorrelation(who, ticket),
      ticket,
      dispatch,
      vendor,
      sequence,
      true,
    );
    return { offer, status: sms.status };
  });
}

export async function bookManually(
  prisma: PrismaClient,
  deps: BookingDeps,
  who: Actor,
  input: {
    ticketId: string;
    vendorId: string;
    startsAt?: Date;
    endsAt?: Date | null;
    method: 'manual' | 'api';
  },
) {
  const { appointment, ticket } = await prisma.$transaction(async (tx) => {
    const ticket = await lockedTicket(tx, who, input.ticketId);
    const vendor = await vendorOf(tx, who, input.vendorId);
    const offer = await tx.offer.findFirst({
      where: { ticketId: ticket.id, vendorId: vendor.id },
      orderBy: { sentAt: 'desc' },
    });
    const result = await bookTicket(tx, withCorrelation(who, ticket), ticket, {
      vendor,
      offerId: offer?.id ?? null,
      method: input.method,
      ...(input.startsAt && { startsAt: input.startsAt }),
      ...(input.endsAt !== undefined && { endsAt: input.endsAt }),
    });
    if (result.outcome === 'booked') return { appointment: result.appointment, ticket };
    if (result.outcome === 'taken')
      throw new DomainError('conflict', `Ticket ${ticket.id} is already booked.`);
    throw new DomainError('invalid_transition', `A ${ticket.status} ticket cannot be booked.`, {
      status: ticket.status,
    });
  });
  const seconds = (appointment.createdAt.getTime() - ticket.createdAt.getTime()) / 1000;
  deps.metrics?.timeToBook.observe({ severity: ticket.severity ?? 'unknown' }, seconds);
  return appointment;
}
export type AppointmentChange = 'confirm' | 'cancel' | 'complete';

const NEXT_STATUS = { confirm: 'confirmed', cancel: 'cancelled', complete: 'completed' } as const;
const FROM: Record<AppointmentChange, string[]> = {
  confirm: ['tentative'],
  cancel: ['tentative', 'confirmed'],
  complete: ['tentative', 'confirmed'],
};

/**
 * confirm: tentative → confirmed. complete: the visit happened, the ticket is completed.
 * cancel: the visit is off; the ticket goes back to dispatching and a new run starts.
 */
export async function changeAppointment(
  prisma: PrismaClient,
  deps: BookingDeps,
  who: Actor,
  appointmentId: string,
  change: AppointmentChange,
) {
  return prisma.$transaction(async (tx) => {
    const found = await tx.appointment.findFirst({ where: { id: appointmentId, tenantId: who.tenantId } });
    if (!found) throw new DomainError('not_found', `No appointment ${appointmentId}.`);
    const ticket = await lockedTicket(tx, who, found.ticketId);
    const appointment = await tx.appointment.findUniqueOrThrow({ where: { id: appointmentId } });
    if (!FROM[change].includes(appointment.status)) {
      throw new DomainError(
        'invalid_transition',
        `A ${appointment.status} appointment cannot be ${NEXT_STATUS[change]}.`,
        {
          from: appointment.status,
          to: NEXT_STATUS[change],
        },
      );
    }
    const actor = withCorrelation(who, ticket);
    const updated = await tx.appointment.update({
      where: { id: appointmentId },
      data: { status: NEXT_STATUS[change] },
    });
    const after = { appointment_id: appointmentId, vendor_id: appointment.vendorId, status: updated.status };
    if (change === 'confirm') {
      await writeAudit(tx, actor, {
        action: 'appointment.confirmed',
        entityType: 'appointment',
        entityId: appointmentId,
        ticketId: ticket.id,
        before: { status: appointment.status },
        after,
      });
      await enqueueEvents(tx, [ticketEvent('appointment.updated', actor, ticket, after)]);
    } else if (change === 'complete') {
      await transitionTicket(tx, actor, ticket, 'completed', {
        action: 'appointment.completed',
        eventTypes: ['ticket.completed'],
        extra: { appointment: after },
      });
    } else {
      await tx.dispatch.updateMany({
        where: { ticketId: ticket.id, status: 'booked' },
        data: { status: 'cancelled' },
      });
      const reopened = await transitionTicket(tx, actor, ticket, 'dispatching', {
        action: 'appointment.cancelled',
        eventTypes: ['appointment.cancelled'],
        extra: { appointment: after },
      });
      await startDispatch(tx, deps, who.tenantId, reopened.id, null);
    }
    return updated;
  });
}

export async function escalateManually(prisma: PrismaClient, who: Actor, ticketId: string, note?: string) {
  return prisma.$transaction(async (tx) => {
    const ticket = await lockedTicket(tx, who, ticketId);
    if (ticket.status === 'escalated') return ticket;
    if (!isOpen(ticket.status)) {
      throw new DomainError('invalid_transition', `A ${ticket.status} ticket cannot be escalated.`, {
        status: ticket.status,
      });
    }
    return escalateTicket(tx, withCorrelation(who, ticket), ticket, 'manual', note ? { note } : {});
  });
}

export interface Notification {
  to: { type: Exclude<ParticipantType, 'unknown'>; id: string };
  message: string;
  ticketId?: string;
}

/** A free-text SMS to a resident, vendor or contact of this tenant, logged on the ticket if given. */
export async function notify(prisma: PrismaClient, who: Actor, n: Notification) {
  return prisma.$transaction(async (tx) => {
    const where = { id: n.to.id, tenantId: who.tenantId };
    const person =
      n.to.type === 'resident'
        ? await tx.resident.findFirst({ where })
        : n.to.type === 'vendor'
          ? await tx.vendor.findFirst({ where })
          : await tx.contact.findFirst({ where });
    if (!person) throw new DomainError('not_found', `No ${n.to.type} ${n.to.id}.`);
    const ticket = n.ticketId ? await lockedTicket(tx, who, n.ticketId) : null;
    return queueSms(tx, {
      tenantId: who.tenantId,
      to: person.phone,
      body: n.message,
      participantType: n.to.type,
      participantId: person.id,
      ticketId: ticket?.id ?? null,
      correlationId: ticket?.correlationId ?? who.correlationId,
      purpose: 'manual',
      actor: who.actor,
    });
  });
}
