// Starts the service: database (migrated; seeded when embedded and empty), event bus, then the
// requested roles. Returns a handle whose close() shuts everything down in reverse order.
import type { Config } from '../config/env.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createEventBus } from '../events/create-bus.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { LocalSmsTransport } from '../messaging/local-transport.ts';
import type { SmsTransport } from '../messaging/transport.ts';
import { TwilioSmsTransport } from '../messaging/twilio-transport.ts';
import { seedDemo } from '../prisma/seed.ts';
import { ROLE_STARTERS, type RunningRole } from './roles.ts';

export interface Service {
  db: Database;
  bus: EventBus;
  roles: RunningRole[];
  /** Where SMS go: Twilio, or the local transport. */
  sms: SmsTransport;
  /** The local transport, when SMS do not go to Twilio (tests and the simulator read it). */
  localSms: LocalSmsTransport | undefined;
  /** The API's listen address, when the api role runs. */
  address: string | undefined;
  close(): Promise<void>;
}

export async function startService(config: Config, logger: Logger): Promise<Service> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  const bus = createEventBus(config, logger);
  const readiness = { ready: false };
  const metrics = createMetrics();
  // Twilio when configured; otherwise the local transport, which the simulator shows.
  const localSms = config.twilio ? undefined : new LocalSmsTransport();
  const sms: SmsTransport =
    localSms ?? new TwilioSmsTransport({ ...config.twilio!, publicBaseUrl: config.publicBaseUrl });
  const roles: RunningRole[] = [];
  const close = async () => {
    readiness.ready = false;
    // Each step runs even if an earlier one failed, so pools and producers are always released.
    const steps = [...[...roles].reverse().map((r) => () => r.stop()), () => bus.close(), () => db.close()];
    const failures: unknown[] = [];
    for (const step of steps) await step().catch((err: unknown) => failures.push(err));
    if (failures.length > 0) throw new AggregateError(failures, 'errors while shutting down');
  };
  try {
    const migrated = await migrate(db.url);
    if (db.kind === 'pglite' && (await db.prisma.tenant.count()) === 0) {
      const { generatedApiKey } = await seedDemo(db.prisma, config.demoApiKey);
      logger.info('seeded the demo tenant t_demo into the new embedded database');
      // Printed once, to the terminal rather than the log stream: the only time the key exists in clear.
      if (generatedApiKey) console.error(`Demo API key for t_demo (shown once, keep it): ${generatedApiKey}`);
    }
    for (const role of config.roles) {
      const starter = ROLE_STARTERS[role];
      roles.push(await starter({ config, db, bus, logger, readiness, metrics, sms }));
    }
    readiness.ready = true;
    logger.info(
      {
        database: `${db.kind} (${db.location})`,
        events: config.kafkaBrokers ? `kafka (${config.kafkaBrokers.join(',')})` : 'in-process',
        roles: roles.map((r) => `${r.role}${r.detail ? ` ${r.detail}` : ''}`),
        migrations_applied: migrated.applied.length,
      },
      `Fixline started: database=${db.kind} events=${bus.kind} roles=${config.roles.join(',')}`,
    );
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  return { db, bus, roles, sms, localSms, address: roles.find((r) => r.role === 'api')?.detail, close };
}
