// The same resident scenarios as the pure harness (scenarios/), played through the real engine on
// a real database: each message stored as the webhook stores it, a turn run by the deterministic
// model with the real tools, and the outcome read back from the tickets and texts in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '../../agent/engine.ts';
import { createWorld, newTicket, type World } from '../support/booking-world.ts';
import { agentDeps, textsTo, textTheLine } from '../support/agent-world.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { RESIDENT_SCENARIOS, type ResidentScenario } from './scenarios/resident-scenarios.ts';
import { scenarioFacts } from './support/model-harness.ts';

const MINUTES_PER_TURN = 2;

describe('resident scenarios through the engine (deterministic model)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(primaryBackend(), { poolSize: 5 });
  });
  afterAll(async () => db?.drop());

  async function seed(scenario: ResidentScenario): Promise<World> {
    const facts = scenarioFacts(scenario);
    const world = await createWorld(db);
    await db.prisma.tenant.update({ where: { id: world.tenantId }, data: { timezone: facts.timeZone } });
    await db.prisma.resident.updateMany({
      where: { tenantId: world.tenantId },
      data: { language: facts.language, ...(facts.resident && { name: facts.resident.name }) },
    });
    for (const t of facts.openTickets) {
      const created = await newTicket(db, world, {
        description: t.description,
        category: t.category,
        severity: t.severity,
      });
      await db.prisma.ticket.update({
        where: { id: created.id },
        data: { code: t.code, status: t.status as never, createdAt: new Date(t.createdAt) },
      });
    }
    return world;
  }

  it.each(RESIDENT_SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const facts = scenarioFacts(scenario);
    const world = await seed(scenario);
    const before = new Set(
      (await db.prisma.ticket.findMany({ where: { tenantId: world.tenantId } })).map((t) => t.id),
    );
    let clock = Date.parse(facts.now);
    const deps = agentDeps(db, { now: () => new Date(clock) });
    // An unknown-number scenario texts from a phone no resident has.
    const from = facts.participant === 'unknown' ? '+13125550999' : world.residentPhone;
    const tools = new Set<string>();
    const outcomes: string[] = [];
    let firstTicketTurn: number | null = null;
    for (const [i, text] of scenario.turns.entries()) {
      const result = await runTurn(deps, await textTheLine(db, world, text, from));
      outcomes.push(result.outcome);
      for (const c of result.toolCalls) tools.add(c.name);
      if (firstTicketTurn === null && result.ticketIds.length > 0) firstTicketTurn = i + 1;
      clock += MINUTES_PER_TURN * 60_000;
    }
    const texts = await textsTo(db, from);
    const transcript = texts.join('\n');
    const opened = (
      await db.prisma.ticket.findMany({
        where: { tenantId: world.tenantId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })
    ).filter((t) => !before.has(t.id));

    const { expected } = scenario;
    expect(
      opened.map((t) => ({ category: t.category, severity: t.severity, window: t.windowStart !== null })),
      transcript,
    ).toEqual(expected.tickets);
    for (const t of opened) expect(t.unitId).toBe(world.unitId);
    expect(tools, transcript).toEqual(new Set(expected.tools));
    if (expected.tickets.length > 0)
      expect(firstTicketTurn, transcript).toBeLessThanOrEqual(expected.maxTurns);
    expect(outcomes[0] === 'emergency', transcript).toBe(expected.emergencyKind !== undefined);
    if (expected.handoff !== undefined)
      expect(outcomes.includes('handoff') || tools.has('escalate_ticket')).toBe(expected.handoff);
    // Never silent, never more than two segments, never an internal marker.
    expect(texts.length).toBeGreaterThanOrEqual(scenario.turns.length);
    for (const t of texts) expect(t).not.toContain('[handoff]');
  });
});
