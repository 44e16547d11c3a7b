// The server under test: the real service (startService with loadConfig, as main.ts starts it) on a
// throwaway Postgres database, Twilio configured so every webhook's signature is checked, events
// in-process (no Kafka), logs at warn. With the relay and workers roles the booking consumer handles
// every message.received in the background, in the same process, as a one-process deployment does.
// Twilio being configured means the SMS sender would call the real Twilio API; the bench only sends
// plain texts from known residents, which queue no outbound SMS, and to be certain it replaces
// TwilioSmsTransport.send in this process (before the service starts) with one that refuses and
// counts: any attempted outbound SMS is reported and fails the run.
// The service's log (warn and above) goes to a file beside the results, summarized in the report.
// Also samples, while a phase runs, the server's event-loop delay and the pg pool's queue.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../config/env.ts';
import { TwilioSmsTransport } from '../../messaging/twilio-transport.ts';
import { SmsSendError } from '../../messaging/transport.ts';
import { createLogger } from '../../observability/logger.ts';
import { startService, type Service } from '../../service/start.ts';

export const PUBLIC_BASE_URL = 'https://fixline.example.com';

/** Outbound SMS the service tried to send during the run (should stay empty). */
export const blockedSends: { to: string; body: string }[] = [];

TwilioSmsTransport.prototype.send = async function blocked(sms) {
  blockedSends.push({ to: sms.to, body: sms.body });
  throw new SmsSendError('bench_blocked', false, 'bench/webhook: outbound SMS are not sent');
};

export interface BenchServer {
  config: Config;
  service: Service;
  address: string;
  twilio: { accountSid: string; authToken: string };
  close(): Promise<void>;
}

export interface ServerOptions {
  databaseUrl: string;
  roles: string;
  poolSize: number;
  logLevel: string;
  /** Where the service's log lines go. */
  logFile: string;
}

export async function startBenchServer(o: ServerOptions): Promise<BenchServer> {
  // Throwaway credentials: only this process and the generator know them.
  const twilio = {
    accountSid: `AC${crypto.randomBytes(16).toString('hex')}`,
    authToken: crypto.randomBytes(16).toString('hex'),
  };
  const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ...inherited } = process.env;
  const config = loadConfig(inherited, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: o.logLevel,
    ROLES: o.roles,
    DATABASE_URL: o.databaseUrl,
    DATABASE_POOL_SIZE: String(o.poolSize),
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    LOCAL_OPEN_TENANT: 'off',
  });
  // Synchronous writes, like the service's default stdout logger.
  const logger = createLogger(o.logLevel, pino.destination({ dest: o.logFile, sync: true, mkdir: true }));
  const service = await startService(config, logger);
  if (!service.address) {
    await service.close();
    throw new Error('the api role is required');
  }
  return { config, service, address: service.address, twilio, close: () => service.close() };
}

/** "count × message [error code]" for the most frequent lines of the service's log (removed if empty). */
export function summarizeLog(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  if (fs.statSync(file).size === 0) {
    fs.rmSync(file);
    return [];
  }
  const counts = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const l = JSON.parse(line) as {
        level?: string;
        msg?: string;
        err?: { code?: string; message?: string };
      };
      const err = l.err ? ` [${l.err.code ?? ''} ${String(l.err.message ?? '').slice(0, 60)}]` : '';
      const key = `${l.level} ${l.msg}${err}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      counts.set(line.slice(0, 80), (counts.get(line.slice(0, 80)) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([k, n]) => `${n} × ${k}`);
}

export interface ServerSample {
  /** Event-loop delay over the phase (ms): how long a ready callback could wait for the loop. */
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  /** Most requests waiting for a pg connection at one 10 ms sample, and the pool's size then. */
  poolWaitingMax: number;
  poolTotalMax: number;
}

/** Starts sampling; call the returned function when the phase ends. */
export function sampleServer(server: BenchServer): () => ServerSample {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const pool = server.service.db.pool;
  let poolWaitingMax = 0;
  let poolTotalMax = 0;
  const timer = setInterval(() => {
    poolWaitingMax = Math.max(poolWaitingMax, pool.waitingCount);
    poolTotalMax = Math.max(poolTotalMax, pool.totalCount);
  }, 10);
  return () => {
    clearInterval(timer);
    loop.disable();
    const ms = (ns: number) => ns / 1e6;
    return {
      loopP50Ms: ms(loop.percentile(50)),
      loopP99Ms: ms(loop.percentile(99)),
      loopMaxMs: ms(loop.max),
      poolWaitingMax,
      poolTotalMax,
    };
  };
}
