// A role is a part of the service that can run in its own process (`--roles api,relay,workers`).
// Each role starts with the shared resources and returns how to stop it; stop order is reverse.
import type { App } from '../api/app.ts';
import type { Config, Role } from '../config/env.ts';
import type { Database } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../observability/logger.ts';
import type { Readiness } from '../api/health-routes.ts';
import type { Metrics } from '../observability/metrics.ts';
import { buildApp } from '../api/app.ts';
import { OutboxRelay } from '../workers/relay.ts';
import { subscribeBooking } from '../booking/consumer.ts';
import { subscribeAgent } from '../agent/consumer.ts';
import { createAgentRuntime } from '../agent/runtime.ts';
import { createVendorClarifier } from '../agent/vendor-clarifier.ts';
import type { SmsTransport } from '../messaging/transport.ts';
import { SmsSender } from '../workers/sms-sender.ts';
import { TimerScheduler } from '../workers/timer-scheduler.ts';
import { Housekeeping } from '../workers/housekeeping.ts';

export interface RoleContext {
  config: Config;
  db: Database;
  bus: EventBus;
  logger: Logger;
  readiness: Readiness;
  metrics: Metrics;
  sms: SmsTransport;
}

export interface RunningRole {
  role: Role;
  /** What the start-up line says about it, e.g. the address it listens on. */
  detail: string;
  /** Stop taking new work, finish what is in flight, release resources. */
  stop(): Promise<void>;
  app?: App;
}

export type RoleStarter = (ctx: RoleContext) => Promise<RunningRole>;

export const startApiRole: RoleStarter = async (ctx) => {
  const app = await buildApp({
    ...ctx,
    auth: { localOpenTenant: ctx.config.localOpenTenant },
    booking: { policy: ctx.config.booking, metrics: ctx.metrics.booking },
    simulator: ctx.sms.kind === 'local',
    twilio: { authToken: ctx.config.twilio?.authToken, publicBaseUrl: ctx.config.publicBaseUrl },
  });
  const address = await app.listen({ host: ctx.config.host, port: ctx.config.port });
  return { role: 'api', detail: address, app, stop: () => app.close() };
};

export const startRelayRole: RoleStarter = async (ctx) => {
  const relay = new OutboxRelay(
    {
      pool: ctx.db.pool,
      bus: ctx.bus,
      logger: ctx.logger.child({ component: 'relay' }),
      metrics: ctx.metrics.outbox,
    },
    // The embedded server does not route NOTIFY, so the embedded relay polls at a short interval; and
    // it is the only relay of its single-session database (see soleRelay).
    ctx.db.kind === 'pglite'
      ? { ...ctx.config.outbox, listen: false, pollMs: 50, soleRelay: true }
      : ctx.config.outbox,
  );
  await relay.start();
  return { role: 'relay', detail: '', stop: () => relay.stop() };
};

/** Event consumers (agent turns, triage, booking), the timer scheduler and the SMS sender. */
export const startWorkersRole: RoleStarter = async (ctx) => {
  const embedded = ctx.db.kind === 'pglite';
  const logger = ctx.logger.child({ component: 'workers' });
  const timers = new TimerScheduler(
    { prisma: ctx.db.prisma, pool: ctx.db.pool, logger },
    embedded ? { listen: false, pollMs: 50 } : {},
  );
  const sender = new SmsSender(
    { pool: ctx.db.pool, transport: ctx.sms, logger, metrics: ctx.metrics.booking },
    {
      // The carrier's limit; the local transport has none.
      ratePerSecond: ctx.sms.kind === 'twilio' ? ctx.config.smsRatePerSecond : Number.POSITIVE_INFINITY,
      ...(embedded ? { listen: false, pollMs: 50 } : {}),
    },
  );
  const agent = createAgentRuntime(ctx.config, ctx.db, ctx.metrics, ctx.logger);
  const agentSubscriptions = await subscribeAgent(ctx.bus, agent.deps);
  // Vendor texts the parser cannot read go to the same model (and circuit breaker) as agent turns.
  const interpreter = createVendorClarifier({
    model: agent.deps.model,
    timeoutMs: ctx.config.agent.modelTimeoutMs,
    logger: logger.child({ component: 'vendor-clarifier' }),
  });
  const booking = await subscribeBooking(
    ctx.bus,
    ctx.db.prisma,
    { policy: ctx.config.booking, metrics: ctx.metrics.booking, interpreter },
    logger,
  );
  const { intervalMs, ...retention } = ctx.config.retention;
  const housekeeping = new Housekeeping({ pool: ctx.db.pool, logger }, retention, { intervalMs });
  await timers.start();
  await sender.start();
  await housekeeping.start();
  return {
    role: 'workers',
    detail: `${agent.describe}, booking${interpreter ? ' (model reads unclear vendor replies)' : ''}, timers, sms (${ctx.sms.kind}), housekeeping`,
    stop: async () => {
      for (const subscription of agentSubscriptions) await subscription.stop();
      await agent.stop();
      await booking.stop();
      await timers.stop();
      await sender.stop();
      await housekeeping.stop();
    },
  };
};

export const ROLE_STARTERS: Record<Role, RoleStarter> = {
  api: startApiRole,
  relay: startRelayRole,
  workers: startWorkersRole,
};
