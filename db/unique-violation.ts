// Which unique constraint a failed write hit, if any. With driver adapters Prisma reports it under
// meta.driverAdapterError.cause.constraint (not meta.target as with the Rust engine).
export function violatedUniqueConstraint(err: unknown): string | undefined {
  const e = err as {
    code?: string;
    meta?: {
      target?: unknown;
      driverAdapterError?: { cause?: { constraint?: { index?: string; fields?: string[] } } };
    };
  };
  if (e?.code !== 'P2002') return undefined;
  const constraint = e.meta?.driverAdapterError?.cause?.constraint;
  return constraint?.index ?? constraint?.fields?.join(',') ?? String(e.meta?.target ?? 'unknown');
}

/**
 * The database's message when a write or query failed on a value Postgres refuses (SQLSTATE class
 * 22, data exception: a date out of range, a NUL byte in text…): bad input, not a fault of ours.
 */
export function dataException(err: unknown): string | undefined {
  const cause = (
    err as { meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } }
  )?.meta?.driverAdapterError?.cause;
  return cause?.originalCode?.startsWith('22') ? (cause.originalMessage ?? 'value not accepted') : undefined;
}
