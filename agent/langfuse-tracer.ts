// The tracing port over Langfuse (v5, OpenTelemetry based). One trace per agent turn: a root
// `agent-turn` observation carrying the trace attributes (session = conversation, tags, metadata),
// a generation per model step and a tool observation per tool call beneath it.
//
// Isolation: spans come from a private BasicTracerProvider whose only processor is the
// LangfuseSpanProcessor. Nothing is registered globally (no global OTel provider, no
// setLangfuseTracerProvider): the Langfuse observation wrappers are built around our own spans and
// parents are passed explicitly, so no context manager is needed either.
//
// Privacy: phone numbers are masked before anything is set on a span (every string, recursively),
// and the processor's mask hook masks the serialized input/output/metadata again on the way out.
import {
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer as OtelTracer,
} from '@opentelemetry/api';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import {
  LangfuseAgent,
  LangfuseGeneration,
  LangfuseOtelSpanAttributes,
  LangfuseTool,
  type LangfuseGenerationAttributes,
} from '@langfuse/tracing';
import { BasicTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../observability/logger.ts';
import { maskPhonesInText } from '../observability/redact.ts';
import type {
  GenerationStart,
  GenerationTrace,
  ToolSpanTrace,
  Tracer,
  TurnTrace,
  TurnTraceStart,
} from './tracer.ts';

export const TURN_TRACE_NAME = 'agent-turn';
/** The instrumentation scope Langfuse's own SDK uses; the server reads these spans as observations. */
const SCOPE = 'langfuse-sdk';

export interface LangfuseTracerOptions {
  publicKey: string;
  secretKey: string;
  baseUrl: string;
  logger: Logger;
  /** Langfuse environment label (lowercase, e.g. `production`). */
  environment?: string;
  release?: string;
  /** Spans per export batch and seconds between exports (the processor's defaults otherwise). */
  flushAt?: number;
  flushIntervalSeconds?: number;
  /** For tests: replaces the OTLP/HTTP exporter. */
  exporter?: SpanExporter;
}

/** Masks phone numbers in every string of a value, recursively (objects, arrays, toJSON values). */
export function maskPhonesDeep(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskPhonesInText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => maskPhonesDeep(v, seen));
  if (value instanceof Error) return maskPhonesInText(`${value.name}: ${value.message}`);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return maskPhonesDeep(toJSON.call(value), seen);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [maskPhonesInText(k), maskPhonesDeep(v, seen)]),
  );
}

export class LangfuseTracer implements Tracer {
  readonly #provider: BasicTracerProvider;
  readonly #processor: LangfuseSpanProcessor;
  readonly #tracer: OtelTracer;
  readonly #logger: Logger;

  constructor(options: LangfuseTracerOptions) {
    this.#logger = options.logger;
    this.#processor = new LangfuseSpanProcessor({
      publicKey: options.publicKey,
      secretKey: options.secretKey,
      baseUrl: options.baseUrl,
      environment: options.environment,
      release: options.release,
      flushAt: options.flushAt,
      flushInterval: options.flushIntervalSeconds,
      exporter: options.exporter,
      // Every span of this private provider is ours: export all of them.
      shouldExportSpan: () => true,
      mediaUploadEnabled: false,
      mask: ({ data }) => maskPhonesDeep(data),
    });
    this.#provider = new BasicTracerProvider({ spanProcessors: [this.#processor] });
    this.#tracer = this.#provider.getTracer(SCOPE);
  }

  startTurn(start: TurnTraceStart): TurnTrace {
    try {
      return new LangfuseTurn(this.#tracer, start, this.#logger);
    } catch (err) {
      this.#logger.warn({ err }, 'tracing: could not start the turn trace');
      return noopTurn;
    }
  }

  async flush(): Promise<void> {
    try {
      await this.#processor.forceFlush();
    } catch (err) {
      this.#logger.warn({ err }, 'tracing: flushing traces to Langfuse failed');
    }
  }

  async shutdown(): Promise<void> {
    try {
      await this.#provider.shutdown();
    } catch (err) {
      this.#logger.warn({ err }, 'tracing: shutting down the Langfuse exporter failed');
    }
  }
}

const noopEnd = { end: () => undefined };
const noopTurn: TurnTrace = { generation: () => noopEnd, tool: () => noopEnd, end: () => undefined };

/** One turn's trace. Tracing never throws into the agent: failures are logged and dropped. */
class LangfuseTurn implements TurnTrace {
  readonly #tracer: OtelTracer;
  readonly #logger: Logger;
  readonly #root: LangfuseAgent;
  readonly #parent: Context;
  /** Trace-level attributes repeated on every observation, as Langfuse's propagation does. */
  readonly #traceAttributes: Attributes;

