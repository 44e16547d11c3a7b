// Agent tests: a resident texting the line through the real inbound path (receiveSms), the
// resulting `message.received` envelope read back from the outbox, and the agent's dependencies
// with whichever model the test scripts.
import crypto from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { DeterministicModel } from '../../agent/deterministic-model.ts';
import type { AgentDeps, AgentLimits } from '../../agent/engine.ts';
import type { ModelPort, ModelRequest, ModelResponse } from '../../agent/model.ts';
import { noopTracer } from '../../agent/tracer.ts';
import { DEFAULT_BOOKING_POLICY } from '../../domain/booking-policy.ts';
import type { EventEnvelope } from '../../events/envelope.ts';
import { envelopeFromRow } from '../../events/outbox.ts';
import { receiveSms } from '../../messaging/inbound.ts';
import type { World } from './booking-world.ts';
import { testLogger } from './logger.ts';

export const TEST_LIMITS: AgentLimits = {
  maxSteps: 6,
  tokenBudget: 12_000,
  turnBudgetMs: 5_000,
  modelTimeoutMs: 2_000,
};

export function agentDeps(db: Database, overrides: Partial<AgentDeps> = {}): AgentDeps {
  const fallback = new DeterministicModel();
  return {
    prisma: db.prisma,
    pool: db.pool,
    booking: { policy: DEFAULT_BOOKING_POLICY },
    model: fallback,
    fallback,
    tracer: noopTracer,
    logger: testLogger,
    limits: TEST_LIMITS,
    ...overrides,
  };
}

/** An SMS from `from` (default: the world's resident) stored as the webhook stores it; its event. */
export async function textTheLine(
  db: Database,
  world: World,
  body: string,
  from = world.residentPhone,
): Promise<EventEnvelope> {
  const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { id: world.tenantId } });
  const result = await receiveSms(db.prisma, {
    providerSid: `SM${crypto.randomBytes(16).toString('hex')}`,
    from,
    to: tenant.smsNumber!,
    body,
    media: [],
  });
  if (result.status !== 'stored') throw new Error(`inbound SMS not stored: ${result.status}`);
  const rows = await db.prisma.outboxEvent.findMany({ where: { eventType: 'message.received' } });
  const row = rows.find((r) => (r.payload as { message_id?: string }).message_id === result.messageId);
  if (!row) throw new Error('no message.received event for the SMS');
  return envelopeFromRow(row);
}

/** Outbound texts to a phone number, oldest first. */
export async function textsTo(db: Database, phone: string): Promise<string[]> {
  const rows = await db.prisma.message.findMany({
    where: { direction: 'outbound', toAddress: phone },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((m) => m.body);
}

type Step = ModelResponse | ((request: ModelRequest) => ModelResponse | Promise<ModelResponse>);

/** A model that plays a script, one step per call, and records every request it got. */
export class ScriptedModel implements ModelPort {
  readonly kind: 'openai' | 'deterministic';
  readonly requests: ModelRequest[] = [];
  private readonly steps: Step[];

  constructor(steps: Step[], kind: 'openai' | 'deterministic' = 'openai') {
    this.steps = [...steps];
    this.kind = kind;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(structuredClone({ ...request, signal: undefined }));
    const step = this.steps.shift();
    if (!step) throw new Error('the script has no more steps');
    return typeof step === 'function' ? step(request) : step;
  }
}

export const say = (content: string): ModelResponse => ({
  content,
  toolCalls: [],
  usage: { inputTokens: 100, outputTokens: 20 },
  model: 'scripted',
});

export const call = (name: string, args: unknown, id = `call_${name}`): ModelResponse => ({
  content: null,
  toolCalls: [{ id, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) }],
  usage: { inputTokens: 100, outputTokens: 20 },
  model: 'scripted',
});
