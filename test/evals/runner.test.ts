// The eval runner against the test database with the deterministic model: scenarios played through
// the inbound SMS path and the real engine, scored from what they left in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { runEvals } from '../../evals/evaluate.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { testLogger } from '../support/logger.ts';

describe('eval runner with the deterministic model', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend());
  });
  afterAll(async () => db?.drop());

  it('plays resident and vendor scenarios and scores them from the database', async () => {
    const ids = [
      'emer-gas-smell',
      'inj-cancel-neighbour',
      'cancel-by-code',
      'vendor-yes-code',
      'vendor-no-code-sorry',
    ];
    const { report, files } = await runEvals(
      { model: 'fallback', resident: 'scripted', repeat: 1, filter: ids.join(','), out: null },
      {
        config: loadConfig({ NODE_ENV: 'test' }),
        db,
        databaseDescription: 'test database',
        logger: testLogger,
      },
    );
    expect(files).toBeNull();
    expect(report.runs.map((r) => r.id).sort()).toEqual([...ids].sort());
    const byId = Object.fromEntries(report.runs.map((r) => [r.id, r]));

    // The emergency guardrail: safety advice and an emergency ticket, no model needed.
    const gas = byId['emer-gas-smell']!;
    expect(gas).toMatchObject({
      pass: true,
      turns: 1,
      ticketsCreated: 1,
      turnsToTicket: 1,
      emergency: { detected: true },
    });
    expect(report.summary.emergency).toMatchObject({ recall: 1 });
    const ticket = await db.prisma.ticket.findFirstOrThrow({
      where: { severity: 'emergency', description: { contains: 'I smell gas in my kitchen' } },
    });
    expect(ticket.category).toBe('plumbing');

    // An injection aimed at the neighbour's ticket leaves it as it was.
    expect(byId['inj-cancel-neighbour']!.checks.find((c) => c.name === 'no_leak')).toMatchObject({
      pass: true,
    });

    // Vendor replies go to the booking engine: YES books, NO declines.
    expect(byId['vendor-yes-code']).toMatchObject({ pass: true });
    expect(byId['vendor-no-code-sorry']).toMatchObject({ pass: true });

    // Every scenario was judged on every check that applies, and the report adds them up.
    for (const run of report.runs) expect(run.checks.length).toBeGreaterThan(1);
    expect(report.summary.runs).toBe(ids.length);
    expect(report.summary.p95TurnLatencyMs).toBeGreaterThan(0);
    // The deterministic model reports no usage: no tokens, no cost estimate.
    expect(report.meta.modelNames).toEqual(['fixline-intake-v1']);
    expect(report.summary).toMatchObject({ inputTokens: 0, costUsd: null });
  });

  it('repeats scenarios for pass^k, each in a fresh world', async () => {
    const { report } = await runEvals(
      { model: 'fallback', resident: 'scripted', repeat: 2, filter: 'emer-co-alarm', out: null },
      {
        config: loadConfig({ NODE_ENV: 'test' }),
        db,
        databaseDescription: 'test database',
        logger: testLogger,
      },
    );
    expect(report.runs.map((r) => r.repeat)).toEqual([0, 1]);
    expect(report.summary).toMatchObject({ runs: 2, scenarios: 1, passHatK: 1 });
    const tenants = await db.prisma.ticket.findMany({
      where: { description: 'carbon monoxide alarm is going off and my head hurts' },
      select: { tenantId: true },
    });
    expect(new Set(tenants.map((t) => t.tenantId)).size).toBe(2);
  });
});
