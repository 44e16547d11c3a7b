// Zod shapes shared by the ticket tools: the ticket as every surface shows it (services/ticket-dto.ts)
// and the common argument fields.
import { z } from 'zod';
import { TICKET_STATUSES } from '../domain/ticket-status.ts';
import { TRADES } from '../services/ticket-service.ts';
export { appointmentDto } from '../services/ticket-dto.ts';

export const idArg = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');
export const severityArg = z.enum(['emergency', 'urgent', 'routine']);
export const tradeArg = z.enum(TRADES);
export const isoTime = z.iso.datetime({ offset: true });

export const ticketOutput = z.object({
  id: z.string(),
  code: z.string(),
  tenant_id: z.string(),
  status: z.enum(TICKET_STATUSES),
  progress_percent: z.number(),
  category: z.string().nullable(),
  severity: z.string().nullable(),
  description: z.string(),
  window_start: z.string().nullable(),
  window_end: z.string().nullable(),
  access_notes: z.string().nullable(),
  source: z.string(),
  correlation_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  building: z.object({ id: z.string(), name: z.string(), address: z.string() }),
  unit: z.object({ id: z.string(), label: z.string() }).nullable(),
  resident: z.object({ id: z.string(), name: z.string() }).nullable(),
  appointments: z.array(
    z.object({
      id: z.string(),
      vendor_id: z.string(),
      status: z.string(),
      starts_at: z.string(),
      ends_at: z.string().nullable(),
    }),
  ),
});
export type TicketOutput = z.infer<typeof ticketOutput>;

export function renderTicket(t: TicketOutput): string {
  const where = `${t.building.name}${t.unit ? ` unit ${t.unit.label}` : ''}`;
  return `Ticket ${t.code} (${t.id}): ${t.status}, ${t.progress_percent}% — ${t.severity ?? 'untriaged'} ${t.category ?? ''} at ${where}: ${t.description}`;
}

/** A short one-line form for lists. */
export function renderTicketLine(t: TicketOutput): string {
  const what = t.description.length > 60 ? `${t.description.slice(0, 57)}…` : t.description;
  return `${t.code} ${t.status} ${t.severity ?? 'untriaged'}${t.category ? ` ${t.category}` : ''} — ${what}`;
}

export const appointmentOutput = z.object({
  id: z.string(),
  ticket_id: z.string(),
  vendor_id: z.string(),
  offer_id: z.string().nullable(),
  status: z.string(),
  starts_at: z.string(),
  ends_at: z.string().nullable(),
  confirmation_method: z.string(),
  created_at: z.string(),
});
export type AppointmentOutput = z.infer<typeof appointmentOutput>;
