// The embedded default end to end: one `startService` on PGlite with every role, tickets filed over
// HTTP, vendors answering by SMS through the simulator (the webhook's code path). PGlite is a single session, so this
// proves the relay, the booking consumer, the timers and the SMS sender take turns without
// blocking one another (and that concurrent connections never mix their statements).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { startService, type Service } from '../../service/start.ts';
import { waitUntil } from '../support/deferred.ts';
import { testLogger } from '../support/logger.ts';

const KEY = 'fxk_embedded_booking_test_01';

describe('booking on the embedded database', () => {
  let service: Service;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-embedded-'));
    const config = loadConfig(
      {},
      { DATA_DIR: dataDir, PORT: '0', DEMO_API_KEY: KEY, OFFER_TIMEOUT_MS: '10000', NODE_ENV: 'test' },
    );
    service = await startService(config, testLogger);
  });
  afterAll(async () => {
    await service?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const api = async (method: string, url: string, body?: object) => {
    const res = await fetch(service.address + url, {
      method,
      headers: { authorization: `Bearer ${KEY}`, ...(body && { 'content-type': 'application/json' }) },
      ...(body && { body: JSON.stringify(body) }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read by field in assertions
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const stateOf = async (id: string) => (await api('GET', `/tickets/${id}/status`)).json.state as string;
  /** Answers every offer SMS for `code` with `answer`, as the vendor it was sent to. */
  const vendorsAnswer = (code: string, answer: string) =>
    service.localSms!.onSend((sms) => {
      if (!sms.body.startsWith(`Job ${code}:`)) return;
      // Through the same path as Twilio's webhook: stored, message.received, the booking consumer.
      setTimeout(() => void api('POST', '/simulator/sms', { from: sms.to, body: `${answer} ${code}` }), 5);
    });

  it('books several tickets at once and escalates one that every vendor declines', async () => {
    const file = (category: string, message: string) =>
      api('POST', '/tickets', {
        building_id: 'b_hq',
        unit_id: 'u_101',
        message,
        category,
        severity: 'urgent',
      });
    const leaks = await Promise.all(['a', 'b', 'c'].map((n) => file('plumbing', `Leak ${n}`)));
    const lift = await file('elevator', 'Elevator doors stuck');
    expect([...leaks, lift].map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const stops = [
      ...leaks.map((r) => vendorsAnswer(r.json.code, 'YES')),
      vendorsAnswer(lift.json.code, 'NO'),
    ];
    try {
      await waitUntil(async () => {
        const states = await Promise.all([...leaks, lift].map((r) => stateOf(r.json.id)));
        return states.join() === 'scheduled,scheduled,scheduled,escalated';
      }, 30_000);
    } finally {
      stops.forEach((stop) => stop());
    }
    const landlord = await api('GET', '/simulator/messages?to=%2B15553000001');
    const messages = landlord.json.messages as { body: string }[];
    expect(messages.some((m) => m.body.includes(`ESCALATION ${lift.json.code}`))).toBe(true);
    const metrics = await (await fetch(`${service.address}/metrics`)).text();
    expect(metrics).toMatch(/fixline_time_to_book_seconds_count\{severity="urgent"\} 3/);
  });
});
