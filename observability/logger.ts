// pino JSON logs. Context (correlation_id, causation_id, tenant_id) travels as child-logger
// bindings; phone numbers are masked in every line written.
import { pino, type Logger } from 'pino';
import { maskPhonesInText } from './redact.ts';

export type { Logger };

export interface LogContext {
  correlation_id?: string;
  causation_id?: string;
  tenant_id?: string;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'fixline' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Masking the finished JSON line covers every field, binding, error message and URL.
      hooks: { streamWrite: (line) => maskPhonesInText(line) },
    },
    destination,
  );
}

export function withContext(logger: Logger, ctx: LogContext): Logger {
  return logger.child(ctx);
}
