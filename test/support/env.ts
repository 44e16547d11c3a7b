// What the test run may use. In CI (or with FIXLINE_REQUIRE_INTEGRATION=1) the real Postgres and
// Kafka suites are mandatory: a missing DATABASE_URL or KAFKA_BROKERS fails the run instead of
// quietly skipping them.
export const testEnv = {
  databaseUrl: process.env.DATABASE_URL || undefined,
  kafkaBrokers: process.env.KAFKA_BROKERS ? process.env.KAFKA_BROKERS.split(',') : undefined,
  requireIntegration: process.env.CI === 'true' || process.env.FIXLINE_REQUIRE_INTEGRATION === '1',
};

export function assertIntegrationServices(): void {
  if (!testEnv.requireIntegration) return;
  const missing = [
    !testEnv.databaseUrl && 'DATABASE_URL (real Postgres)',
    !testEnv.kafkaBrokers && 'KAFKA_BROKERS (real Kafka broker)',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(`Integration suites must run here but ${missing.join(' and ')} is not set.`);
  }
}
