// Open-loop load generator for bench/webhook, run as its own process so it never shares the server's
// event loop. Requests leave on a fixed schedule (request i at start + i/rate) whether or not earlier
// ones were answered — a closed loop would slow down with the server and hide its latency. Keep-alive
// connections (http.Agent). For the Twilio webhook every request is a distinct inbound SMS (unique
// MessageSid) signed with the twilio SDK exactly as Twilio signs; all payloads and signatures are
// computed before the clock starts, so the generator does no crypto on the schedule.
// Latency is send → last byte of the answer; the generator's own lateness against its schedule is
// reported beside it (a late generator means the machine starved it, not a slow server).
// Usage (run.ts spawns it): node bench/webhook/load.ts '<LoadSpec as JSON>' → one JSON line.
import crypto from 'node:crypto';
import http from 'node:http';
import twilio from 'twilio';
import { monoMs, percentile } from '../tickets/stats.ts';

export interface TwilioSpec {
  authToken: string;
  accountSid: string;
  /** PUBLIC_BASE_URL + path: the URL Twilio signs (not the loopback URL requests go to). */
  signedUrl: string;
  from: string[];
  to: string;
  bodies: string[];
}

export interface LoadSpec {
  url: string;
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** Set: POST signed SMS webhooks; unset: GET. */
  twilio?: TwilioSpec;
  /** An answer later than this (or none) is an error: Twilio gives up on a webhook after 15 s. */
  timeoutMs: number;
}

export interface SecondBucket {
  second: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadResult {
  /** Requests scheduled inside the measured window (warm-up excluded). */
  requests: number;
  /** Every request sent, warm-up included. */
  sent: number;
  /** Anything but 200 in the window; statuses: code → count, `timeout` = no answer within timeoutMs. */
  errors: number;
  statuses: Record<string, number>;
  /** Requests per second actually sent over the window. */
  achievedRate: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
  /** How late sends left against their schedule (generator starved), p99 and max, ms. */
  lagP99Ms: number;
  lagMaxMs: number;
  /** Most requests outstanding at once, and TCP connections opened (keep-alive reuses them). */
  maxInFlight: number;
  connections: number;
  perSecond: SecondBucket[];
  /** The ten slowest window requests: when they were sent (ms into the window) and how long they took. */
  slowest: { atMs: number; ms: number; status: number }[];
}

interface Prepared {
  method: 'GET' | 'POST';
  headers: http.OutgoingHttpHeaders;
  payload: string | undefined;
}

/** Twilio's inbound-SMS form (the fields a plain SMS carries), signed for the public URL. */
function prepareSms(t: TwilioSpec, i: number): Prepared {
  const sid = `SM${crypto.randomBytes(16).toString('hex')}`;
  const params: Record<string, string> = {
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: t.bodies[i % t.bodies.length]!,
    To: t.to,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: t.accountSid,
    From: t.from[i % t.from.length]!,
    ApiVersion: '2010-04-01',
  };
  const payload = new URLSearchParams(params).toString();
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': Buffer.byteLength(payload),
    'x-twilio-signature': twilio.getExpectedTwilioSignature(t.authToken, t.signedUrl, params),
    'user-agent': 'TwilioProxy/1.1',
  };
  return { method: 'POST', headers, payload };
}

