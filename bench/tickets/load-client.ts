// Closed-loop HTTP load generator, run as its own process so it does not share the server's event
// loop: `concurrency` keep-alive connections each send the next request as soon as the previous
// answer arrived, for a warm-up (discarded) and then a measured window. Prints one JSON summary.
// Usage (the API phase spawns it): node bench/tickets/load-client.ts '<LoadSpec as JSON>'
import http from 'node:http';
import { monoMs, percentile } from './stats.ts';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  /** Requests completed inside the measured window. */
  requests: number;
  /** Every request answered, warm-up included (to divide the server's CPU time by). */
  sent: number;
  durationMs: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Status code → count, measured window only; anything but 201 is an error. */
  statuses: Record<string, number>;
  errors: number;
}

function post(agent: http.Agent, spec: LoadSpec, payload: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      spec.url,
      {
        method: 'POST',
        agent,
        headers: {
          ...spec.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(-1));
      },
    );
    req.on('error', () => resolve(-1));
    req.end(payload);
  });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const payload = JSON.stringify(spec.body);
  const start = monoMs();
  const measureFrom = start + spec.warmupMs;
  const stopAt = measureFrom + spec.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  const worker = async () => {
    while (monoMs() < stopAt) {
      const t0 = monoMs();
      const status = await post(agent, spec, payload);
      const t1 = monoMs();
      sent += 1;
      // A request counts when it completes inside the window (the standard closed-loop convention).
      if (t0 >= measureFrom && t1 <= stopAt) {
        latencies.push(t1 - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  agent.destroy();
  const errors = Object.entries(statuses)
    .filter(([code]) => code !== '201')
    .reduce((n, [, count]) => n + count, 0);
  return {
    requests: latencies.length,
    sent,
    durationMs: spec.durationMs,
    rps: (latencies.length / spec.durationMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    statuses,
    errors,
  };
}

if (import.meta.main) {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
  const result = await runLoad(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
