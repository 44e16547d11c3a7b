// A logger for tests: silent unless LOG_LEVEL is set, so failures stay readable.
import { createLogger } from '../../observability/logger.ts';

export const testLogger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
