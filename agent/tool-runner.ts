// Runs the model's tool calls for one turn, as the resident the engine identified — never as
// anyone the arguments name. Each call is keyed by its position in the turn (`create_ticket#1`)
// and saved once done, so a retried turn replays the saved result instead of acting twice.
import type { EventEnvelope } from '../events/envelope.ts';
import { callTool, type ToolOutcome } from '../tools/call.ts';
import { inputJsonSchema, toolsFor } from '../tools/registry.ts';
import type { AgentDeps } from './engine.ts';
import type { ModelToolSpec } from './model.ts';
import type { TurnTrace } from './tracer.ts';
import type { TurnContext } from './turn-context.ts';
import { saveStep, type TurnRow } from './turn-store.ts';

export class ToolRunner {
  private readonly deps: AgentDeps;
  private readonly ctx: TurnContext;
  private readonly turn: TurnRow;
  private readonly envelope: EventEnvelope;
  private readonly trace: TurnTrace;
  private readonly counts = new Map<string, number>();
  private readonly log: { name: string; ok: boolean }[] = [];
  private readonly tickets: string[] = [];

  constructor(deps: AgentDeps, ctx: TurnContext, turn: TurnRow, envelope: EventEnvelope, trace: TurnTrace) {
    this.deps = deps;
    this.ctx = ctx;
    this.turn = turn;
    this.envelope = envelope;
    this.trace = trace;
  }

  /** The tools this participant may use, with the schemas they see (identity fields removed). */
  specs(): ModelToolSpec[] {
    if (!this.ctx.principal) return [];
    return toolsFor('resident').map((t) => ({
      name: t.name,
      description: t.description,
      parameters: inputJsonSchema(t, 'resident'),
    }));
  }

  async run(name: string, rawArguments: string): Promise<ToolOutcome> {
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    const key = `${name}#${n}`;
    const saved = this.turn.steps.find((s) => s.key === key);
    const outcome = saved?.outcome ?? (await this.execute(name, rawArguments, key));
    if (!saved) {
      await saveStep(this.deps.prisma, this.turn.id, {
        key,
        tool: name,
        arguments: rawArguments,
        outcome,
        at: new Date().toISOString(),
      });
    }
    this.log.push({ name, ok: outcome.ok });
    const ticketId =
      (outcome.ok && name === 'create_ticket' && (outcome.output as { id?: string }).id) || null;
    if (ticketId && !this.tickets.includes(ticketId)) this.tickets.push(ticketId);
    return outcome;
  }

  private async execute(name: string, rawArguments: string, key: string): Promise<ToolOutcome> {
    let args: unknown;
    try {
      args = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
    } catch (err) {
      // The model's mistake: it is told, and may try again.
      return {
        ok: false,
        error: {
          code: 'invalid_arguments',
          message: `The arguments for ${name} were not valid JSON (${(err as Error).message}). Send a JSON object.`,
        },
      };
    }
    const span = this.trace.tool(name, args);
    if (!this.ctx.principal) {
      const outcome: ToolOutcome = {
        ok: false,
        error: {
          code: 'forbidden',
          message: 'This number is not a registered resident; no tools are available.',
        },
      };
      span.end({ error: outcome.error.message });
      return outcome;
    }
    try {
      const outcome = await callTool(name, args, {
        prisma: this.deps.prisma,
        pool: this.deps.pool,
        booking: this.deps.booking,
        principal: this.ctx.principal,
        correlationId: this.envelope.correlation_id,
        causationId: this.envelope.event_id,
        idempotencyKey: `agent:${this.ctx.message.id}:${key}`,
      });
      span.end(outcome.ok ? { output: outcome.output } : { error: outcome.error.message });
      return outcome;
    } catch (err) {
      // Our failure (database down…), not the model's: the turn fails and is retried by the bus.
      span.end({ error: (err as Error).message });
      throw err;
    }
  }

  /** Whether an earlier attempt of this turn already ran `name` (its result will be replayed). */
  hasSaved(name: string): boolean {
    return this.turn.steps.some((s) => s.key === `${name}#1`);
  }

  createdTickets(): string[] {
    return [...this.tickets];
  }

  calls(): { name: string; ok: boolean }[] {
    return [...this.log];
  }
}
