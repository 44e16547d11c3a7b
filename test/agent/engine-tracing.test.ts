// A real agent turn traced to Langfuse (its OTLP endpoint answered by msw): the turn, the model
// step and the tool call arrive as one trace in the conversation's session, with the prompt hash,
// and the resident's phone number — in their message and in the tool's output — never leaves unmasked.
import { syncBuiltinESMExports } from 'node:module';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '../../agent/engine.ts';
import { createTracer } from '../../agent/tracing.ts';
import { agentDeps, call, say, ScriptedModel, textTheLine } from '../support/agent-world.ts';
import { createWorld } from '../support/booking-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { testLogger } from '../support/logger.ts';

const BASE_URL = 'http://langfuse.test';

describe('agent turns traced to Langfuse', () => {
  const bodies: string[] = [];
  const server = setupServer(
    http.post(`${BASE_URL}/api/public/otel/v1/traces`, async ({ request }) => {
      bodies.push(await request.text());
      return HttpResponse.json({});
    }),
  );
  let db: TestDatabase;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    // The exporter imports `http` as an ES module; this makes it see msw's patch.
    syncBuiltinESMExports();
    db = await createTestDatabase(primaryBackend());
  });
  afterAll(async () => {
    server.close();
    syncBuiltinESMExports();
    await db?.drop();
  });

  it('exports the turn, its model step and its tool call with phone numbers masked', async () => {
    const world = await createWorld(db);
    const tracer = createTracer(
      { publicKey: 'pk-lf-t', secretKey: 'sk-lf-t', baseUrl: BASE_URL },
      testLogger,
    );
    const model = new ScriptedModel([
      call('create_ticket', {
        description: `Radiator cold, call ${world.residentPhone}`,
        category: 'hvac',
        severity: 'urgent',
      }),
      say('Ticket opened; we will call you.'),
    ]);
    const envelope = await textTheLine(db, world, `radiator is cold, my number is ${world.residentPhone}`);
    await runTurn(agentDeps(db, { model, tracer }), envelope);
    await tracer.flush();
    await tracer.shutdown();

    const all = bodies.join('\n');
    expect(all).not.toContain(world.residentPhone);
    expect(all).not.toContain(world.residentPhone.slice(2));
    const spans = bodies.flatMap((b) =>
      (
        JSON.parse(b) as {
          resourceSpans: {
            scopeSpans: {
              spans: { name: string; attributes: { key: string; value: { stringValue?: string } }[] }[];
            }[];
          }[];
        }
      ).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
    const names = spans.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['agent-turn', 'model-step-1', 'create_ticket', 'model-step-2']),
    );
    const conversation = await db.prisma.conversation.findFirstOrThrow({
      where: { address: world.residentPhone },
    });
    const turn = await db.prisma.agentTurn.findFirstOrThrow({ where: { conversationId: conversation.id } });
    for (const span of spans) {
      const attrs = Object.fromEntries(span.attributes.map((a) => [a.key, a.value.stringValue]));
      expect(attrs['session.id']).toBe(conversation.id);
    }
    expect(all).toContain(turn.promptHash);
  });
});
