// Fixline entry point: `node main.ts [--roles api,relay,workers]`.
// Parses configuration (fails fast naming the bad variable), starts the service, and shuts down
// gracefully on SIGTERM/SIGINT: stop accepting, drain, close pools and producers.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config/env.ts';
import { createLogger } from './observability/logger.ts';
import { startService } from './service/start.ts';

const { values } = parseArgs({ options: { roles: { type: 'string' } }, allowPositionals: false });

let config: Config;
try {
  config = loadConfig(undefined, { ROLES: values.roles });
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.logLevel);
const service = await startService(config, logger).catch((err: unknown) => {
  logger.fatal({ err }, 'Fixline failed to start');
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    logger.error({ timeout_ms: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  force.unref();
  try {
    await service.close();
    logger.info('stopped cleanly');
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'error during shutdown');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
