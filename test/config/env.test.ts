// Configuration fails fast and names the variable at fault.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/env.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded setup on port 3000 with every role', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      kafkaBrokers: undefined,
      roles: ['api', 'relay', 'workers'],
      dataDir: './.data',
    });
  });

  it('reads production settings', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://u:p@db:5432/fixline',
      KAFKA_BROKERS: 'redpanda:9092, other:9093',
      ROLES: 'relay,workers',
    });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgresql://u:p@db:5432/fixline');
    expect(config.kafkaBrokers).toEqual(['redpanda:9092', 'other:9093']);
    expect(config.roles).toEqual(['relay', 'workers']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOST: '' }, 'HOST'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ KAFKA_BROKERS: 'no-port-here' }, 'KAFKA_BROKERS'],
    [{ ROLES: 'api,cook' }, 'ROLES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DEMO_API_KEY: 'short' }, 'DEMO_API_KEY'],
    [{ SHUTDOWN_TIMEOUT_MS: '-1' }, 'SHUTDOWN_TIMEOUT_MS'],
    [{ OUTBOX_BATCH_SIZE: '0' }, 'OUTBOX_BATCH_SIZE'],
    [{ OUTBOX_MAX_ATTEMPTS: 'many' }, 'OUTBOX_MAX_ATTEMPTS'],
    [{ NODE_ENV: 'production', LOCAL_OPEN_TENANT: 't_demo' }, 'LOCAL_OPEN_TENANT'],
  ])('rejects %o naming %s', (env, variable) => {
    const err = configError(env);
    expect(err.issues.map((i) => i.variable)).toEqual([variable]);
    expect(err.message).toContain(variable);
  });

  it('opens loopback requests to t_demo only for the embedded database in development', () => {
    expect(loadConfig({}).localOpenTenant).toBe('t_demo');
    expect(loadConfig({ LOCAL_OPEN_TENANT: 'off' }).localOpenTenant).toBeUndefined();
    expect(loadConfig({ HOST: '0.0.0.0' }).localOpenTenant).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test' }).localOpenTenant).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/x' }).localOpenTenant).toBeUndefined();
    expect(
      loadConfig({ DATABASE_URL: 'postgresql://db/x', LOCAL_OPEN_TENANT: 't_other' }).localOpenTenant,
    ).toBe('t_other');
  });

  it('treats empty DATABASE_URL and KAFKA_BROKERS as unset (embedded database, in-process events)', () => {
    const config = loadConfig({ DATABASE_URL: '', KAFKA_BROKERS: '' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.kafkaBrokers).toBeUndefined();
  });

  it('reads the outbox relay settings', () => {
    expect(loadConfig({}).outbox).toEqual({
      batchSize: 200,
      pollMs: 500,
      maxAttempts: 12,
      backoffBaseMs: 200,
      backoffCapMs: 60_000,
    });
    expect(loadConfig({ OUTBOX_BATCH_SIZE: '25', OUTBOX_POLL_MS: '40' }).outbox).toMatchObject({
      batchSize: 25,
      pollMs: 40,
    });
  });

  it('reads the retention settings, where 0 keeps forever and a negative or fractional day is refused', () => {
    expect(loadConfig({}).retention).toEqual({
      outboxDays: 7,
      inboxDays: 30,
      agentTurnsDays: 90,
      timersDays: 30,
      intervalMs: 3_600_000,
    });
    expect(loadConfig({ RETENTION_AGENT_TURNS_DAYS: '0' }).retention.agentTurnsDays).toBe(0);
    expect(loadConfig({ RETENTION_OUTBOX_DAYS: ' ' }).retention.outboxDays).toBe(7);
    const err = configError({
      RETENTION_OUTBOX_DAYS: '-1',
      RETENTION_INBOX_DAYS: '3',
      RETENTION_TIMERS_DAYS: '1.5',
    });
    expect(err.issues.map((i) => i.variable).sort()).toEqual([
      'RETENTION_INBOX_DAYS',
      'RETENTION_OUTBOX_DAYS',
      'RETENTION_TIMERS_DAYS',
    ]);
    expect(err.message).toContain('RETENTION_INBOX_DAYS: must be 0 (keep forever) or 7-3650 days');
  });

  it('names every bad variable at once', () => {
    const err = configError({ PORT: 'x', KAFKA_BROKERS: 'nope' });
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['KAFKA_BROKERS', 'PORT']);
  });
});
