// How a ticket looks on the wire: snake_case, ISO times, status with progress.
import { PROGRESS_PERCENT, statusMessage } from '../domain/ticket-status.ts';
import type { Appointment, AuditLog, Vendor } from '../generated/prisma/client.ts';
import type { TicketView } from './ticket-service.ts';

export function ticketDto(t: TicketView) {
  return {
    id: t.id,
    code: t.code,
    tenant_id: t.tenantId,
    status: t.status,
    progress_percent: PROGRESS_PERCENT[t.status],
    category: t.category,
    severity: t.severity,
    description: t.description,
    window_start: t.windowStart?.toISOString() ?? null,
    window_end: t.windowEnd?.toISOString() ?? null,
    access_notes: t.accessNotes,
    source: t.source,
    correlation_id: t.correlationId,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
    building: {
      id: t.building.id,
      name: t.building.name,
      address: `${t.building.addressLine1}, ${t.building.city}, ${t.building.region} ${t.building.postalCode}`,
    },
    unit: t.unit ? { id: t.unit.id, label: t.unit.label } : null,
    resident: t.resident ? { id: t.resident.id, name: t.resident.name } : null,
    appointments: t.appointments.map((a) => ({
      id: a.id,
      vendor_id: a.vendorId,
      status: a.status,
      starts_at: a.startsAt.toISOString(),
      ends_at: a.endsAt?.toISOString() ?? null,
    })),
  };
}

export function ticketStatusDto(t: TicketView) {
  return {
    state: t.status,
    progress_percent: PROGRESS_PERCENT[t.status],
    message: statusMessage(t.status),
    updated_at: t.updatedAt.toISOString(),
  };
}

const ACTION_TITLES: Record<string, string> = {
  'ticket.created': 'Ticket created',
  'ticket.updated': 'Ticket updated',
  'ticket.triaged': 'Ticket classified',
  'ticket.cancelled': 'Ticket cancelled',
  'ticket.escalated': 'Escalated to the landlord',
  'ticket.dispatching': 'Looking for a vendor',
  'dispatch.started': 'Vendors chosen',
  'dispatch.exhausted': 'No vendor accepted',
  'offer.sent': 'Job offered to a vendor',
  'offer.declined': 'Vendor declined',
  'offer.expired': 'Vendor did not answer in time',
  'vendor.replied': 'Vendor replied',
  'appointment.booked': 'Visit booked',
  'appointment.confirmed': 'Visit confirmed',
  'appointment.cancelled': 'Visit cancelled',
  'appointment.completed': 'Visit completed',
  'notification.queued': 'Message sent',
  'notification.suppressed': 'Message withheld (opted out)',
};

/** One audit row as a person reads it in a timeline. */
export function timelineEntryDto(a: AuditLog) {
  const [who, whoId] = a.actor.split(':');
  return {
    at: a.createdAt.toISOString(),
    action: a.action,
    title: ACTION_TITLES[a.action] ?? a.action.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    actor: { type: who, id: whoId ?? null },
    entity: { type: a.entityType, id: a.entityId },
    before: a.before,
    after: a.after,
    correlation_id: a.correlationId,
  };
}

/** An appointment as the API and the tools show it. */
export function appointmentDto(a: Appointment) {
  return {
    id: a.id,
    ticket_id: a.ticketId,
    vendor_id: a.vendorId,
    offer_id: a.offerId,
    status: a.status,
    starts_at: a.startsAt.toISOString(),
    ends_at: a.endsAt?.toISOString() ?? null,
    confirmation_method: a.confirmationMethod,
    created_at: a.createdAt.toISOString(),
  };
}

/** A vendor as a manager sees it (the API and the tools). */
export function vendorDto(v: Vendor) {
  return {
    id: v.id,
    name: v.name,
    phone: v.phone,
    trades: v.trades,
    priority: v.priority,
    hours: v.hours,
    timezone: v.timezone,
    active: v.active,
  };
}
