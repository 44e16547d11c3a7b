// Builds the agent from the configuration: the OpenAI adapter when OPENAI_API_KEY is set, the
// deterministic intake model otherwise (and always as the fallback), and Langfuse tracing when
// its keys are set. `describe` is the start-up line's word on which is in use.
import type { Config } from '../config/env.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { DeterministicModel } from './deterministic-model.ts';
import type { AgentDeps } from './engine.ts';
import { OpenAiModel } from './openai-model.ts';
import { createTracer } from './tracing.ts';

export interface AgentRuntime {
  deps: AgentDeps;
  describe: string;
  stop(): Promise<void>;
}

export function createAgentRuntime(
  config: Config,
  db: Database,
  metrics: Metrics,
  logger: Logger,
): AgentRuntime {
  const fallback = new DeterministicModel();
  const model = config.openai
    ? new OpenAiModel({
        apiKey: config.openai.apiKey,
        baseUrl: config.openai.baseUrl,
        model: config.openai.model,
        timeoutMs: config.agent.modelTimeoutMs,
        maxRetries: config.agent.modelMaxRetries,
        logger: logger.child({ component: 'model' }),
      })
    : fallback;
  const tracer = createTracer(config.langfuse, logger);
  return {
    deps: {
      prisma: db.prisma,
      pool: db.pool,
      booking: { policy: config.booking, metrics: metrics.booking },
      model,
      fallback,
      tracer,
      logger: logger.child({ component: 'agent' }),
      metrics: metrics.agent,
      limits: {
        maxSteps: config.agent.maxSteps,
        tokenBudget: config.agent.tokenBudget,
        turnBudgetMs: config.agent.turnBudgetMs,
        modelTimeoutMs: config.agent.modelTimeoutMs,
      },
    },
    describe: `agent (${config.openai ? `openai ${config.openai.model}` : 'deterministic'}${config.langfuse ? ', langfuse' : ''})`,
    stop: () => tracer.shutdown(),
  };
}
