// The booking demo: starts Fixline embedded (a throwaway PGlite database, in-process events, the
// local SMS transport), then over its HTTP API
//   1. files a plumbing ticket; the engine offers it to a vendor by SMS; the vendor answers YES;
//   2. files an elevator ticket; every vendor answers NO; the landlord gets the escalation;
// and prints each ticket's status as it changes and its timeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/env.ts';
import { createLogger } from '../../observability/logger.ts';
import { startService } from '../../service/start.ts';

const KEY = 'fxk_demo_booking_0000000000';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-demo-'));
const config = loadConfig(
  { ...process.env, LOG_LEVEL: 'warn' },
  {
    DATABASE_URL: '',
    KAFKA_BROKERS: '',
    DATA_DIR: dataDir,
    PORT: '0',
    DEMO_API_KEY: KEY,
    OFFER_TIMEOUT_MS: '5000',
  },
);
const service = await startService(config, createLogger(config.logLevel));
const base = service.address!;

// The few response fields the demo reads.
interface Reply {
  id: string;
  code: string;
  state: string;
  messages: { id: string; to: string; body: string; status: string }[];
  entries: { at: string; title: string; actor: { type: string; id: string | null } }[];
}

async function api(method: string, url: string, body?: unknown): Promise<Reply> {
  const res = await fetch(base + url, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Reply;
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers each new offer for the ticket with `answer`, until the ticket reaches `until`. */
async function play(ticket: { id: string; code: string }, answer: 'YES' | 'NO', until: string) {
  const answered = new Set<string>();
  const seen: string[] = [];
  for (let i = 0; i < 400; i++) {
    const { state } = await api('GET', `/tickets/${ticket.id}/status`);
    if (seen.at(-1) !== state) {
      seen.push(state);
      console.log(`  status: ${state}`);
    }
    if (state === until) return seen;
    const { messages } = await api('GET', `/simulator/messages?ticket_id=${ticket.id}`);
    for (const m of messages) {
      if (!m.body.startsWith(`Job ${ticket.code}:`) || answered.has(m.id) || m.status !== 'sent') continue;
      answered.add(m.id);
      console.log(`  SMS to vendor ${m.to}: ${m.body}`);
      const reply = `${answer} ${ticket.code}`;
      await api('POST', '/simulator/sms', { from: m.to, body: reply });
      console.log(`  vendor ${m.to} replies "${reply}"`);
    }
    await sleep(50);
  }
  throw new Error(`ticket ${ticket.code} never reached ${until}`);
}

async function printTimeline(id: string) {
  const { entries } = await api('GET', `/tickets/${id}/timeline`);
  for (const e of entries) {
    const actor = e.actor.id ? `${e.actor.type}:${e.actor.id}` : e.actor.type;
    console.log(`  ${e.at.slice(11, 23)}  ${e.title.padEnd(32)} ${actor}`);
  }
}

let failed = false;
try {
  console.log('Ticket 1: a leak, booked by the first vendor who says YES');
  const leak = await api('POST', '/tickets', {
    building_id: 'b_hq',
    unit_id: 'u_101',
    resident_phone: '+15551230101',
    message: 'Kitchen sink pipe leaking under the cabinet',
    category: 'plumbing',
    severity: 'urgent',
  });
  const leakStates = await play(leak, 'YES', 'scheduled');
  console.log(`  ${leak.code}: ${['new', ...leakStates].join(' → ')}`);
  await printTimeline(leak.id);

  console.log('\nTicket 2: an elevator fault every vendor declines');
  const lift = await api('POST', '/tickets', {
    building_id: 'b_hq',
    message: 'Elevator doors not closing on floor 2',
    category: 'elevator',
    severity: 'routine',
  });
  const liftStates = await play(lift, 'NO', 'escalated');
  console.log(`  ${lift.code}: ${['new', ...liftStates].join(' → ')}`);
  await printTimeline(lift.id);
  const { messages } = await api('GET', '/simulator/messages?to=%2B15553000001');
  console.log(`\n  landlord's SMS: ${messages.at(-1)?.body}`);
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await service.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
