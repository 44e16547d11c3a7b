// The runner's OpenAI path, so it cannot rot: the real OpenAI adapter and SDK, their HTTP answered
// by msw with scripted Chat Completions. The runner must score from the database, not from what the
// model said: a model that opens an unwanted ticket fails, one that does the job passes, and an
// emergency never reaches the model. The LLM-played resident goes through the same endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { addDays, toZonedIso, zonedParts, zonedToInstant } from '../../domain/zoned-time.ts';
import { runEvals } from '../../evals/evaluate.ts';
import { TIMEZONE } from '../../evals/world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { testLogger } from '../support/logger.ts';
import { MOCK_BASE_URL, textReply, toolCallsReply, useOpenAiMock } from '../support/openai-mock.ts';

const openai = useOpenAiMock();
const config = loadConfig({
  NODE_ENV: 'test',
  OPENAI_API_KEY: 'sk-test',
  OPENAI_BASE_URL: MOCK_BASE_URL,
  OPENAI_MODEL: 'gpt-4.1-mini',
  MODEL_MAX_RETRIES: '0',
});

/** Tomorrow in the building's time zone, from and to whole hours, as ISO with that day's offset. */
function tomorrow(fromHour: number, toHour: number) {
  const day = addDays(zonedParts(new Date(), TIMEZONE), 1);
  const at = (hour: number) => toZonedIso(zonedToInstant({ ...day, hour, minute: 0 }, TIMEZONE), TIMEZONE);
  return { window_start: at(fromHour), window_end: at(toHour) };
}
const call = (name: string, args: unknown) => toolCallsReply([{ name, arguments: JSON.stringify(args) }]);

describe('eval runner on the OpenAI path (msw)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend());
  });
  afterAll(async () => db?.drop());

  it('scores scripted model answers from the database state', async () => {
    // In dataset order: plumb-sink-leak-window, emer-gas-smell (no model), look-fire-drill-question, status-scheduled.
    openai.enqueue(
      call('create_ticket', {
        description: 'Kitchen sink leaking under the cabinet',
        category: 'plumbing',
        severity: 'routine',
        ...tomorrow(9, 12),
      }),
      textReply('Ticket opened. A plumber will come tomorrow between 9 and noon.'),
      // A model that opens a ticket for a question: the run must fail it.
      call('create_ticket', {
        description: 'Fire alarm test question',
        category: 'general',
        severity: 'routine',
      }),
      textReply('I opened a ticket about the fire alarm test.'),
      call('list_tickets', {}),
      textReply('Your sink repair is scheduled for tomorrow morning.'),
    );
    const { report } = await runEvals(
      {
        model: 'openai',
        resident: 'scripted',
        repeat: 1,
        filter: 'plumb-sink-leak-window,emer-gas-smell,look-fire-drill-question,status-scheduled',
        out: null,
      },
      { config, db, databaseDescription: 'test database', logger: testLogger },
    );
    expect(openai.pending).toBe(0);
    expect(openai.requests).toHaveLength(6);
    const byId = Object.fromEntries(report.runs.map((r) => [r.id, r]));

    const sink = byId['plumb-sink-leak-window']!;
    expect(sink).toMatchObject({ pass: true, ticketsCreated: 1, turnsToTicket: 1, models: ['gpt-4.1-mini'] });
    expect(sink.inputTokens).toBe(20);
    expect(sink.costUsd).toBeGreaterThan(0);
    const created = await db.prisma.ticket.findFirstOrThrow({
      where: { description: 'Kitchen sink leaking under the cabinet', source: 'sms' },
    });
    expect(created).toMatchObject({ category: 'plumbing', severity: 'routine' });
    expect(created.windowStart).not.toBeNull();

    expect(byId['emer-gas-smell']).toMatchObject({
      pass: true,
      inputTokens: 0,
      emergency: { detected: true },
    });

    const drill = byId['look-fire-drill-question']!;
    expect(drill.pass).toBe(false);
    expect(drill.checks.filter((c) => !c.pass).map((c) => c.name)).toEqual(['tickets', 'tools']);
    expect(drill.checks.find((c) => c.name === 'tools')?.detail).toMatch(/called forbidden create_ticket/);

    expect(byId['status-scheduled']).toMatchObject({ pass: true, ticketsCreated: 0 });
    expect(report.summary.costPerTicketUsd).toBeGreaterThan(0);
    expect(report.meta.modelNames).toEqual(['gpt-4.1-mini']);
  });

  it('an LLM-played resident answers the line’s question, then the agent books', async () => {
    openai.enqueue(
      textReply('Sorry about that! Is it your only toilet, and when can a plumber come in?'),
      // The resident model's turn.
      textReply("yes it's our only bathroom, today after 5pm works"),
      call('create_ticket', {
        description: 'Only toilet clogged, will not flush',
        category: 'plumbing',
        severity: 'urgent',
        ...tomorrow(17, 20),
      }),
      textReply('Ticket opened; a plumber will come after 5pm.'),
    );
    const { report } = await runEvals(
      { model: 'openai', resident: 'llm', repeat: 1, filter: 'plumb-toilet-clog-2turn', out: null },
      { config, db, databaseDescription: 'test database', logger: testLogger },
    );
    const [run] = report.runs;
    expect(run).toMatchObject({ pass: true, turns: 2, turnsToTicket: 2 });
    expect(run!.transcript.filter((t) => t.from === 'resident').map((t) => t.text)).toEqual([
      "My toilet is clogged and won't flush",
      "yes it's our only bathroom, today after 5pm works",
    ]);
    const residentRequest = openai.requests[1]!.body.messages;
    expect(residentRequest[0]).toMatchObject({ role: 'system' });
    expect(String(residentRequest[0]!.content)).toMatch(/role-playing Alice Moreno/);
    // From the resident's side the line speaks as the user.
    expect(residentRequest.at(-1)).toMatchObject({ role: 'user' });
  });

  it('vendor texts the parser cannot read go to the model, scored on what the booking engine did', async () => {
    // In dataset order: vendor-yes-code (the parser reads it: no model), then the two address
    // questions. The first answer misreads the question as an acceptance: that run must fail.
    openai.enqueue(
      call('interpret_vendor_reply', { intent: 'accept', code: null, reply: null }),
      // An answer without the job's code may not be sent: the vendor gets the offer again.
      call('interpret_vendor_reply', { intent: 'question', code: null, reply: 'It is at 12 Main St.' }),
    );
    const { report } = await runEvals(
      {
        model: 'openai',
        resident: 'scripted',
        repeat: 1,
        filter: 'vendor-yes-code,vendor-address-question,vendor-address-given',
        out: null,
      },
      { config, db, databaseDescription: 'test database', logger: testLogger },
    );
    expect(openai.requests).toHaveLength(2);
    const byId = Object.fromEntries(report.runs.map((r) => [r.id, r]));
    expect(byId['vendor-yes-code']).toMatchObject({ pass: true, models: [], inputTokens: 0 });
    const misread = byId['vendor-address-question']!;
    expect(misread.pass).toBe(false);
    // Booked instead of answered, and never told how to accept.
    expect(misread.checks.filter((c) => !c.pass).map((c) => c.name)).toEqual([
      'vendor_outcomes',
      'booking_state',
      'vendor_texts',
    ]);
    const given = byId['vendor-address-given']!;
    expect(given).toMatchObject({ pass: true, models: ['gpt-4.1-mini'], inputTokens: 10, fallbacks: 0 });
    expect(given.costUsd).toBeGreaterThan(0);
    expect(given.transcript).toContainEqual({ from: 'model', text: 'question -' });
  });
});
