// The engine on the OpenAI adapter, through the real `openai` SDK with its HTTP answered by msw:
// a two-turn tool-calling intake that ends in a ticket, a timeout that the deterministic model
// answers within the turn's budget, and malformed tool arguments that the model is told about.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '../../agent/engine.ts';
import { agentDeps, textsTo, textTheLine } from '../support/agent-world.ts';
import { createWorld } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import {
  hangingReply,
  mockedOpenAiModel,
  textReply,
  toolCallsReply,
  useOpenAiMock,
} from '../support/openai-mock.ts';

describe('agent turns on the OpenAI adapter', () => {
  const openai = useOpenAiMock();
  let db: TestDatabase;
  const model = (timeoutMs = 2_000) => mockedOpenAiModel({ timeoutMs });

  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend());
  });
  afterAll(async () => db?.drop());

  it('collects what it needs over two messages, then opens the ticket and quotes its code', async () => {
    const world = await createWorld(db);
    const deps = agentDeps(db, { model: model() });
    openai.enqueue(textReply('Sorry about that! Is it in unit 101, and when can a plumber come in?'));
    await runTurn(deps, await textTheLine(db, world, 'my kitchen sink is leaking'));

    openai.enqueue(
      toolCallsReply([
        {
          id: 'call_1',
          name: 'create_ticket',
          arguments: JSON.stringify({
            description: 'Kitchen sink leaking',
            category: 'plumbing',
            severity: 'routine',
            window_start: '2026-11-25T09:00:00-05:00',
            window_end: '2026-11-25T12:00:00-05:00',
          }),
        },
      ]),
      textReply('Done: a plumber visit is requested for tomorrow 9-12.'),
    );
    const result = await runTurn(deps, await textTheLine(db, world, 'yes, tomorrow 9-12'));

    const [ticket] = await db.prisma.ticket.findMany({ where: { tenantId: world.tenantId } });
    expect(ticket).toMatchObject({
      category: 'plumbing',
      severity: 'routine',
      unitId: world.unitId,
      status: 'triaged',
    });
    expect(ticket!.windowStart?.toISOString()).toBe('2026-11-25T14:00:00.000Z');
    expect(result).toMatchObject({ outcome: 'replied', modelKind: 'openai', ticketIds: [ticket!.id] });
    expect(await textsTo(db, world.residentPhone)).toEqual([
      'Sorry about that! Is it in unit 101, and when can a plumber come in?',
      'Done: a plumber visit is requested for tomorrow 9-12.',
    ]);
    // What the SDK sent on the last step: the system prompt, the earlier exchange, the tool result.
    const last = openai.requests.at(-1)!.body;
    expect(last.model).toBe('gpt-test');
    // Each step's output is bounded (the turn's token budget, at most 1024).
    expect(last.max_completion_tokens).toBe(1024);
    const roles = last.messages.map((m) => m.role);
    expect(roles).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'tool']);
    expect(last.messages[5]).toMatchObject({ tool_call_id: 'call_1' });
    expect(JSON.parse(last.messages[5]!.content as string).code).toBe(ticket!.code);
    const toolNames = (last.tools ?? []).map((t) => (t as { function: { name: string } }).function.name);
    expect(toolNames).toContain('create_ticket');
    expect(toolNames).not.toContain('list_vendors');
  });

  it('answers with the deterministic model within the budget when the provider hangs', async () => {
    const world = await createWorld(db);
    openai.always(hangingReply());
    const deps = agentDeps(db, {
      model: model(400),
      limits: { maxSteps: 6, tokenBudget: 12_000, turnBudgetMs: 1_500, modelTimeoutMs: 400 },
    });
    const started = performance.now();
    const result = await runTurn(deps, await textTheLine(db, world, 'the bathroom fan is broken'));
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({
      outcome: 'replied',
      modelKind: 'deterministic',
      fallbackReason: 'timeout',
    });
    expect(elapsed).toBeLessThan(1_500);
    expect((await textsTo(db, world.residentPhone))[0]!.length).toBeGreaterThan(10);
  });

  it('tells the model its tool arguments were malformed, and carries on', async () => {
    const world = await createWorld(db);
    openai.enqueue(
      toolCallsReply([{ id: 'call_bad', name: 'create_ticket', arguments: '{"description": "leak", ' }]),
      textReply('Could you tell me a bit more about the leak?'),
    );
    const result = await runTurn(agentDeps(db, { model: model() }), await textTheLine(db, world, 'leak'));
    expect(result.outcome).toBe('replied');
    const told = openai.requests[1]!.body.messages.at(-1)!;
    expect(told).toMatchObject({ role: 'tool', tool_call_id: 'call_bad' });
    expect(JSON.parse(told.content as string).error.code).toBe('invalid_arguments');
    expect(await db.prisma.ticket.count({ where: { tenantId: world.tenantId } })).toBe(0);
  });
});
