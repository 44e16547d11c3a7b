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
