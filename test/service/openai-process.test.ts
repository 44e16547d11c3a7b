// `npm start` with OPENAI_API_KEY and OPENAI_BASE_URL: the whole line runs on the configured model.
// A scripted OpenAI-compatible server on a real port stands in for the provider (this machine
// reaches none), so the path under test is the operator's: configuration → runtime → the openai
// SDK over HTTP → tools → booking. A resident texts through the simulator, the model opens the
// ticket, a plumber is offered the job by SMS, asks a question the model answers, and books it with YES.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/deferred.ts';
import { spawnService, type ServiceProcess } from '../support/service-process.ts';

const ALICE = '+15551230101';
const MODEL = 'scripted-model-1';
const API_KEY = 'sk-process-test';

interface ChatRequest {
  model: string;
  messages: { role: string; content: string | null; name?: string; tool_call_id?: string }[];
  tools?: { function: { name: string; parameters: { properties?: Record<string, unknown> } } }[];
  tool_choice?: unknown;
}

interface SeenRequest {
  authorization: string | undefined;
  body: ChatRequest;
}

/** The provider: opens a ticket with the resident's words, then quotes the code it got back. */
function scriptedCompletion(body: ChatRequest) {
  const last = body.messages.at(-1)!;
  const message =
    last.role === 'tool'
      ? {
          role: 'assistant',
          content: `Thanks Alice, ticket ${(JSON.parse(last.content!) as { code: string }).code} is open. We are booking a plumber now.`,
        }
      : {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: `call_${body.messages.length}`,
              type: 'function',
              function: {
                name: 'create_ticket',
                arguments: JSON.stringify({
                  description: last.content,
                  category: 'plumbing',
                  severity: 'urgent',
                }),
              },
            },
          ],
        };
  return {
    id: `chatcmpl-${body.messages.length}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message, finish_reason: last.role === 'tool' ? 'stop' : 'tool_calls' }],
    usage: { prompt_tokens: 900, completion_tokens: 40, total_tokens: 940 },
  };
}

/** A vendor's question about an offer: answered from the offer the system prompt lists. */
function vendorAnswer(body: ChatRequest) {
  const code = /"code":"(\w{4})"/.exec(body.messages[0]!.content ?? '')![1]!;
  const args = { intent: 'question', code, reply: `It is unit 101. Reply YES ${code} or NO ${code}.` };
  return {
    id: 'chatcmpl-vendor',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_v',
              type: 'function',
              function: { name: 'interpret_vendor_reply', arguments: JSON.stringify(args) },
            },
          ],
        },
        finish_reason: 'tool_calls',
      },
    ],
    usage: { prompt_tokens: 300, completion_tokens: 30, total_tokens: 330 },
  };
}

const VENDOR_CALL = { type: 'function', function: { name: 'interpret_vendor_reply' } };

describe('npm start with an OpenAI-compatible model configured', () => {
  const seen: SeenRequest[] = [];
  let provider: http.Server;
  let service: ServiceProcess;
  let baseUrl: string;

  beforeAll(async () => {
    provider = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw) as ChatRequest;
        seen.push({ authorization: req.headers.authorization, body });
        // Conversation turns and vendor questions are scripted; anything else is a provider error
        // (the fallback's job).
        const vendor = JSON.stringify(body.tool_choice) === JSON.stringify(VENDOR_CALL);
        const known = req.url === '/v1/chat/completions' && (!body.tool_choice || vendor);
        res.writeHead(known ? 200 : 500, { 'content-type': 'application/json' });
        const answer = vendor ? vendorAnswer(body) : scriptedCompletion(body);
        res.end(JSON.stringify(known ? answer : { error: { message: 'not scripted' } }));
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const port = (provider.address() as AddressInfo).port;
    service = spawnService({
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-openai-')),
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OPENAI_MODEL: MODEL,
      // As `npm start` runs: the local simulator answers loopback requests as the demo tenant.
      NODE_ENV: 'development',
    });
    baseUrl = await service.started;
  }, 60_000);

  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await new Promise((resolve) => provider?.close(resolve));
  });

  const get = async <T>(url: string) => {
    const res = await fetch(`${baseUrl}${url}`);
    expect(res.status, url).toBe(200);
    return (await res.json()) as T;
  };
  const text = async (from: string, body: string) => {
    const res = await fetch(`${baseUrl}/simulator/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, body }),
    });
    expect(res.status).toBe(200);
  };
  type Sms = { to: string; body: string; ticket_id: string | null };
  const smsTo = async (to: string) =>
    (await get<{ messages: Sms[] }>(`/simulator/messages?to=${encodeURIComponent(to)}`)).messages;

  it('names the model on its start-up line', () => {
    const startLine = service.logs.find((l) => String(l.msg).startsWith('Fixline started'))!;
    expect(JSON.stringify(startLine)).toContain(`openai ${MODEL}`);
    expect(JSON.stringify(startLine)).toContain('model reads unclear vendor replies');
  });

  it('a resident texts, the model opens the ticket, and a plumber books it by SMS', async () => {
    await text(ALICE, 'the kitchen sink drips under the cabinet, any time tomorrow is fine');

    let reply: Sms | undefined;
    await waitUntil(async () => {
      reply = (await smsTo(ALICE)).find((m) => m.body.includes('We are booking a plumber'));
      return reply !== undefined;
    }, 30_000);
    // The reply is filed under the ticket the model's create_ticket call opened.
    const ticketId = reply!.ticket_id!;
    expect(ticketId).toBeTruthy();
    const ticket = await get<{ id: string; code: string; category: string; unit: { id: string } }>(
      `/tickets/${ticketId}`,
    );
    expect(reply!.body).toContain(ticket.code);
    expect(ticket).toMatchObject({ category: 'plumbing', severity: 'urgent', unit: { id: 'u_101' } });

    // The provider saw the configured model and key, the resident's own facts in the system prompt,
    // and a create_ticket schema without the identity fields the engine fills in.
    const first = seen[0]!;
    expect(first.authorization).toBe(`Bearer ${API_KEY}`);
    expect(first.body.model).toBe(MODEL);
    expect(first.body.messages[0]).toMatchObject({ role: 'system' });
    expect(first.body.messages[0]!.content).toContain('Alice');
    const createTicket = first.body.tools!.find((t) => t.function.name === 'create_ticket')!;
    expect(Object.keys(createTicket.function.parameters.properties!)).not.toContain('unit_id');
    expect(seen.every((s) => !s.body.tool_choice)).toBe(true);

    // Booking is the deterministic engine's: an offer by SMS to a plumber, who answers YES <code>.
    let offer: Sms | undefined;
    await waitUntil(async () => {
      const all = (await get<{ messages: Sms[] }>(`/simulator/messages?ticket_id=${ticket.id}`)).messages;
      offer = all.find((m) => m.to !== ALICE && m.body.includes(`YES ${ticket.code}`));
      return offer !== undefined;
    }, 30_000);
    // A question the parser cannot read goes to the same model, which answers it from the offer.
    await text(offer!.to, 'what floor is it on?');
    await waitUntil(
      async () => (await smsTo(offer!.to)).some((m) => m.body.startsWith('It is unit 101.')),
      30_000,
    );
    const asked = seen.filter((r) => r.body.tool_choice);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.body.messages[1]).toMatchObject({ role: 'user', content: 'what floor is it on?' });
    await text(offer!.to, `YES ${ticket.code}`);
    await waitUntil(
      async () => (await get<{ status: string }>(`/tickets/${ticket.id}`)).status === 'scheduled',
      30_000,
    );
    const turns = service.logs.filter((l) => l.msg === 'agent turn');
    expect(turns.length).toBeGreaterThan(0);
    expect(turns.every((t) => t.model === 'openai' && !t.fallback)).toBe(true);
  }, 90_000);
});
