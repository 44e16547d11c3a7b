// The OpenAI adapter through the real `openai` SDK, its HTTP answered by msw: a two-step
// tool-calling exchange (what was sent, what came back), retry-after honoured, 5xx retried then
// given up, a hanging server cut at the budget, the circuit breaker failing fast, malformed tool
// arguments passed through untouched, and a 401 not retried.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelUnavailableError, type ModelRequest, type TurnFacts } from '../../agent/model.ts';
import { OpenAiModel, type OpenAiModelOptions } from '../../agent/openai-model.ts';
import {
  createOpenAiMock,
  errorReply,
  hangingReply,
  networkErrorReply,
  rawReply,
  textReply,
  toolCallsReply,
} from '../support/openai-mock.ts';

const BASE_URL = 'http://model.test/v1';

const facts: TurnFacts = {
  now: '2025-01-06T15:00:00.000Z',
  timeZone: 'America/New_York',
  channel: 'sms',
  language: 'en',
  participant: 'resident',
  resident: { name: 'Ana', unitLabel: '101', buildingName: 'HQ' },
  openTickets: [],
  emergency: null,
};

const createTicketTool = {
  name: 'create_ticket',
  description: 'Open a maintenance ticket.',
  parameters: {
    type: 'object',
    properties: { category: { type: 'string' }, description: { type: 'string' } },
    required: ['category', 'description'],
    additionalProperties: false,
  },
};

const request = (over: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [
    { role: 'system', content: 'You are the Fixline maintenance line.' },
    { role: 'user', content: 'My sink is leaking' },
  ],
  tools: [createTicketTool],
  facts,
  ...over,
});

async function failureOf(promise: Promise<unknown>): Promise<ModelUnavailableError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelUnavailableError);
  return err as ModelUnavailableError;
}

