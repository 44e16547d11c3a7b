// The one place that reads the environment. Parsed once at start-up with zod; a bad or missing
// variable stops the process with a message that names it.
import { z } from 'zod';
import { DEFAULT_BOOKING_POLICY, type BookingPolicy } from '../domain/booking-policy.ts';

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

const durationMs = z.coerce
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60 * 60_000);

// Blank means the default, not 0 ("keep forever").
const retentionDays = (fallback: number, min = 0) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number()
      .int()
      .refine(
        (d) => d === 0 || (d >= min && d <= 3650),
        `must be 0 (keep forever) or ${Math.max(min, 1)}-3650 days`,
      )
      .default(fallback),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: roleList.default([...ROLES]),
  DATABASE_URL: postgresUrl.optional().or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  // Empty means unset (in-process events), never "a Kafka cluster with no brokers".
  KAFKA_BROKERS: z
    .literal('')
    .transform(() => undefined)
    .or(brokerList.optional()),
  KAFKA_CLIENT_ID: z.string().trim().min(1).default('fixline'),
  KAFKA_TOPIC_PREFIX: z.string().trim().default(''),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  OUTBOX_POLL_MS: z.coerce.number().int().min(5).max(60_000).default(500),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(12),
  OUTBOX_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(200),
  OUTBOX_BACKOFF_CAP_MS: z.coerce.number().int().min(1).max(3_600_000).default(60_000),
  // Days kept after the row's work is done; 0 keeps forever (workers/housekeeping.ts).
  RETENTION_OUTBOX_DAYS: retentionDays(7),
  // At least the broker's usual retention (7 days): a consumer rewound that far still drops repeats.
  RETENTION_INBOX_DAYS: retentionDays(30, 7),
  RETENTION_AGENT_TURNS_DAYS: retentionDays(90),
  RETENTION_TIMERS_DAYS: retentionDays(30),
  HOUSEKEEPING_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  LOCAL_OPEN_TENANT: optionalString,
  PUBLIC_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TWILIO_ACCOUNT_SID: optionalString.pipe(
    z
      .string()
      .regex(/^AC[0-9a-f]{32}$/, 'must look like AC followed by 32 hex digits')
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optionalString,
  SMS_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(1),
  OFFER_TIMEOUT_MS: durationMs.default(DEFAULT_BOOKING_POLICY.offerTimeoutMs.routine),
  OFFER_TIMEOUT_MS_EMERGENCY: durationMs.optional(),
  OFFER_TIMEOUT_MS_URGENT: durationMs.optional(),
  SLA_EMERGENCY_MS: durationMs.default(DEFAULT_BOOKING_POLICY.slaMs.emergency),
  SLA_URGENT_MS: durationMs.default(DEFAULT_BOOKING_POLICY.slaMs.urgent),
  SLA_ROUTINE_MS: durationMs.default(DEFAULT_BOOKING_POLICY.slaMs.routine),
  DEMO_API_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OPENAI_MODEL: z.string().trim().min(1).default('gpt-4.1-mini'),
  MODEL_TIMEOUT_MS: durationMs.default(15_000),
  MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  AGENT_MAX_STEPS: z.coerce.number().int().min(1).max(20).default(6),
  AGENT_TOKEN_BUDGET: z.coerce.number().int().min(500).max(1_000_000).default(12_000),
  AGENT_TURN_BUDGET_MS: durationMs.default(25_000),
  LANGFUSE_PUBLIC_KEY: optionalString,
  LANGFUSE_SECRET_KEY: optionalString,
  LANGFUSE_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  FIXLINE_API_KEY: optionalString,
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
  /**
   * Requests from loopback without an Authorization header act as this tenant, so a local curl
   * needs no key. Defaults to t_demo for the embedded database in development; never in production.
   */
  localOpenTenant: string | undefined;
  booking: BookingPolicy;
  /** The address Twilio calls (webhooks are signed against it, not against the proxied request). */
  publicBaseUrl: string;
  /** Both set → SMS go through Twilio; otherwise through the local transport (simulator). */
  twilio: { accountSid: string; authToken: string } | undefined;
  /** Outbound SMS per second per sending number (US long codes: 1). */
  smsRatePerSecond: number;
  /** Unset → the deterministic intake model (no network). */
  openai: { apiKey: string; baseUrl: string | undefined; model: string } | undefined;
  agent: {
    /** Per model call; past it the turn answers with the deterministic model. */
    modelTimeoutMs: number;
    modelMaxRetries: number;
    maxSteps: number;
    /** Input + output tokens one turn may spend before it stops calling the model. */
    tokenBudget: number;
    /** Wall-clock budget of one turn, model retries included. */
    turnBudgetMs: number;
  };
  /** Both keys set → agent turns are traced to Langfuse; otherwise tracing is a no-op. */
  langfuse: { publicKey: string; secretKey: string; baseUrl: string } | undefined;
  /** The API key `npm run mcp` (stdio) acts with. */
  mcpApiKey: string | undefined;
  /** Days each kind of finished row is kept (0 = forever), and how often the sweep runs. */
  retention: {
    outboxDays: number;
    inboxDays: number;
    agentTurnsDays: number;
    timersDays: number;
    intervalMs: number;
  };
  outbox: {
    batchSize: number;
    /** Poll interval when no NOTIFY arrives (real Postgres); the embedded database polls at 50 ms. */
    pollMs: number;
    maxAttempts: number;
    backoffBaseMs: number;
    backoffCapMs: number;
  };
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
  if (Boolean(e.TWILIO_ACCOUNT_SID) !== Boolean(e.TWILIO_AUTH_TOKEN)) {
    throw new ConfigError([
      {
        variable: e.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID',
        message: 'set both TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or neither',
      },
    ]);
  }
  if (Boolean(e.LANGFUSE_PUBLIC_KEY) !== Boolean(e.LANGFUSE_SECRET_KEY)) {
    throw new ConfigError([
      {
        variable: e.LANGFUSE_PUBLIC_KEY ? 'LANGFUSE_SECRET_KEY' : 'LANGFUSE_PUBLIC_KEY',
        message: 'set both LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY, or neither',
      },
    ]);
  }
  if (e.NODE_ENV === 'production' && e.LOCAL_OPEN_TENANT && e.LOCAL_OPEN_TENANT !== 'off') {
    throw new ConfigError([
      { variable: 'LOCAL_OPEN_TENANT', message: 'must not be set when NODE_ENV=production' },
    ]);
  }
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
    localOpenTenant: localOpenTenantOf(e),
    publicBaseUrl: (
      e.PUBLIC_BASE_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`
    ).replace(/\/$/, ''),
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
        ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN }
        : undefined,
    smsRatePerSecond: e.SMS_RATE_PER_SECOND,
    booking: {
      offerTimeoutMs: {
        emergency: e.OFFER_TIMEOUT_MS_EMERGENCY ?? e.OFFER_TIMEOUT_MS,
        urgent: e.OFFER_TIMEOUT_MS_URGENT ?? e.OFFER_TIMEOUT_MS,
        routine: e.OFFER_TIMEOUT_MS,
      },
      slaMs: { emergency: e.SLA_EMERGENCY_MS, urgent: e.SLA_URGENT_MS, routine: e.SLA_ROUTINE_MS },
    },
    openai: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }
      : undefined,
    agent: {
      modelTimeoutMs: e.MODEL_TIMEOUT_MS,
      modelMaxRetries: e.MODEL_MAX_RETRIES,
      maxSteps: e.AGENT_MAX_STEPS,
      tokenBudget: e.AGENT_TOKEN_BUDGET,
      turnBudgetMs: e.AGENT_TURN_BUDGET_MS,
    },
    langfuse:
      e.LANGFUSE_PUBLIC_KEY && e.LANGFUSE_SECRET_KEY
        ? {
            publicKey: e.LANGFUSE_PUBLIC_KEY,
            secretKey: e.LANGFUSE_SECRET_KEY,
            baseUrl: (e.LANGFUSE_BASE_URL ?? 'https://cloud.langfuse.com').replace(/\/$/, ''),
          }
        : undefined,
    mcpApiKey: e.FIXLINE_API_KEY,
    retention: {
      outboxDays: e.RETENTION_OUTBOX_DAYS,
      inboxDays: e.RETENTION_INBOX_DAYS,
      agentTurnsDays: e.RETENTION_AGENT_TURNS_DAYS,
      timersDays: e.RETENTION_TIMERS_DAYS,
      intervalMs: e.HOUSEKEEPING_INTERVAL_MS,
    },
    outbox: {
      batchSize: e.OUTBOX_BATCH_SIZE,
      pollMs: e.OUTBOX_POLL_MS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      backoffBaseMs: e.OUTBOX_BACKOFF_BASE_MS,
      backoffCapMs: e.OUTBOX_BACKOFF_CAP_MS,
    },
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

function localOpenTenantOf(e: z.output<typeof envSchema>): string | undefined {
  if (e.LOCAL_OPEN_TENANT === 'off') return undefined;
  if (e.LOCAL_OPEN_TENANT) return e.LOCAL_OPEN_TENANT;
  const embeddedDev = !e.DATABASE_URL && e.NODE_ENV === 'development' && LOOPBACK_HOSTS.has(e.HOST);
  return embeddedDev ? 't_demo' : undefined;
}
