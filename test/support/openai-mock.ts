// Scripted OpenAI Chat Completions at the network edge (msw), so the real `openai` SDK runs.
//
//   const openai = useOpenAiMock();                    // in a describe block: msw listens, reset after each test
//   const model = mockedOpenAiModel({ timeoutMs: 500 }); // the real adapter, pointed at the mock
//   openai.enqueue(
//     toolCallsReply([{ name: 'create_ticket', arguments: '{"category":"plumbing"}' }]),
//     textReply('Your ticket K7Q2 is open.'),
//   );
//   ... run the code under test ...
//   openai.requests[0].body.messages                   // what the SDK sent, parsed JSON
//
// Replies are served in order, one per request. When the queue is empty the `fallback` reply is
// served (default: a 500 naming the problem, so a test that runs out of script fails loudly);
// `openai.always(errorReply(500))` makes a reply repeat forever. Every reply takes options:
// `status`, `headers` (e.g. `{ 'retry-after': '2' }`), `delayMs`; `hangingReply()` never answers
// (the client's abort ends it), `networkErrorReply()` fails the connection. Requests are recorded when they arrive, before any delay.
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { OpenAiModel, type OpenAiModelOptions } from '../../agent/openai-model.ts';

/** Where the scripted provider answers, unless a test needs another address. */
export const MOCK_BASE_URL = 'http://model.test/v1';

export interface ScriptedToolCall {
  /** Defaults to `call_<n>`, numbered across the mock's lifetime. */
  id?: string;
  name: string;
  /** Raw text, sent as is (may be malformed on purpose). */
  arguments: string;
}

export interface ReplyOptions {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
  /** The `model` field of the response (default: the requested model). */
  model?: string;
  /** Default `{ prompt_tokens: 10, completion_tokens: 5 }`; `null` omits usage. */
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}

export type ScriptedReply =
  | { kind: 'text'; content: string; options: ReplyOptions }
  | { kind: 'tool_calls'; calls: ScriptedToolCall[]; content: string | null; options: ReplyOptions }
  | { kind: 'error'; status: number; message: string; options: ReplyOptions }
  | { kind: 'raw'; body: string; contentType: string; options: ReplyOptions }
  | { kind: 'hang' }
  | { kind: 'network_error' };

export interface RecordedRequest {
  /** The parsed JSON body: model, messages, tools, ... */
  body: {
    model: string;
    messages: Record<string, unknown>[];
    tools?: Record<string, unknown>[];
    [key: string]: unknown;
  };
  headers: Headers;
  /** performance.now() when the request arrived. */
  at: number;
}

export const textReply = (content: string, options: ReplyOptions = {}): ScriptedReply => ({
  kind: 'text',
  content,
  options,
});

export const toolCallsReply = (
  calls: ScriptedToolCall[],
  options: ReplyOptions & { content?: string | null } = {},
): ScriptedReply => ({ kind: 'tool_calls', calls, content: options.content ?? null, options });

export const errorReply = (
  status: number,
  options: ReplyOptions & { message?: string } = {},
): ScriptedReply => ({
  kind: 'error',
  status,
  message: options.message ?? `scripted ${status}`,
  options,
});

/** A body sent verbatim (e.g. not JSON, or JSON of the wrong shape). */
export const rawReply = (
  body: string,
  options: ReplyOptions & { contentType?: string } = {},
): ScriptedReply => ({
  kind: 'raw',
  body,
  contentType: options.contentType ?? 'application/json',
  options,
});

export const hangingReply = (): ScriptedReply => ({ kind: 'hang' });

/** The connection fails (fetch rejects), as when the server is down. */
export const networkErrorReply = (): ScriptedReply => ({ kind: 'network_error' });