describe('OpenAiModel', () => {
  const openai = createOpenAiMock({ baseUrl: BASE_URL });
  const server = setupServer(openai.handler);
  /** Waits the adapter asked for, recorded instead of slept. */
  let sleeps: number[] = [];

  const model = (over: Partial<OpenAiModelOptions> = {}) =>
    new OpenAiModel({
      apiKey: 'sk-test-0000',
      baseUrl: BASE_URL,
      model: 'gpt-4.1-mini',
      timeoutMs: 5_000,
      maxRetries: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...over,
    });

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    openai.reset();
    sleeps = [];
  });
  afterAll(() => server.close());

  it('runs a tool-calling exchange: sends messages, tools and model; returns calls, text and usage', async () => {
    openai.enqueue(
      toolCallsReply(
        [
          {
            id: 'call_abc',
            name: 'create_ticket',
            arguments: '{"category":"plumbing","description":"sink"}',
          },
        ],
        { usage: { prompt_tokens: 120, completion_tokens: 18 }, model: 'gpt-4.1-mini-2025-04-14' },
      ),
      textReply('Ticket K7Q2 is open; a plumber will be in touch.', {
        usage: { prompt_tokens: 160, completion_tokens: 12 },
      }),
    );
    const m = model();

    const first = await m.complete(request({ maxOutputTokens: 300 }));
    expect(first).toEqual({
      content: null,
      toolCalls: [
        { id: 'call_abc', name: 'create_ticket', arguments: '{"category":"plumbing","description":"sink"}' },
      ],
      usage: { inputTokens: 120, outputTokens: 18 },
      model: 'gpt-4.1-mini-2025-04-14',
    });

    const second = await m.complete(
      request({
        messages: [
          ...request().messages,
          { role: 'assistant', content: null, toolCalls: first.toolCalls },
          { role: 'tool', toolCallId: 'call_abc', name: 'create_ticket', content: '{"code":"K7Q2"}' },
        ],
      }),
    );
    expect(second).toEqual({
      content: 'Ticket K7Q2 is open; a plumber will be in touch.',
      toolCalls: [],
      usage: { inputTokens: 160, outputTokens: 12 },
      model: 'gpt-4.1-mini',
    });

    expect(openai.requests).toHaveLength(2);
    const [sent1, sent2] = openai.requests.map((r) => r.body);
    expect(sent1).toEqual({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'You are the Fixline maintenance line.' },
        { role: 'user', content: 'My sink is leaking' },
      ],
      tools: [{ type: 'function', function: createTicketTool }],
      max_completion_tokens: 300,
    });
    expect(sent2!.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_abc',
            type: 'function',
            function: { name: 'create_ticket', arguments: '{"category":"plumbing","description":"sink"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_abc', content: '{"code":"K7Q2"}' },
    ]);
    expect(openai.requests[0]!.headers.get('authorization')).toBe('Bearer sk-test-0000');
    expect(sleeps).toEqual([]);
  });

  it('omits tools when none are offered and can use the older max_tokens field', async () => {
    openai.enqueue(textReply('Hello'));
    await model({ maxTokensField: 'max_tokens' }).complete(request({ tools: [], maxOutputTokens: 50 }));
    const sent = openai.requests[0]!.body;
    expect(sent).not.toHaveProperty('tools');
    expect(sent.max_tokens).toBe(50);
    expect(sent).not.toHaveProperty('max_completion_tokens');
  });

  it('passes malformed tool-call arguments through untouched', async () => {
    openai.enqueue(toolCallsReply([{ id: 'call_bad', name: 'create_ticket', arguments: '{not json' }]));
    const res = await model().complete(request());
    expect(res.toolCalls).toEqual([{ id: 'call_bad', name: 'create_ticket', arguments: '{not json' }]);
  });

  it('retries a 429 after the retry-after it was given, then succeeds', async () => {
    openai.enqueue(errorReply(429, { headers: { 'retry-after': '2' } }), textReply('ok'));
    const res = await model().complete(request());
    expect(res.content).toBe('ok');
    expect(openai.requests).toHaveLength(2);
    expect(sleeps).toEqual([2_000]);
  });

  it('prefers retry-after-ms, and really waits it with the default sleep', async () => {
    openai.enqueue(
      errorReply(429, { headers: { 'retry-after-ms': '120', 'retry-after': '30' } }),
      textReply('ok'),
    );
    const m = new OpenAiModel({
      apiKey: 'k',
      baseUrl: BASE_URL,
      model: 'm',
      timeoutMs: 5_000,
      maxRetries: 1,
    });
    expect((await m.complete(request())).content).toBe('ok');
    const [first, second] = openai.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(115);
  });

  it('gives up at once when retry-after would pass the budget', async () => {
    openai.enqueue(errorReply(429, { headers: { 'retry-after': '60' } }));
    const err = await failureOf(model({ timeoutMs: 2_000 }).complete(request()));
    expect(err.reason).toBe('rate_limited');
    expect(err.message).toMatch(/budget/);
    expect(openai.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx maxRetries times with backoff, then reports server_error', async () => {
    openai.always(errorReply(500));
    const err = await failureOf(model({ maxRetries: 2 }).complete(request()));
    expect(err.reason).toBe('server_error');
    expect(openai.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]! / 2);
  });

  it('does not retry a 401 and says what to check', async () => {
    openai.always(errorReply(401, { message: 'Incorrect API key provided' }));
    const m = model({ circuitBreaker: { failureThreshold: 1, coolDownMs: 60_000 } });
    const err = await failureOf(m.complete(request()));
    expect(err.reason).toBe('bad_response');
    expect(err.message).toMatch(/401.*OPENAI_API_KEY/);
    expect(openai.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    // A refused request says nothing about the provider's health: the circuit stays closed.
    expect(m.circuitState).toBe('closed');
  });

  it('cuts a hanging response at the timeout budget', async () => {
    openai.always(hangingReply());
    const started = performance.now();
    const err = await failureOf(model({ timeoutMs: 300, maxRetries: 2 }).complete(request()));
    const elapsed = performance.now() - started;
    expect(err.reason).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(300 + 200);
    expect(openai.requests).toHaveLength(1);
  });

  it("stops when the caller's signal aborts, without counting it against the provider", async () => {
    openai.always(hangingReply());
    const m = model({ timeoutMs: 10_000, circuitBreaker: { failureThreshold: 1, coolDownMs: 60_000 } });
    const controller = new AbortController();
    const pending = m.complete(request({ signal: controller.signal }));
    await openai.waitForRequests(1);
    controller.abort();
    const err = await failureOf(pending);
    expect(err.reason).toBe('timeout');
    expect(err.message).toMatch(/cancelled/);
    expect(m.circuitState).toBe('closed');
  });

  it("counts a caller's deadline that gave the provider the whole budget as the provider's timeout", async () => {
    openai.always(hangingReply());
    // One-shot callers (triage, vendor replies) and turns with time to spare pass a signal as long
    // as the adapter's own budget; a provider that never answers must still open the breaker.
    const m = model({ timeoutMs: 200, circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 } });
    for (let i = 0; i < 2; i++) {
      const err = await failureOf(m.complete(request({ signal: AbortSignal.timeout(200) })));
      expect(err.reason).toBe('timeout');
    }
    expect(m.circuitState).toBe('open');
    expect((await failureOf(m.complete(request()))).reason).toBe('circuit_open');
    expect(openai.requests).toHaveLength(2);
  });

  it('opens the circuit after N failed calls, fails fast while open, and closes after a good trial', async () => {
    let now = 1_000_000;
    const m = model({
      maxRetries: 0,
      circuitBreaker: { failureThreshold: 3, coolDownMs: 30_000 },
      now: () => now,
    });
    openai.always(errorReply(503));
    for (let i = 0; i < 3; i++) expect((await failureOf(m.complete(request()))).reason).toBe('server_error');
    expect(openai.requests).toHaveLength(3);
    expect(m.circuitState).toBe('open');

    for (let i = 0; i < 5; i++) expect((await failureOf(m.complete(request()))).reason).toBe('circuit_open');
    expect(openai.requests).toHaveLength(3);

    now += 30_000;
    openai.always(textReply('back'));
    expect((await m.complete(request())).content).toBe('back');
    expect(openai.requests).toHaveLength(4);
    expect(m.circuitState).toBe('closed');
  });

  it('reports an unusable body as bad_response without retrying', async () => {
    openai.enqueue(rawReply(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [] })));
    const err = await failureOf(model().complete(request()));
    expect(err.reason).toBe('bad_response');
    expect(openai.requests).toHaveLength(1);
  });

  it('retries a failed connection, then reports network', async () => {
    openai.always(networkErrorReply());
    const err = await failureOf(model({ maxRetries: 1 }).complete(request()));
    expect(err.reason).toBe('network');
    expect(openai.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });
});
