// One AuditLog row: who did what to which entity, in the caller's transaction. Rows with a
// ticket id make up that ticket's timeline.
import type { Prisma } from '../generated/prisma/client.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from './ticket-service.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  ticketId?: string | null;
  before?: Prisma.InputJsonObject;
  after: Prisma.InputJsonObject;
}

export async function writeAudit(tx: Prisma.TransactionClient, who: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      id: newId('aud'),
      tenantId: who.tenantId,
      actor: who.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      ticketId: entry.ticketId ?? null,
      ...(entry.before && { before: entry.before }),
      after: entry.after,
      correlationId: who.correlationId,
      causationId: who.causationId ?? null,
    },
  });
}
