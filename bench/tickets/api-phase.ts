// API phase: the real Fastify app (buildApp, production pool size and log level, logs written to
// /dev/null) listens on a loopback port in this process, and load-client.ts drives POST /tickets
// from its own process at a fixed concurrency. No relay runs, so outbox rows stay pending.
import { pino } from 'pino';
import { buildApp } from '../../api/app.ts';
import { connect } from '../../db/database.ts';
import { InProcessEventBus } from '../../events/in-process-bus.ts';
import { createLogger } from '../../observability/logger.ts';
import { BENCH_API_KEY } from './bench-db.ts';
import { runChild } from './child.ts';
import type { LoadResult, LoadSpec } from './load-client.ts';
import { cpuWindow, type CpuWindow } from './stats.ts';

/** The seeds' body with category and severity: the fullest create (two outbox events, status triaged). */
export const TICKET_BODY = {
  tenant_id: 't_demo',
  building_id: 'b_hq',
  message: 'Elevator stuck on 3rd floor',
  category: 'elevator',
  severity: 'urgent',
};

export interface ApiPhaseOptions {
  url: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  poolSize: number;
  logLevel: string;
}

export interface ApiResult extends LoadResult {
  /** The app process's and the machine's CPU use over warm-up + window. */
  cpu: CpuWindow;
  /** The app process's CPU time per answered request (warm-up included), ms. */
  cpuMsPerRequest: number;
}

export async function runApiPhase(o: ApiPhaseOptions): Promise<ApiResult> {
  const db = await connect('postgres', o.url, 'bench', o.poolSize);
  const logger = createLogger(o.logLevel, pino.destination({ dest: '/dev/null', sync: true }));
  const app = await buildApp({
    db,
    bus: new InProcessEventBus({ logger }),
    logger,
    readiness: { ready: true },
  });
  try {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const spec: LoadSpec = {
      url: `${address}/tickets`,
      headers: { authorization: `Bearer ${BENCH_API_KEY}` },
      body: TICKET_BODY,
      concurrency: o.concurrency,
      warmupMs: o.warmupMs,
      durationMs: o.durationMs,
    };
    const window = cpuWindow();
    const result = await runChild<LoadResult>('load-client.ts', spec);
    const cpu = window();
    const cpuMsPerRequest = (cpu.processPct / 100) * ((o.warmupMs + o.durationMs) / result.sent);
    return { ...result, cpu, cpuMsPerRequest };
  } finally {
    await app.close();
    await db.close();
  }
}
