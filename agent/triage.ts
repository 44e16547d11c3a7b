// Triage: a ticket created through the API or MCP without a trade or severity is classified from
// its description — by the configured model when there is one (agent/triage-model.ts), by the
// deterministic lexicon otherwise or whenever the model fails — and updated through the state
// machine, which makes it `triaged` and emits `intake.completed` so booking starts. The update,
// a `ticket.triaged` audit row saying who classified it, and the inbox row share one transaction;
// the model is asked before it opens, so no transaction waits on a provider.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { detectEmergency } from '../domain/emergency.ts';
import { classifyProblem } from '../domain/intake-lexicon.ts';
import type { Severity, Trade } from '../domain/trades.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { handleOnce } from '../events/inbox.ts';
import type { Logger } from '../observability/logger.ts';
import type { AgentMetrics } from '../observability/metrics.ts';
import { writeAudit } from '../services/audit.ts';
import { updateTicketIn } from '../services/ticket-changes.ts';
import type { Actor } from '../services/ticket-service.ts';
import { ModelUnavailableError, type ModelPort } from './model.ts';
import { StructuredCallError } from './structured-call.ts';
import { askTriage, canTriage, TRIAGE_PROMPT } from './triage-model.ts';

export const TRIAGE_CONSUMER = 'triage';
export const TRIAGE_ACTOR = 'system:triage';

export type TriageOutcome = 'triaged' | 'not_needed' | 'duplicate';

export interface TriageDeps {
  prisma: PrismaClient;
  /** The configured model; only the OpenAI adapter is asked, the lexicon classifies otherwise. */
  model?: ModelPort;
  /** Budget of the model call (config.agent.modelTimeoutMs). */
  timeoutMs?: number;
  metrics?: AgentMetrics;
  logger?: Logger;
}

const DEFAULT_TIMEOUT_MS = 10_000;

interface Guess {
  category: Trade;
  severity: Severity;
  /** Who classified it, for the audit row: `by`, the model and prompt hash, or why the model was not used. */
  record: Prisma.InputJsonObject;
}

/** Whether a `ticket.created` event still needs a trade or severity. */
export function needsTriage(envelope: EventEnvelope): boolean {
  const p = envelope.payload;
  return envelope.type === 'ticket.created' && p.status === 'new' && (!p.category || !p.severity);
}

type TicketFields = { status: string; category: string | null; severity: string | null };
const stillNeedsTriage = (t: TicketFields | null): t is TicketFields =>
  t !== null && t.status === 'new' && (!t.category || !t.severity);

export async function triageTicket(deps: TriageDeps, envelope: EventEnvelope): Promise<TriageOutcome> {
  if (!needsTriage(envelope)) return 'not_needed';
  const where = { id: envelope.aggregate_id, tenantId: envelope.tenant_id };
  // A cheap read first: a redelivered or meanwhile-triaged ticket costs no model call.
  const pending = await deps.prisma.ticket.findFirst({
    where,
    select: { status: true, category: true, severity: true, description: true },
  });
  const modelGuess =
    stillNeedsTriage(pending) && canTriage(deps.model)
      ? await askModel(deps, deps.model, pending.description)
      : null;

  const who: Actor = {
    tenantId: envelope.tenant_id,
    actor: TRIAGE_ACTOR,
    correlationId: envelope.correlation_id,
    causationId: envelope.event_id,
  };
  let triagedBy: string | null = null;
  const handled = await handleOnce(deps.prisma, TRIAGE_CONSUMER, envelope, async (tx) => {
    const ticket = await tx.ticket.findFirst({ where });
    // Someone triaged or closed it meanwhile: theirs stands.
    if (!stillNeedsTriage(ticket)) return;
    const guess = withEmergencyFloor(
      ticket.description,
      modelGuess && 'category' in modelGuess ? modelGuess : lexiconGuess(ticket.description, modelGuess),
    );
    // Fields the ticket already has were someone's decision: kept.
    const category = (ticket.category as Trade | null) ?? guess.category;
    const severity = (ticket.severity as Severity | null) ?? guess.severity;
    await updateTicketIn(tx, who, ticket.id, { category, severity });
    await writeAudit(tx, who, {
      action: 'ticket.triaged',
      entityType: 'ticket',
      entityId: ticket.id,
      ticketId: ticket.id,
      after: { ...guess.record, category, severity },
    });
    triagedBy = guess.record.by as string;
  });
  if (handled === 'duplicate') return 'duplicate';
  if (!triagedBy) return 'not_needed';
  deps.metrics?.triage.inc({ by: triagedBy });
  return 'triaged';
}

/** The model's classification, or why there is none (the lexicon then decides). */
async function askModel(
  deps: TriageDeps,
  model: ModelPort,
  description: string,
): Promise<Guess | { failed: string }> {
  try {
    const answer = await askTriage(model, description, deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return {
      category: answer.value.category,
      severity: answer.value.severity,
      record: {
        by: 'model',
        model: answer.model,
        prompt: TRIAGE_PROMPT,
        prompt_hash: answer.promptHash,
        ...(answer.value.reason && { reason: answer.value.reason }),
      },
    };
  } catch (err) {
    // Bad output or a failing provider never stops triage: the lexicon always answers.
    const failed =
      err instanceof StructuredCallError
        ? err.cause instanceof ModelUnavailableError
          ? err.cause.reason
          : 'invalid_answer'
        : 'error';
    const log = { err, model_error: failed, prompt: TRIAGE_PROMPT };
    if (failed === 'error')
      deps.logger?.error(log, 'triage model call failed unexpectedly; using the lexicon');
    else deps.logger?.warn(log, 'triage model answer unusable; using the lexicon');
    return { failed };
  }
}

function lexiconGuess(description: string, modelFailure: { failed: string } | null): Guess {
  // The lexicon always answers something: a text it cannot place is a routine general job.
  const guess = classifyProblem(description) ?? { category: 'general', severity: 'routine' };
  return {
    category: guess.category as Trade,
    severity: guess.severity as Severity,
    record: { by: 'lexicon', ...(modelFailure && { model_error: modelFailure.failed }) },
  };
}

/** Safety floor: what the emergency detector sees is an emergency, whatever the classifier said. */
function withEmergencyFloor(description: string, guess: Guess): Guess {
  const record = { ...guess.record, suggested: { category: guess.category, severity: guess.severity } };
  const emergency = detectEmergency(description);
  if (!emergency || guess.severity === 'emergency') return { ...guess, record };
  return { ...guess, severity: 'emergency', record: { ...record, emergency_floor: emergency.kind } };
}
