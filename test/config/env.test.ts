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
  ])('rejects %o naming %s', (env, variable) => {
    const err = configError(env);
    expect(err.issues.map((i) => i.variable)).toEqual([variable]);
    expect(err.message).toContain(variable);
  });

  it('names every bad variable at once', () => {
    const err = configError({ PORT: 'x', KAFKA_BROKERS: 'nope' });
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['KAFKA_BROKERS', 'PORT']);
  });
});
