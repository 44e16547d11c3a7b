// The Langfuse tracer through the real @langfuse/otel processor and OTLP/HTTP exporter, the
// export answered by msw: one turn with a generation and a tool call arrives as OTLP JSON with the
// right names, session, usage and parentage, and no phone number leaves unmasked. Unconfigured,
// createTracer gives the no-op tracer; a failing export never throws into the agent.
import { syncBuiltinESMExports } from 'node:module';
import { Writable } from 'node:stream';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LangfuseTracer } from '../../agent/langfuse-tracer.ts';
import { noopTracer } from '../../agent/tracer.ts';
import { createTracer } from '../../agent/tracing.ts';
import { createLogger } from '../../observability/logger.ts';
import { maskPhone } from '../../observability/redact.ts';
import { testLogger } from '../support/logger.ts';

const BASE_URL = 'http://langfuse.test';
const OTLP_URL = `${BASE_URL}/api/public/otel/v1/traces`;
const PHONE = '+15551230101';
const PHONE_NA = '(555) 123-0199';
const keys = { publicKey: 'pk-lf-test', secretKey: 'sk-lf-test' };

/** An OTLP JSON attribute value, flattened to a plain JS value. */
type OtlpValue = {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
};
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: OtlpValue }[];
  status?: { code?: number; message?: string };
}
interface ExportedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  scope: string;
  attrs: Record<string, unknown>;
  status: OtlpSpan['status'];
}

const plain = (v: OtlpValue): unknown =>
  v.stringValue ??
  (v.intValue !== undefined ? Number(v.intValue) : undefined) ??
  v.doubleValue ??
  v.boolValue ??
  (v.arrayValue ? (v.arrayValue.values ?? []).map(plain) : undefined);

function spansOf(body: string): ExportedSpan[] {
  const payload = JSON.parse(body) as {
    resourceSpans: { scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[];
  };
  return payload.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({
        name: s.name,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId || undefined,
        scope: ss.scope.name,
        attrs: Object.fromEntries(s.attributes.map((a) => [a.key, plain(a.value)])),
        status: s.status,
      })),
    ),
  );
}

