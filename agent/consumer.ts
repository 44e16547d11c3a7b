// The agent's event consumers. `message.received` from residents and unknown numbers runs a turn
// (group `agent`; events are keyed by conversation, so one conversation's turns run one at a time,
// in order, across any number of workers). `ticket.created` without trade or severity is triaged
// (group `triage`) by the configured model, or the lexicon when there is none or it fails.
import type { EventBus, Subscription } from '../events/event-bus.ts';
import { isAgentMessage, runTurn, type AgentDeps, AGENT_CONSUMER } from './engine.ts';
import { needsTriage, triageTicket, TRIAGE_CONSUMER } from './triage.ts';

export async function subscribeAgent(bus: EventBus, deps: AgentDeps): Promise<Subscription[]> {
  const turns = await bus.subscribe({
    group: AGENT_CONSUMER,
    topics: ['message.received'],
    handler: async (envelope) => {
      if (!isAgentMessage(envelope)) return;
      const result = await runTurn(deps, envelope);
      deps.logger.info(
        {
          conversation_id: envelope.aggregate_id,
          correlation_id: envelope.correlation_id,
          outcome: result.outcome,
          model: result.modelKind,
          fallback: result.fallbackReason,
          tools: result.toolCalls.map((c) => c.name),
          latency_ms: result.latencyMs,
        },
        'agent turn',
      );
    },
  });
  const triage = await bus.subscribe({
    group: TRIAGE_CONSUMER,
    topics: ['ticket.created'],
    handler: async (envelope) => {
      if (!needsTriage(envelope)) return;
      const outcome = await triageTicket(
        {
          prisma: deps.prisma,
          model: deps.model,
          timeoutMs: deps.limits.modelTimeoutMs,
          metrics: deps.metrics,
          logger: deps.logger,
        },
        envelope,
      );
      deps.logger.debug({ ticket_id: envelope.aggregate_id, outcome }, 'triage');
    },
  });
  return [turns, triage];
}