export function createOpenAiMock(options: { baseUrl: string }) {
  const url = `${options.baseUrl.replace(/\/$/, '')}/chat/completions`;
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let fallback: ScriptedReply = errorReply(500, { message: 'openai-mock: no scripted reply left' });
  let callSeq = 0;
  let completionSeq = 0;

  const respond = (reply: ScriptedReply, requestedModel: string) => {
    if (reply.kind === 'hang') return undefined;
    if (reply.kind === 'network_error') return HttpResponse.error();
    const { status, headers = {}, model = requestedModel, usage } = reply.options;
    if (reply.kind === 'raw') {
      return new HttpResponse(reply.body, {
        status: status ?? 200,
        headers: { 'content-type': reply.contentType, ...headers },
      });
    }
    if (reply.kind === 'error') {
      return HttpResponse.json(
        { error: { message: reply.message, type: 'scripted_error', code: null } },
        { status: reply.status, headers },
      );
    }
    const toolCalls =
      reply.kind === 'tool_calls'
        ? reply.calls.map((c) => ({
            id: c.id ?? `call_${++callSeq}`,
            type: 'function',
            function: { name: c.name, arguments: c.arguments },
          }))
        : undefined;
    const tokens = usage === undefined ? { prompt_tokens: 10, completion_tokens: 5 } : usage;
    return HttpResponse.json(
      {
        id: `chatcmpl-mock-${++completionSeq}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: reply.content,
              refusal: null,
              ...(toolCalls ? { tool_calls: toolCalls } : {}),
            },
            logprobs: null,
            finish_reason: toolCalls ? 'tool_calls' : 'stop',
          },
        ],
        ...(tokens
          ? { usage: { ...tokens, total_tokens: tokens.prompt_tokens + tokens.completion_tokens } }
          : {}),
      },
      { status: status ?? 200, headers },
    );
  };

  const handler = http.post(url, async ({ request }) => {
    const body = (await request.json()) as RecordedRequest['body'];
    requests.push({ body, headers: request.headers, at: performance.now() });
    for (const w of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    const reply = queue.shift() ?? fallback;
    if (reply.kind === 'hang') {
      await delay('infinite');
      return undefined;
    }
    if (reply.kind !== 'network_error' && reply.options.delayMs) await delay(reply.options.delayMs);
    return respond(reply, body.model);
  });

  return {
    /** The msw handler for `POST {baseUrl}/chat/completions`. */
    handler,
    /** Every request received, in order. */
    requests,
    /** Appends replies to the script. */
    enqueue(...replies: ScriptedReply[]) {
      queue.push(...replies);
    },
    /** The reply served whenever the script is empty. */
    always(reply: ScriptedReply) {
      fallback = reply;
    },
    /** Replies not yet served. */
    get pending() {
      return queue.length;
    },
    /** Resolves once `count` requests in total have arrived. */
    waitForRequests(count: number): Promise<void> {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    /** Clears the script, the fallback and the recorded requests. */
    reset() {
      queue.length = 0;
      requests.length = 0;
      waiters.length = 0;
      fallback = errorReply(500, { message: 'openai-mock: no scripted reply left' });
    },
  };
}

export type OpenAiMock = ReturnType<typeof createOpenAiMock>;

/**
 * The scripted provider for the enclosing describe block (or file): msw listens throughout, and
 * the script and the recorded requests are cleared after each test.
 */
export function useOpenAiMock(baseUrl = MOCK_BASE_URL): OpenAiMock {
  const openai = createOpenAiMock({ baseUrl });
  const server = setupServer(openai.handler);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => openai.reset());
  afterAll(() => server.close());
  return openai;
}

/**
 * The real OpenAI adapter pointed at the scripted provider. Build it inside a test (or a hook):
 * the SDK takes the fetch it uses when constructed, after msw has patched it.
 */
export function mockedOpenAiModel(options: Partial<OpenAiModelOptions> = {}): OpenAiModel {
  return new OpenAiModel({
    apiKey: 'sk-test',
    baseUrl: MOCK_BASE_URL,
    model: 'gpt-test',
    timeoutMs: 2_000,
    maxRetries: 1,
    ...options,
  });
}
