// The model port over OpenAI Chat Completions with tool calling, through the official SDK. Any
// OpenAI-compatible server (Ollama, vLLM, a gateway) works through `baseUrl`.
//
// Time is bounded per `complete()` call: one deadline of `timeoutMs` covers every attempt and
// every wait between attempts, and the caller's signal (the turn budget) can cut it shorter.
//
// Retries are ours, not the SDK's (it runs with maxRetries: 0). The SDK's loop honours
// retry-after / retry-after-ms, but it gives each attempt the full timeout again (so the total is
// attempts × timeout plus waits), it waits whatever the server asks up to 60 s without looking at
// a remaining budget, and its sleep cannot be observed by tests. Our loop retries 408/409/429/5xx
// and network errors, honours retry-after-ms, retry-after (seconds or HTTP date) and
// x-should-retry, and gives up at once when the wait would not leave time before the deadline.
//
// Every failure surfaces as ModelUnavailableError so the engine answers with the fallback model.
// The circuit breaker counts one verdict per call: provider failures (timeout, 429, 5xx, network,
// unusable response) count; a rejected request (400/401/403/404/422: our bug or a bad key) and a
// cancellation by the caller do not, and neither is retried.
import { setTimeout as delay } from 'node:timers/promises';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { Logger } from '../observability/logger.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import {
  ModelUnavailableError,
  type ModelMessage,
  type ModelPort,
  type ModelRequest,
  type ModelResponse,
  type ModelToolCall,
} from './model.ts';

type Reason = ModelUnavailableError['reason'];

export interface OpenAiModelOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint, e.g. `http://localhost:11434/v1`; the SDK default otherwise. */
  baseUrl?: string;
  model: string;
  /** Budget of one `complete()` call, retries and waits included. */
  timeoutMs: number;
  /** Retries after the first attempt (0 = one attempt). */
  maxRetries: number;
  /** Consecutive failed calls that open the circuit (default 5) and how long it stays open. */
  circuitBreaker?: { failureThreshold: number; coolDownMs: number };
  /**
   * The output-token limit field. OpenAI's current models take `max_completion_tokens`; some
   * compatible servers only know the older `max_tokens`.
   */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
  logger?: Logger;
  /** Test seams: the breaker's clock and the wait between attempts (must honour the signal). */
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const DEFAULT_BREAKER = { failureThreshold: 5, coolDownMs: 30_000 };
/** A caller's abort after this share of the timeout budget counts as the provider's timeout. */
const FULL_WAIT_SHARE = 0.9;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4_000;

/** A failed attempt, classified. */
interface Failure {
  reason: Reason;
  message: string;
  retryable: boolean;
  /** Whether it says something about the provider's health (counts for the circuit breaker). */
  countsAgainstProvider: boolean;
  retryAfterMs: number | undefined;
  cause: unknown;
  /** The caller's signal, not our deadline, ended the call. */
  cutByCaller?: boolean;
}

