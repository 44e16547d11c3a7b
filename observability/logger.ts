// pino JSON logs. Context (correlation_id, causation_id, tenant_id) travels as child-logger
// bindings; phone numbers are masked in every field and message.
import { pino, type Logger } from 'pino';
import { maskPhonesInText, redactValue } from './redact.ts';

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
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactValue(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPhonesInText(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

export function withContext(logger: Logger, ctx: LogContext): Logger {
  return logger.child(ctx);
}
