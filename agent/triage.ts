// Triage: a ticket created through the API or MCP without a trade or severity is classified from
// its description (the deterministic lexicon), updated through the state machine — which makes it
// `triaged` and emits `intake.completed`, so booking starts — with the inbox row in one transaction.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { classifyProblem } from '../domain/intake-lexicon.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { handleOnce } from '../events/inbox.ts';
import { updateTicketIn } from '../services/ticket-changes.ts';
import type { Severity, Trade } from '../services/ticket-service.ts';

export const TRIAGE_CONSUMER = 'triage';
export const TRIAGE_ACTOR = 'system:triage';

export type TriageOutcome = 'triaged' | 'not_needed' | 'duplicate';

/** Whether a `ticket.created` event still needs a trade or severity. */
export function needsTriage(envelope: EventEnvelope): boolean {
  const p = envelope.payload;
  return envelope.type === 'ticket.created' && p.status === 'new' && (!p.category || !p.severity);
}

export async function triageTicket(prisma: PrismaClient, envelope: EventEnvelope): Promise<TriageOutcome> {
  if (!needsTriage(envelope)) return 'not_needed';
  let outcome: TriageOutcome = 'not_needed';
  const handled = await handleOnce(prisma, TRIAGE_CONSUMER, envelope, async (tx) => {
    const ticket = await tx.ticket.findFirst({
      where: { id: envelope.aggregate_id, tenantId: envelope.tenant_id },
    });
    // Someone triaged or closed it meanwhile: theirs stands.
    if (!ticket || ticket.status !== 'new' || (ticket.category && ticket.severity)) return;
    // The lexicon always answers something: a text it cannot place is a routine general job.
    const guess = classifyProblem(ticket.description) ?? { category: 'general', severity: 'routine' };
    await updateTicketIn(
      tx,
      {
        tenantId: envelope.tenant_id,
        actor: TRIAGE_ACTOR,
        correlationId: envelope.correlation_id,
        causationId: envelope.event_id,
      },
      ticket.id,
      {
        category: (ticket.category ?? guess.category) as Trade,
        severity: (ticket.severity ?? guess.severity) as Severity,
      },
    );
    outcome = 'triaged';
  });
  return handled === 'duplicate' ? 'duplicate' : outcome;
}
