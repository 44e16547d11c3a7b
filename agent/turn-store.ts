// agent_turns: one row per inbound message the agent answers. A turn's tool calls are saved as
// they happen, so when a crashed turn is retried the same call (same tool, same position in the
// turn) returns the saved result instead of running twice.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { ToolOutcome } from '../tools/call.ts';

export interface SavedStep {
  /** `<tool name>#<n>`: the n-th call of that tool in this turn. */
  key: string;
  tool: string;
  arguments: string;
  outcome: ToolOutcome;
  at: string;
}

export interface TurnRow {
  id: string;
  status: string;
  attempts: number;
  steps: SavedStep[];
}

export interface TurnStart {
  tenantId: string;
  conversationId: string;
  messageId: string;
  promptName: string;
  promptHash: string;
  correlationId: string;
}

/** Starts the turn for a message, or resumes it (a retry after a crash) with its saved steps. */
export async function claimTurn(prisma: PrismaClient, start: TurnStart): Promise<TurnRow> {
  const id = `turn_${start.messageId}`;
  const rows = await prisma.$queryRaw<{ id: string; status: string; attempts: number; steps: unknown }[]>`
    INSERT INTO agent_turns (id, tenant_id, conversation_id, message_id, prompt_name, prompt_hash, correlation_id)
    VALUES (${id}, ${start.tenantId}, ${start.conversationId}, ${start.messageId}, ${start.promptName},
            ${start.promptHash}, ${start.correlationId})
    ON CONFLICT (message_id) DO UPDATE SET attempts = agent_turns.attempts + 1
    RETURNING id, status, attempts, steps`;
  const row = rows[0]!;
  return { id: row.id, status: row.status, attempts: row.attempts, steps: row.steps as SavedStep[] };
}

export async function saveStep(prisma: PrismaClient, turnId: string, step: SavedStep): Promise<void> {
  await prisma.$executeRaw`
    UPDATE agent_turns SET steps = steps || ${JSON.stringify([step])}::jsonb WHERE id = ${turnId}`;
}

export interface TurnFinish {
  outcome: string;
  modelKind: string | null;
  model: string | null;
  fallbackReason: string | null;
  replyMessageId: string | null;
  ticketId: string | null;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

export async function finishTurn(
  tx: Prisma.TransactionClient,
  turnId: string,
  finish: TurnFinish,
): Promise<void> {
  await tx.agentTurn.update({
    where: { id: turnId },
    data: { ...finish, status: 'done', finishedAt: new Date() },
  });
}