export class OpenAiModel implements ModelPort {
  readonly kind = 'openai' as const;
  readonly #client: OpenAI;
  readonly #options: OpenAiModelOptions;
  readonly #breaker: CircuitBreaker;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(options: OpenAiModelOptions) {
    this.#options = options;
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      maxRetries: 0,
      logLevel: 'off',
    });
    this.#breaker = new CircuitBreaker({ ...(options.circuitBreaker ?? DEFAULT_BREAKER), now: options.now });
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
  }

  /** The breaker's state, for health output and tests. */
  get circuitState() {
    return this.#breaker.state;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    if (request.signal?.aborted) {
      throw new ModelUnavailableError('timeout', 'model call cancelled before it started', {
        cause: request.signal.reason,
      });
    }
    if (!this.#breaker.tryAcquire()) {
      throw new ModelUnavailableError(
        'circuit_open',
        `model circuit open after repeated failures; next trial in ${this.#breaker.retryInMs} ms`,
      );
    }
    const startedAt = performance.now();
    try {
      const response = await this.#completeWithRetries(request);
      this.#breaker.onSuccess();
      return response;
    } catch (err) {
      let failure = err instanceof AttemptFailed ? err.failure : classify(err, request.signal, undefined);
      // The caller's own deadline, when it gave the provider (nearly) the whole budget, is a hang
      // like any other: it must count, or a provider that never answers never opens the breaker
      // and every turn waits out the full timeout. Only a call cut short by the caller is neutral.
      if (!failure.countsAgainstProvider && failure.reason === 'timeout' && failure.cutByCaller) {
        const waited = performance.now() - startedAt;
        if (waited >= this.#options.timeoutMs * FULL_WAIT_SHARE)
          failure = { ...failure, countsAgainstProvider: true };
      }
      if (failure.countsAgainstProvider) this.#breaker.onFailure();
      else this.#breaker.onNeutral();
      throw new ModelUnavailableError(failure.reason, failure.message, { cause: failure.cause });
    }
  }

  async #completeWithRetries(request: ModelRequest): Promise<ModelResponse> {
    const deadlineAt = performance.now() + this.#options.timeoutMs;
    const deadline = AbortSignal.timeout(this.#options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
    const body = this.#body(request);
    for (let attempt = 0; ; attempt++) {
      const remaining = Math.ceil(deadlineAt - performance.now());
      if (remaining <= 0) throw new AttemptFailed(timedOut(undefined));
      let failure: Failure;
      try {
        const completion = await this.#client.chat.completions.create(body, {
          signal,
          timeout: remaining,
          maxRetries: 0,
        });
        return toModelResponse(completion, this.#options.model);
      } catch (err) {
        failure = classify(err, request.signal, deadline);
      }
      if (!failure.retryable || attempt >= this.#options.maxRetries) {
        const attempts = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
        throw new AttemptFailed({ ...failure, message: failure.message + attempts });
      }
      const waitMs = failure.retryAfterMs ?? backoffMs(attempt);
      const left = deadlineAt - performance.now();
      if (waitMs >= left) {
        throw new AttemptFailed({
          ...failure,
          message: `${failure.message}; a retry in ${Math.round(waitMs)} ms would pass the ${this.#options.timeoutMs} ms budget`,
        });
      }
      this.#options.logger?.warn(
        { reason: failure.reason, attempt: attempt + 1, wait_ms: Math.round(waitMs) },
        'model call failed, retrying',
      );
      try {
        await this.#sleep(waitMs, signal);
      } catch (err) {
        throw new AttemptFailed(classify(err, request.signal, deadline));
      }
    }
  }

  #body(request: ModelRequest): ChatCompletionCreateParamsNonStreaming {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.#options.model,
      messages: request.messages.map(toMessageParam),
    };
    if (request.tools.length > 0) {
      body.tools = request.tools.map((t): ChatCompletionTool => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: t.parameters },
      }));
    }
    if (request.toolChoice) {
      body.tool_choice = { type: 'function', function: { name: request.toolChoice } };
    }
    if (request.maxOutputTokens !== undefined) {
      body[this.#options.maxTokensField ?? 'max_completion_tokens'] = request.maxOutputTokens;
    }
    return body;
  }
}

/** Carries a classified failure out of the retry loop. */
class AttemptFailed extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.message);
    this.failure = failure;
  }
}

