// Which ticket a tool call names, as this caller may see it. Tickets are named by id (tkt_…) or by
// the short code residents quote (K7Q2, any case). A resident sees only their own tickets, a vendor
// only those they were offered or booked on; anything else is `not_found`, exactly like a ticket
// that does not exist, so a guessed code or id reveals nothing.
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.ts';
import { DomainError } from '../domain/errors.ts';
import { isTicketCode } from '../domain/ticket-code.ts';
import { getTicket, type Actor, type TicketView } from '../services/ticket-service.ts';
import type { ToolContext, ToolPrincipal } from './tool.ts';

export const ticketArg = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a ticket id (tkt_…) or a ticket code (e.g. K7Q2)')
  .describe('The ticket: its short code as people quote it (e.g. K7Q2, any case) or its id (tkt_…).');

/** Who the audit trail and events name for this call. */
export function actorOf(ctx: ToolContext): Actor {
  return {
    tenantId: ctx.principal.tenantId,
    actor: ctx.principal.actor,
    correlationId: ctx.correlationId,
    causationId: ctx.causationId ?? null,
  };
}

/** Rows of the tenant this principal may see. */
export function visibleTickets(p: ToolPrincipal): Prisma.TicketWhereInput {
  if (p.kind === 'resident') return { tenantId: p.tenantId, residentId: p.residentId };
  if (p.kind === 'vendor') {
    return {
      tenantId: p.tenantId,
      OR: [
        { appointments: { some: { vendorId: p.vendorId } } },
        { dispatches: { some: { offers: { some: { vendorId: p.vendorId } } } } },
      ],
    };
  }
  return { tenantId: p.tenantId };
}

/** The ticket `ref` names, if this caller may see it; `not_found` otherwise. */
export async function findTicket(ctx: ToolContext, ref: string): Promise<TicketView> {
  // Ids carry a prefix (tkt_…); a bare four-letter word is a code.
  const byCode = !ref.includes('_') && isTicketCode(ref);
  const found = await ctx.prisma.ticket.findFirst({
    where: { ...visibleTickets(ctx.principal), ...(byCode ? { code: ref.toUpperCase() } : { id: ref }) },
    select: { id: true },
  });
  if (!found) throw new DomainError('not_found', `No ticket ${ref}.`);
  return getTicket(ctx.prisma, ctx.principal.tenantId, found.id);
}

export function requireManager(ctx: ToolContext): void {
  // callTool already refuses other principals; this keeps a handler safe if it is ever reused.
  if (ctx.principal.kind !== 'manager') throw new DomainError('forbidden', 'Only a manager may do this.');
}