  constructor(tracer: OtelTracer, start: TurnTraceStart, logger: Logger) {
    this.#tracer = tracer;
    this.#logger = logger;
    const metadata = {
      tenant_id: start.tenantId,
      channel: start.channel,
      prompt_name: start.promptName,
      prompt_hash: start.promptHash,
      correlation_id: start.correlationId,
      turn_id: start.turnId,
    };
    this.#traceAttributes = maskAttributes({
      [LangfuseOtelSpanAttributes.TRACE_NAME]: TURN_TRACE_NAME,
      [LangfuseOtelSpanAttributes.TRACE_SESSION_ID]: start.conversationId,
      ...Object.fromEntries(
        Object.entries(metadata).map(([k, v]) => [`${LangfuseOtelSpanAttributes.TRACE_METADATA}.${k}`, v]),
      ),
    });
    const span = this.#span(TURN_TRACE_NAME, ROOT_CONTEXT);
    span.setAttributes(
      maskAttributes({
        [LangfuseOtelSpanAttributes.TRACE_TAGS]: [
          `tenant:${start.tenantId}`,
          `channel:${start.channel}`,
          `prompt:${start.promptName}`,
        ],
      }),
    );
    // Langfuse shows the root observation's input and output as the trace's.
    this.#root = new LangfuseAgent({ otelSpan: span, attributes: masked({ input: start.input, metadata }) });
    this.#parent = trace.setSpan(ROOT_CONTEXT, span);
  }

  generation(start: GenerationStart): GenerationTrace {
    return this.#guard<GenerationTrace>('generation', noopEnd, () => {
      const generation = new LangfuseGeneration({
        otelSpan: this.#span(`model-step-${start.step}`, this.#parent),
        attributes: masked({
          model: start.model,
          input: start.input,
          metadata: { kind: start.kind, step: start.step },
        }),
      });
      return {
        end: (result) =>
          this.#guard('generation end', undefined, () => {
            if ('error' in result) {
              generation.update(masked({ level: 'ERROR', statusMessage: result.error }));
              generation.otelSpan.setStatus({
                code: SpanStatusCode.ERROR,
                message: maskPhonesInText(result.error),
              });
            } else {
              const usage = result.usage;
              generation.update(
                masked({
                  output: result.output,
                  usageDetails: usage
                    ? {
                        input: usage.inputTokens,
                        output: usage.outputTokens,
                        total: usage.inputTokens + usage.outputTokens,
                      }
                    : undefined,
                }),
              );
            }
            generation.end();
          }),
      };
    });
  }

  tool(name: string, input: unknown): ToolSpanTrace {
    return this.#guard<ToolSpanTrace>('tool', noopEnd, () => {
      const tool = new LangfuseTool({
        otelSpan: this.#span(name, this.#parent),
        attributes: masked({ input }),
      });
      return {
        end: (result) =>
          this.#guard('tool end', undefined, () => {
            if ('error' in result) {
              tool.update(
                masked({ level: 'ERROR', statusMessage: result.error, output: { error: result.error } }),
              );
              tool.otelSpan.setStatus({
                code: SpanStatusCode.ERROR,
                message: maskPhonesInText(result.error),
              });
            } else {
              tool.update(masked({ output: result.output }));
            }
            tool.end();
          }),
      };
    });
  }

  end(result: { reply: string; outcome: string; fallback: boolean }): void {
    this.#guard('turn end', undefined, () => {
      this.#root.update(
        masked({
          output: result,
          metadata: { outcome: result.outcome, fallback: result.fallback },
          level: result.fallback ? 'WARNING' : 'DEFAULT',
        }),
      );
      this.#root.otelSpan.setAttributes({
        [`${LangfuseOtelSpanAttributes.TRACE_METADATA}.outcome`]: maskPhonesInText(result.outcome),
        [`${LangfuseOtelSpanAttributes.TRACE_METADATA}.fallback`]: String(result.fallback),
      });
      this.#root.end();
    });
  }

  #span(name: string, parent: Context): Span {
    const span = this.#tracer.startSpan(name, { root: parent === ROOT_CONTEXT }, parent);
    span.setAttributes(this.#traceAttributes);
    return span;
  }

  #guard<T>(what: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      this.#logger.warn({ err }, `tracing: ${what} failed`);
      return fallback;
    }
  }
}

function masked<T extends LangfuseGenerationAttributes>(attributes: T): T {
  return maskPhonesDeep(attributes) as T;
}

function maskAttributes(attributes: Attributes): Attributes {
  return maskPhonesDeep(attributes) as Attributes;
}