export function toMessageParam(message: ModelMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return message.toolCalls && message.toolCalls.length > 0
        ? {
            role: 'assistant',
            content: message.content,
            tool_calls: message.toolCalls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : { role: 'assistant', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

/** Maps the SDK's completion to the port's response; arguments stay the raw text the model wrote. */
export function toModelResponse(completion: ChatCompletion, configuredModel: string): ModelResponse {
  // Compatible servers vary: check the shape rather than trust the type.
  const choices: unknown = (completion as Partial<ChatCompletion> | null)?.choices;
  const message = Array.isArray(choices)
    ? (choices[0] as ChatCompletion.Choice | undefined)?.message
    : undefined;
  if (!message || typeof message !== 'object') {
    throw badResponse('the response has no choices[0].message');
  }
  const toolCalls: ModelToolCall[] = (message.tool_calls ?? []).map((call, i) => {
    if (call.type === 'custom') return { id: call.id, name: call.custom.name, arguments: call.custom.input };
    const args: unknown = call.function?.arguments;
    return {
      id: call.id || `call_${i}`,
      name: call.function?.name ?? '',
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    };
  });
  // A refusal is the model's answer in words; an empty text beside tool calls is no text at all.
  const content = message.content || (toolCalls.length === 0 ? message.refusal : null) || null;
  if (content === null && toolCalls.length === 0) {
    throw badResponse('the response has neither content nor tool calls');
  }
  const usage = completion.usage
    ? {
        inputTokens: completion.usage.prompt_tokens ?? 0,
        outputTokens: completion.usage.completion_tokens ?? 0,
      }
    : null;
  return { content, toolCalls, usage, model: completion.model || configuredModel };
}

class BadResponseError extends Error {}
function badResponse(message: string) {
  return new BadResponseError(`unusable model response: ${message}`);
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return ceiling * (0.5 + Math.random() * 0.5);
}

function timedOut(cause: unknown): Failure {
  return {
    reason: 'timeout',
    message: 'model call timed out',
    retryable: false,
    countsAgainstProvider: true,
    retryAfterMs: undefined,
    cause,
  };
}

function classify(
  err: unknown,
  callerSignal: AbortSignal | undefined,
  deadline: AbortSignal | undefined,
): Failure {
  const base = { retryable: false, countsAgainstProvider: true, retryAfterMs: undefined, cause: err };
  if (err instanceof BadResponseError || err instanceof SyntaxError) {
    return { ...base, reason: 'bad_response', message: err.message };
  }
  // A status means the server answered: that answer decides, whatever happened to the signals since.
  if (err instanceof APIError && typeof err.status === 'number') return classifyStatus(err, err.status, base);
  if (callerSignal?.aborted) {
    return {
      ...base,
      reason: 'timeout',
      message: 'model call cancelled by the caller',
      countsAgainstProvider: false,
      cutByCaller: true,
    };
  }
  if (deadline?.aborted || err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError) {
    return timedOut(err);
  }
  if (err instanceof APIConnectionError) {
    return { ...base, reason: 'network', message: `cannot reach the model: ${err.message}`, retryable: true };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { ...base, reason: 'bad_response', message: `model call failed: ${message}` };
}

function classifyStatus(err: APIError, status: number, base: Omit<Failure, 'reason' | 'message'>): Failure {
  const headers = err.headers instanceof Headers ? err.headers : undefined;
  const shouldRetry = headers?.get('x-should-retry');
  const withRetry = (reason: Reason, message: string, retryable: boolean): Failure => ({
    ...base,
    reason,
    message,
    retryable: shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : retryable,
    retryAfterMs: retryAfterMs(headers),
  });
  if (status === 429) return withRetry('rate_limited', `model rate limited (429): ${err.message}`, true);
  if (status === 408) return withRetry('timeout', `model request timed out (408): ${err.message}`, true);
  if (status === 409 || status >= 500) {
    return withRetry('server_error', `model server error (${status}): ${err.message}`, true);
  }
  const hint =
    status === 401 || status === 403
      ? ' — check OPENAI_API_KEY'
      : status === 404
        ? ' — check OPENAI_MODEL and OPENAI_BASE_URL'
        : ' — the request we built was refused';
  return {
    ...withRetry('bad_response', `model rejected the request (${status})${hint}: ${err.message}`, false),
    retryable: false,
    countsAgainstProvider: false,
  };
}

/** retry-after-ms (milliseconds), else retry-after (seconds or an HTTP date); undefined if absent. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(parseFloat(ms)) && parseFloat(ms) >= 0) return parseFloat(ms);
  const after = headers?.get('retry-after');
  if (!after) return undefined;
  const seconds = Number(after.trim());
  if (after.trim() !== '' && Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
