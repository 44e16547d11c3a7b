// The one place that reads the environment. Parsed once at start-up with zod; a bad or missing
// variable stops the process with a message that names it.
import { z } from 'zod';

export const ROLES = ['api', 'relay', 'workers'] as const;
export type Role = (typeof ROLES)[number];

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL');

const brokerList = z
  .string()
  .trim()
  .transform((v) =>
    v
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every((b) => /^[^:\s]+:\d{1,5}$/.test(b)), 'must be host:port[,host:port...]');

const roleList = z
  .string()
  .trim()
  .transform((v) =>
    v
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(ROLES)).min(1, 'name at least one role'));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: roleList.default([...ROLES]),
  DATABASE_URL: postgresUrl.optional().or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  KAFKA_BROKERS: brokerList.optional().or(z.literal('').transform(() => undefined)),
  KAFKA_CLIENT_ID: z.string().trim().min(1).default('fixline'),
  KAFKA_TOPIC_PREFIX: z.string().trim().default(''),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  DEMO_API_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
});

export type RawEnv = z.input<typeof envSchema>;

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  logLevel: string;
  roles: Role[];
  /** Unset → the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  /** Unset → events are delivered in-process. */
  kafkaBrokers: string[] | undefined;
  kafkaClientId: string;
  kafkaTopicPrefix: string;
  shutdownTimeoutMs: number;
  demoApiKey: string | undefined;
}

export class ConfigError extends Error {
  readonly issues: { variable: string; message: string }[];
  constructor(issues: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/**
 * Parses the environment (process.env by default), with `overrides` (e.g. command-line flags)
 * taking precedence. Throws ConfigError naming each bad variable.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Record<string, string | undefined> = {},
): Config {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = envSchema.safeParse({ ...env, ...defined });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    roles: e.ROLES,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    kafkaBrokers: e.KAFKA_BROKERS,
    kafkaClientId: e.KAFKA_CLIENT_ID,
    kafkaTopicPrefix: e.KAFKA_TOPIC_PREFIX,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    demoApiKey: e.DEMO_API_KEY,
  };
}