function summarize(
  timeoutMs: number,
  window: { start: number; n: number },
  t: { intended: Float64Array; sent: Float64Array; done: Float64Array; status: Int16Array },
) {
  const latencies: number[] = [];
  const lags: number[] = [];
  const statuses: Record<string, number> = {};
  const buckets = new Map<number, number[]>();
  const all: { atMs: number; ms: number; status: number }[] = [];
  for (let i = window.start; i < window.start + window.n; i++) {
    const ms = t.done[i]! - t.sent[i]!;
    const status = t.status[i] === 0 || ms > timeoutMs ? 'timeout' : String(t.status[i]);
    statuses[status] = (statuses[status] ?? 0) + 1;
    lags.push(t.sent[i]! - t.intended[i]!);
    if (t.status[i] === 0) continue;
    latencies.push(ms);
    const atMs = t.intended[i]! - t.intended[window.start]!;
    all.push({ atMs, ms, status: t.status[i]! });
    const second = Math.floor(atMs / 1000);
    const bucket = buckets.get(second) ?? [];
    bucket.push(ms);
    buckets.set(second, bucket);
  }
  const errors = Object.entries(statuses)
    .filter(([code]) => code !== '200')
    .reduce((n, [, c]) => n + c, 0);
  const sendSpan = t.sent[window.start + window.n - 1]! - t.sent[window.start]!;
  return {
    requests: window.n,
    errors,
    statuses,
    achievedRate: sendSpan > 0 ? ((window.n - 1) / sendSpan) * 1000 : Number.NaN,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    p999Ms: percentile(latencies, 99.9),
    maxMs: percentile(latencies, 100),
    meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    lagP99Ms: percentile(lags, 99),
    lagMaxMs: percentile(lags, 100),
    perSecond: [...buckets.entries()].map(([second, ms]) => ({
      second,
      requests: ms.length,
      p50Ms: percentile(ms, 50),
      p99Ms: percentile(ms, 99),
      maxMs: percentile(ms, 100),
    })),
    slowest: all.sort((a, b) => b.ms - a.ms).slice(0, 10),
  };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const interval = 1000 / spec.rate;
  const warmupN = Math.round((spec.warmupMs / 1000) * spec.rate);
  const windowN = Math.round((spec.durationMs / 1000) * spec.rate);
  const total = warmupN + windowN;
  const prepared: Prepared[] = Array.from({ length: total }, (_, i) =>
    spec.twilio ? prepareSms(spec.twilio, i) : { method: 'GET' as const, headers: {}, payload: undefined },
  );
  const t = {
    intended: new Float64Array(total),
    sent: new Float64Array(total),
    done: new Float64Array(total),
    status: new Int16Array(total),
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const sockets = new WeakSet<object>();
  let connections = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let allSent!: () => void;
  const finished = new Promise<void>((resolve) => (allSent = resolve));
  let idle: (() => void) | undefined;

  const fire = (i: number) => {
    const p = prepared[i]!;
    t.sent[i] = monoMs();
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const settle = (status: number) => {
      if (t.done[i] !== 0) return;
      t.done[i] = monoMs();
      t.status[i] = status;
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    };
    const req = http.request(spec.url, { method: p.method, agent, headers: p.headers }, (res) => {
      res.resume();
      res.on('end', () => settle(res.statusCode ?? -1));
      res.on('error', () => settle(-1));
    });
    req.on('socket', (socket) => {
      if (sockets.has(socket)) return;
      sockets.add(socket);
      connections += 1;
    });
    req.on('error', () => settle(-1));
    req.end(p.payload);
  };

  const start = monoMs() + 20;
  let next = 0;
  const tick = () => {
    const now = monoMs();
    // Catch up on every send that is due: a late timer must not thin out the offered load.
    while (next < total && start + next * interval <= now) {
      t.intended[next] = start + next * interval;
      fire(next);
      next += 1;
    }
    if (next < total) setTimeout(tick, Math.max(0, start + next * interval - monoMs()));
    else allSent();
  };
  setTimeout(tick, Math.max(0, start - monoMs()));
  await finished;
  if (inFlight > 0) {
    await Promise.race([
      new Promise<void>((resolve) => (idle = resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, spec.timeoutMs)),
    ]);
  }
  agent.destroy();
  const summary = summarize(spec.timeoutMs, { start: warmupN, n: windowN }, t);
  return { ...summary, sent: total, maxInFlight, connections };
}

if (import.meta.main) {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
  const result = await runLoad(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
