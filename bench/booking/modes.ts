// The two ways the benchmark runs the real service (startService, every role) and cleans up after:
// embedded — PGlite in a fresh temp folder, in-process events; postgres+kafka — a throwaway
// database on the local Postgres (or DATABASE_URL's server) and the local broker with a topic
// prefix unique to this run, so earlier runs' events and consumer offsets cannot interfere.
// Whatever a mode created (folder, database, topics, consumer group) is removed at the end.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { loadConfig, type Config } from '../../config/env.ts';
import { BOOKING_CONSUMER } from '../../booking/consumer.ts';
import { createLogger } from '../../observability/logger.ts';
import type { LocalSmsTransport } from '../../messaging/local-transport.ts';
import { startService, type Service } from '../../service/start.ts';

export type ModeName = 'embedded' | 'postgres+kafka';

const LOCAL_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface RunningMode {
  name: ModeName;
  config: Config;
  service: Service;
  /** The local SMS transport the service sends through (the bench refuses to run on Twilio). */
  sms: LocalSmsTransport;
  /** Describes the database and broker for the report. */
  detail: string;
  /** Stops the service and removes what the mode created. */
  close(): Promise<void>;
}

export interface ModeOptions {
  logLevel: string;
  poolSize: number;
  brokers: string;
}

function withDatabaseName(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql);
    return String(Object.values(result.rows[0] ?? {})[0] ?? '');
  } finally {
    await client.end();
  }
}

/**
 * Everything the service would read from the environment, with the mode's choices on top; the
 * database, broker and Twilio variables are dropped, so each mode gets exactly what it sets.
 */
function configFor(opts: ModeOptions, overrides: Record<string, string>): Config {
  const {
    DATABASE_URL: _db,
    KAFKA_BROKERS: _kafka,
    KAFKA_TOPIC_PREFIX: _prefix,
    // Never Twilio: the simulated vendor reads the local transport, and no real SMS may leave.
    TWILIO_ACCOUNT_SID: _sid,
    TWILIO_AUTH_TOKEN: _token,
    ...inherited
  } = process.env;
  return loadConfig(inherited, {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: opts.logLevel,
    ROLES: 'api,relay,workers',
    DATABASE_POOL_SIZE: String(opts.poolSize),
    // A throwaway key, so the embedded first start does not print a generated one.
    DEMO_API_KEY: 'fxk_bench_booking_key_000000001',
    LOCAL_OPEN_TENANT: 'off',
    ...overrides,
  });
}

/** Starts the service; stops it again if SMS would not go to the local transport. */
async function start(
  config: Config,
  logLevel: string,
): Promise<{ service: Service; sms: LocalSmsTransport }> {
  const service = await startService(config, createLogger(logLevel));
  if (!service.localSms) {
    await service.close();
    throw new Error('the service is not using the local SMS transport');
  }
  return { service, sms: service.localSms };
}

export async function startEmbedded(opts: ModeOptions): Promise<RunningMode> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-bench-booking-'));
  const config = configFor(opts, { DATA_DIR: dataDir });
  const remove = () => fs.rmSync(dataDir, { recursive: true, force: true });
  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start(config, opts.logLevel);
  } catch (err) {
    remove();
    throw err;
  }
  const { service, sms } = started;
  return {
    name: 'embedded',
    config,
    service,
    sms,
    detail: `PGlite in ${dataDir}, in-process events`,
    async close() {
      await service.close();
      remove();
    },
  };
}

export async function startPostgresKafka(opts: ModeOptions): Promise<RunningMode> {
  const run = crypto.randomBytes(4).toString('hex');
  const adminUrl = withDatabaseName(process.env.DATABASE_URL || LOCAL_SERVER, 'postgres');
  const dbName = `fixline_bench_booking_${run}`;
  const url = withDatabaseName(adminUrl, dbName);
  const prefix = `bench-booking-${run}.`;
  const brokers = opts.brokers.split(',').map((b) => b.trim());
  const serverVersion = await adminQuery(adminUrl, 'SHOW server_version');
  await adminQuery(adminUrl, `CREATE DATABASE "${dbName}"`);
  const dropDb = () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  const config = configFor(opts, {
    DATABASE_URL: url,
    KAFKA_BROKERS: opts.brokers,
    KAFKA_TOPIC_PREFIX: prefix,
  });
  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start(config, opts.logLevel);
  } catch (err) {
    await dropDb().catch(() => {});
    throw err;
  }
  const { service, sms } = started;
  return {
    name: 'postgres+kafka',
    config,
    service,
    sms,
    detail: `Postgres ${serverVersion.split(' ')[0]} (${dbName}, dropped after), Kafka ${brokers.join(',')} (topics ${prefix}*, deleted after)`,
    async close() {
      try {
        await service.close();
      } finally {
        await dropDb().catch((err: unknown) =>
          process.stderr.write(`[bench] drop ${dbName}: ${String(err)}\n`),
        );
        await deleteKafkaLeftovers(brokers, prefix).catch((err: unknown) =>
          process.stderr.write(`[bench] kafka clean-up (${prefix}*): ${String(err)}\n`),
        );
      }
    },
  };
}

/** Deletes this run's topics and the booking consumer group from the local broker. */
async function deleteKafkaLeftovers(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'fixline-bench-booking', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteGroups([prefix + BOOKING_CONSUMER]).catch(() => {});
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
