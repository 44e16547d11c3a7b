// Picks the tracing adapter from configuration: Langfuse when its keys are set, otherwise the
// no-op tracer (the embedded default: nothing leaves the process).
import type { Config } from '../config/env.ts';
import type { Logger } from '../observability/logger.ts';
import { LangfuseTracer, type LangfuseTracerOptions } from './langfuse-tracer.ts';
import { noopTracer, type Tracer } from './tracer.ts';

export function createTracer(
  langfuse: Config['langfuse'],
  logger: Logger,
  options: Pick<LangfuseTracerOptions, 'environment' | 'release'> = {},
): Tracer {
  if (!langfuse) {
    logger.debug('tracing: Langfuse not configured, agent turns are not traced');
    return noopTracer;
  }
  logger.info({ langfuse_base_url: langfuse.baseUrl }, 'tracing: agent turns traced to Langfuse');
  return new LangfuseTracer({ ...langfuse, logger, ...options });
}