describe('Langfuse tracer', () => {
  const exports: { body: string; headers: Headers }[] = [];
  let answer: () => Response = () => HttpResponse.json({}, { status: 200 });
  const server = setupServer(
    http.post(OTLP_URL, async ({ request }) => {
      exports.push({ body: await request.text(), headers: request.headers });
      return answer();
    }),
  );

  // The OTLP exporter reaches `request` through `import('http')`, an ES module view of the builtin:
  // msw patches the CommonJS object, and syncBuiltinESMExports makes the ES view see the patch.
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
    syncBuiltinESMExports();
  });
  afterEach(() => {
    exports.length = 0;
    answer = () => HttpResponse.json({}, { status: 200 });
  });
  afterAll(() => {
    server.close();
    syncBuiltinESMExports();
  });

  it('is the no-op tracer when Langfuse is not configured', async () => {
    const tracer = createTracer(undefined, testLogger);
    expect(tracer).toBe(noopTracer);
    tracer.startTurn({} as never).end({ reply: 'x', outcome: 'answered', fallback: false });
    await tracer.flush();
    expect(exports).toHaveLength(0);
  });

  it('exports one turn as a trace with a generation and a tool span, phone numbers masked', async () => {
    const tracer = createTracer({ ...keys, baseUrl: BASE_URL }, testLogger, { environment: 'test' });
    expect(tracer).toBeInstanceOf(LangfuseTracer);

    const turn = tracer.startTurn({
      turnId: 'turn_1',
      conversationId: 'conv_42',
      tenantId: 't_demo',
      correlationId: 'corr_7',
      channel: 'sms',
      promptName: 'intake',
      promptHash: 'sha256:abc123',
      input: `Leak under the sink, call me at ${PHONE}`,
    });
    const generation = turn.generation({
      model: 'gpt-4.1-mini',
      kind: 'openai',
      step: 1,
      input: [
        { role: 'system', content: 'You are Fixline.' },
        { role: 'user', content: `Leak under the sink, call me at ${PHONE}` },
      ],
    });
    generation.end({
      output: { toolCalls: [{ name: 'create_ticket', arguments: `{"callback":"${PHONE}"}` }] },
      usage: { inputTokens: 120, outputTokens: 18 },
    });
    const tool = turn.tool('create_ticket', { description: 'Leak', callback: PHONE, alt: [PHONE_NA] });
    tool.end({ output: { code: 'K7Q2', notified: PHONE } });
    const failing = turn.tool('notify_vendor', { to: PHONE });
    failing.end({ error: `vendor ${PHONE} unreachable` });
    turn.end({
      reply: `Ticket K7Q2 is open; we will text ${PHONE}.`,
      outcome: 'ticket_created',
      fallback: false,
    });
    await tracer.flush();

    expect(exports.length).toBeGreaterThanOrEqual(1);
    const body = exports.map((e) => e.body).join('\n');
    expect(body).not.toContain(PHONE);
    expect(body).not.toContain('5551230101');
    expect(body).not.toContain(PHONE_NA);
    expect(body).toContain(maskPhone(PHONE));
    expect(exports[0]!.headers.get('content-type')).toMatch(/application\/json/);
    expect(exports[0]!.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${keys.publicKey}:${keys.secretKey}`).toString('base64')}`,
    );

    const spans = exports.flatMap((e) => spansOf(e.body));
    expect(spans.map((s) => s.name).sort()).toEqual([
      'agent-turn',
      'create_ticket',
      'model-step-1',
      'notify_vendor',
    ]);
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    const root = byName['agent-turn']!;
    const gen = byName['model-step-1']!;
    const toolSpan = byName['create_ticket']!;
    const failed = byName['notify_vendor']!;

    // One trace: the turn is the root, the rest hang beneath it; all carry the session.
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(root.parentSpanId).toBeUndefined();
    for (const child of [gen, toolSpan, failed]) expect(child.parentSpanId).toBe(root.spanId);
    for (const s of spans) {
      expect(s.attrs['session.id']).toBe('conv_42');
      expect(s.attrs['langfuse.trace.name']).toBe('agent-turn');
      expect(s.attrs['langfuse.trace.metadata.tenant_id']).toBe('t_demo');
    }
    expect(root.attrs).toMatchObject({
      'langfuse.observation.type': 'agent',
      'langfuse.trace.tags': ['tenant:t_demo', 'channel:sms', 'prompt:intake'],
      'langfuse.trace.metadata.channel': 'sms',
      'langfuse.trace.metadata.prompt_name': 'intake',
      'langfuse.trace.metadata.prompt_hash': 'sha256:abc123',
      'langfuse.trace.metadata.correlation_id': 'corr_7',
      'langfuse.trace.metadata.outcome': 'ticket_created',
      'langfuse.trace.metadata.fallback': 'false',
      'langfuse.environment': 'test',
    });
    expect(JSON.parse(root.attrs['langfuse.observation.output'] as string)).toEqual({
      reply: `Ticket K7Q2 is open; we will text ${maskPhone(PHONE)}.`,
      outcome: 'ticket_created',
      fallback: false,
    });

    expect(gen.attrs['langfuse.observation.type']).toBe('generation');
    expect(gen.attrs['langfuse.observation.model.name']).toBe('gpt-4.1-mini');
    expect(JSON.parse(gen.attrs['langfuse.observation.usage_details'] as string)).toEqual({
      input: 120,
      output: 18,
      total: 138,
    });
    expect(JSON.parse(gen.attrs['langfuse.observation.input'] as string)[1]).toEqual({
      role: 'user',
      content: `Leak under the sink, call me at ${maskPhone(PHONE)}`,
    });

    expect(toolSpan.attrs['langfuse.observation.type']).toBe('tool');
    expect(JSON.parse(toolSpan.attrs['langfuse.observation.input'] as string)).toEqual({
      description: 'Leak',
      callback: maskPhone(PHONE),
      alt: [maskPhone(PHONE_NA)],
    });
    expect(JSON.parse(toolSpan.attrs['langfuse.observation.output'] as string)).toEqual({
      code: 'K7Q2',
      notified: maskPhone(PHONE),
    });

    expect(failed.attrs['langfuse.observation.level']).toBe('ERROR');
    expect(failed.attrs['langfuse.observation.status_message']).toBe(
      `vendor ${maskPhone(PHONE)} unreachable`,
    );
    expect(failed.status?.code).toBe(2); // OTLP STATUS_CODE_ERROR

    await tracer.shutdown();
  });

  it('a failing export is logged, never thrown', async () => {
    answer = () => HttpResponse.json({ message: 'invalid credentials' }, { status: 401 });
    const lines: string[] = [];
    const logger = createLogger(
      'warn',
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const tracer = createTracer({ ...keys, baseUrl: BASE_URL }, logger);
    const turn = tracer.startTurn({
      turnId: 'turn_2',
      conversationId: 'conv_43',
      tenantId: 't_demo',
      correlationId: 'corr_8',
      channel: 'chat',
      promptName: 'intake',
      promptHash: 'sha256:abc123',
      input: 'hello',
    });
    turn.end({ reply: 'hi', outcome: 'answered', fallback: true });
    await expect(tracer.flush()).resolves.toBeUndefined();
    await expect(tracer.shutdown()).resolves.toBeUndefined();
    expect(exports).toHaveLength(1);
    expect(lines.join('')).toMatch(/flushing traces to Langfuse failed/);
  });
});
