// Booking: the one path that creates an appointment, for a vendor's YES and for manual bookings.
// It runs with the ticket row locked and first checks for a live appointment, so whatever the
// race exactly one booking wins; the rest get `taken`. The winner closes the dispatch, cancels the
// ticket's timers, moves the ticket to `scheduled` (`vendor.confirmed`, then
// `appointment.confirmed`) and notifies the vendor, the resident and the landlord.
import type { Appointment, Prisma, Vendor } from '../generated/prisma/client.ts';
import { canTransition, isOpen } from '../domain/ticket-status.ts';
import { newId } from '../domain/ids.ts';
import { queueSms } from '../messaging/outbound.ts';
import { transitionTicket } from '../services/ticket-changes.ts';
import type { Actor, TicketView } from '../services/ticket-service.ts';
import { cancelTimers } from '../services/timers.ts';
import { jobSummary, liveAppointment } from './context.ts';
import { texts } from './texts.ts';

export type BookingResult =
  | { outcome: 'booked'; appointment: Appointment; ticket: TicketView }
  | { outcome: 'taken' | 'closed'; ticket: TicketView };

export interface BookingRequest {
  vendor: Vendor;
  offerId?: string | null;
  method: 'sms_yes' | 'manual' | 'api';
  startsAt?: Date;
  endsAt?: Date | null;
}

/** `ticket` must have been read with its row locked (lockTicket) in this transaction. */
export async function bookTicket(
  tx: Prisma.TransactionClient,
  who: Actor,
  ticket: TicketView,
  request: BookingRequest,
): Promise<BookingResult> {
  if (liveAppointment(ticket)) return { outcome: 'taken', ticket };
  if (!isOpen(ticket.status) || !canTransition(ticket.status, 'scheduled'))
    return { outcome: 'closed', ticket };
  const now = new Date();
  const appointment = await tx.appointment.create({
    data: {
      id: newId('apt'),
      tenantId: ticket.tenantId,
      ticketId: ticket.id,
      vendorId: request.vendor.id,
      offerId: request.offerId ?? null,
      status: 'tentative',
      // From the resident's availability window; without one, as soon as possible.
      startsAt: request.startsAt ?? ticket.windowStart ?? now,
      endsAt: request.endsAt !== undefined ? request.endsAt : ticket.windowEnd,
      confirmationMethod: request.method,
    },
  });
  if (request.offerId) {
    await tx.offer.update({
      where: { id: request.offerId },
      data: { response: 'accepted', respondedAt: now },
    });
  }
  // Vendors still holding a live offer for this job are told it is gone.
  const stillOpen = await tx.offer.findMany({
    where: { ticketId: ticket.id, response: 'pending', id: { not: request.offerId ?? '' } },
    include: { vendor: true },
  });
  await tx.offer.updateMany({
    where: {
      ticketId: ticket.id,
      response: { in: ['pending', 'expired', 'declined'] },
      id: { not: request.offerId ?? '' },
    },
    data: { response: 'taken' },
  });
  await tx.dispatch.updateMany({
    where: { ticketId: ticket.id, status: { in: ['active', 'exhausted'] } },
    data: { status: 'booked', completedAt: now },
  });
  await cancelTimers(tx, ticket.id, ['offer_expiry', 'sla_breach']);

  const booked = await transitionTicket(tx, who, ticket, 'scheduled', {
    action: 'appointment.booked',
    eventTypes: ['vendor.confirmed', 'appointment.confirmed'],
    extra: {
      appointment: {
        appointment_id: appointment.id,
        vendor_id: request.vendor.id,
        vendor_name: request.vendor.name,
        offer_id: appointment.offerId,
        status: appointment.status,
        starts_at: appointment.startsAt.toISOString(),
        ends_at: appointment.endsAt?.toISOString() ?? null,
        confirmation_method: appointment.confirmationMethod,
      },
    },
  });
  await notifyBooked(
    tx,
    who,
    booked,
    request.vendor,
    stillOpen.map((o) => o.vendor),
  );
  return { outcome: 'booked', appointment, ticket: booked };
}

async function notifyBooked(
  tx: Prisma.TransactionClient,
  who: Actor,
  ticket: TicketView,
  vendor: Vendor,
  otherVendors: Vendor[],
): Promise<void> {
  const job = jobSummary(ticket);
  const tz = ticket.building.timezone;
  const base = {
    tenantId: ticket.tenantId,
    ticketId: ticket.id,
    correlationId: who.correlationId,
    causationId: who.causationId ?? null,
    actor: who.actor,
  };
  await queueSms(tx, {
    ...base,
    to: vendor.phone,
    body: texts.vendorBooked(job, vendor.timezone),
    participantType: 'vendor',
    participantId: vendor.id,
    purpose: 'booking_vendor',
  });
  if (ticket.resident) {
    await queueSms(tx, {
      ...base,
      to: ticket.resident.phone,
      body: texts.residentBooked(job, vendor.name, tz),
      participantType: 'resident',
      participantId: ticket.resident.id,
      purpose: 'booking_resident',
    });
  }
  const landlord = await tx.contact.findFirst({
    where: { tenantId: ticket.tenantId, OR: [{ buildingId: ticket.buildingId }, { buildingId: null }] },
    orderBy: [{ onCall: 'desc' }, { id: 'asc' }],
  });
  if (landlord) {
    await queueSms(tx, {
      ...base,
      to: landlord.phone,
      body: texts.landlordBooked(job, vendor.name, tz),
      participantType: 'contact',
      participantId: landlord.id,
      purpose: 'booking_landlord',
    });
  }
  for (const other of otherVendors) {
    await queueSms(tx, {
      ...base,
      to: other.phone,
      body: texts.taken(ticket.code),
      participantType: 'vendor',
      participantId: other.id,
      purpose: 'offer_taken',
    });
  }
}
