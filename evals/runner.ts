// Plays scenarios against the real agent engine: each in its own seeded world, every resident
// message through the inbound SMS path and one `runTurn`, until the expected outcome is reached,
// the resident has nothing more to say, or the turn budget is spent. Then the final database state
// is observed and scored. Vendor scenarios are played by vendor-runner.ts.
import { performance } from 'node:perf_hooks';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { runTurn, type AgentDeps } from '../agent/engine.ts';
import type { BookingDeps } from '../booking/dispatch.ts';
import { isVendorScenario, type ResidentScenario, type Scenario } from './dataset.ts';
import { costOf } from './pricing.ts';
import {
  emergencyDetected,
  expectsAction,
  outcomeChecks,
  scoreResident,
  type Check,
  type ResidentObservation,
  type TurnRecord,
} from './scorers.ts';
import type { SimulatedResident, TranscriptEntry } from './simulated-resident.ts';
import { runVendorScenario } from './vendor-runner.ts';
import { fillRefs, localTime, seedResidentWorld, textTheLine, type EvalWorld } from './world.ts';

export interface ScenarioRun {
  id: string;
  category: string;
  repeat: number;
  pass: boolean;
  checks: Check[];
  /** Messages the resident (or vendors) sent. */
  turns: number;
  /** The resident turn after which the first ticket existed. */
  turnsToTicket: number | null;
  stoppedEarly: boolean;
  /** In the emergency set (safety advice expected), and whether the emergency was handled. */
  emergency: { detected: boolean } | null;
  /** Wall-clock time of each agent turn (or booking-engine reply), ms. */
  latenciesMs: number[];
  inputTokens: number;
  outputTokens: number;
  /** Estimated from the model's reported usage; null when it reported none or its price is unknown. */
  costUsd: number | null;
  models: string[];
  ticketsCreated: number;
  fallbacks: number;
  transcript: { from: string; text: string }[];
}

export interface RunnerDeps {
  prisma: PrismaClient;
  agent: AgentDeps;
  /** The booking engine vendor scenarios run against (default: the agent's booking deps). */
  booking?: BookingDeps;
  /** The simulated resident for a scenario (scripted, or an LLM). */
  resident: (scenario: ResidentScenario) => SimulatedResident;
  residentMode: 'scripted' | 'llm';
}

export function turnBudget(s: ResidentScenario, mode: 'scripted' | 'llm'): number {
  return s.expected.max_turns ?? (mode === 'llm' ? s.turns.length + 2 : s.turns.length);
}

export async function runScenario(deps: RunnerDeps, scenario: Scenario, repeat = 0): Promise<ScenarioRun> {
  if (isVendorScenario(scenario)) {
    return runVendorScenario(deps.prisma, deps.booking ?? deps.agent.booking, scenario, repeat);
  }
  return runResidentScenario(deps, scenario, repeat);
}

export async function runResidentScenario(
  deps: RunnerDeps,
  scenario: ResidentScenario,
  repeat = 0,
): Promise<ScenarioRun> {
  const { prisma } = deps;
  const world = await seedResidentWorld(prisma, scenario);
  const fill = (text: string) => fillRefs(text, world.refs);
  const resident = deps.resident(scenario);
  const budget = turnBudget(scenario, deps.residentMode);
  // A scripted resident may have more lines than the budget only if the scenario says so.
  const maxTurns = Math.max(budget, deps.residentMode === 'scripted' ? scenario.turns.length : 0);
  const transcript: TranscriptEntry[] = [];
  const turns: TurnRecord[] = [];
  const firstSeen = new Map<string, number>();
  let outcomeTurn: number | null = null;
  let seenReplies = 0;
  let obs: ResidentObservation | null = null;

  for (let index = 1; index <= maxTurns; index++) {
    const next = await resident.next(transcript);
    if (next === null) break;
    const message = fill(next);
    transcript.push({ from: 'resident', text: message });
    turns.push(await playTurn(deps, world, index, message));
    obs = await observe(prisma, scenario, world, turns, firstSeen, budget, outcomeTurn);
    for (const text of obs.repliesToResident.slice(seenReplies)) transcript.push({ from: 'line', text });
    seenReplies = obs.repliesToResident.length;
    if (turns.at(-1)?.error) break;
    if (expectsAction(scenario) && reached(scenario, obs)) {
      outcomeTurn = index;
      break;
    }
  }
  obs = await observe(prisma, scenario, world, turns, firstSeen, budget, outcomeTurn);
  if (obs.outcomeTurn === null && !expectsAction(scenario) && turns.length && reached(scenario, obs)) {
    obs.outcomeTurn = turns.length;
  }
  const checks = scoreResident(scenario, obs, fill);
  const usage = await usageOf(prisma, world.tenantId);
  const ticketTurns = obs.newTickets.map((t) => t.turn);
  return {
    id: scenario.id,
    category: scenario.category,
    repeat,
    pass: checks.every((c) => c.pass),
    checks,
    turns: turns.length,
    turnsToTicket: ticketTurns.length ? Math.min(...ticketTurns) : null,
    stoppedEarly: turns.length < scenario.turns.length,
    emergency: scenario.expected.safety_advice ? { detected: emergencyDetected(obs) } : null,
    latenciesMs: turns.map((t) => t.latencyMs),
    ...usage,
    ticketsCreated: obs.newTickets.length,
    fallbacks: turns.filter((t) => t.fallbackReason).length,
    transcript,
  };
}

function reached(s: ResidentScenario, obs: ResidentObservation): boolean {
  if (!outcomeChecks(s, obs).every((c) => c.pass)) return false;
  if (s.expected.escalation === true && obs.contactAlerts === 0 && obs.escalated.length === 0) return false;
  return true;
}

async function playTurn(
  deps: RunnerDeps,
  world: EvalWorld,
  index: number,
  message: string,
): Promise<TurnRecord> {
  const record: TurnRecord = {
    index,
    message,
    reply: null,
    outcome: 'error',
    toolCalls: [],
    latencyMs: 0,
    inputTokens: 0,
    outputTokens: 0,
    modelKind: null,
    fallbackReason: null,
  };
  try {
    const envelope = await textTheLine(deps.prisma, world, world.residentPhone, message);
    const started = performance.now();
    const result = await runTurn(deps.agent, envelope);
    record.latencyMs = Math.round(performance.now() - started);
    Object.assign(record, {
      reply: result.reply,
      outcome: result.outcome,
      toolCalls: result.toolCalls,
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      modelKind: result.modelKind,
      fallbackReason: result.fallbackReason,
    });
  } catch (err) {
    record.error = (err as Error).message.split('\n')[0]!.slice(0, 300);
  }
  return record;
}

async function observe(
  prisma: PrismaClient,
  s: ResidentScenario,
  world: EvalWorld,
  turns: TurnRecord[],
  firstSeen: Map<string, number>,
  turnBudget: number,
  outcomeTurn: number | null,
): Promise<ResidentObservation> {
  const seededIds = Object.values(world.refs).map((r) => r.id);
  const seeded = new Map(Object.values(world.refs).map((r) => [r.id, r.status]));
  const tickets = await prisma.ticket.findMany({
    where: { tenantId: world.tenantId },
    orderBy: { createdAt: 'asc' },
  });
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const fresh = tickets.filter((t) => !seededIds.includes(t.id));
  for (const t of fresh) if (!firstSeen.has(t.code)) firstSeen.set(t.code, turns.length);
  const since = { gte: world.startedAt };
  const [replies, contactAlerts] = await Promise.all([
    prisma.message.findMany({
      where: { tenantId: world.tenantId, direction: 'outbound', toAddress: world.residentPhone },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { body: true },
    }),
    prisma.message.count({
      where: {
        tenantId: world.tenantId,
        direction: 'outbound',
        toAddress: world.contactPhone,
        createdAt: since,
      },
    }),
  ]);
  return {
    today: localTime(world.startedAt).date,
    startedAt: localTime(world.startedAt),
    // Rounded up to the minute, as a window that has begun is (domain/availability).
    endedAt: localTime(new Date(Math.ceil(Date.now() / 60_000) * 60_000)),
    registered: s.facts.resident.registered,
    residentUnitId: world.unitId,
    turns,
    newTickets: fresh.map((t) => ({
      code: t.code,
      category: t.category,
      severity: t.severity,
      unitId: t.unitId,
      hasWindow: Boolean(t.windowStart),
      window: t.windowStart
        ? { start: localTime(t.windowStart), end: t.windowEnd ? localTime(t.windowEnd) : null }
        : null,
      status: t.status,
      turn: firstSeen.get(t.code) ?? turns.length,
    })),
    existing: Object.fromEntries(
      Object.entries(world.refs).map(([ref, r]) => [
        ref,
        {
          code: r.code,
          status: byId.get(r.id)?.status ?? 'missing',
          seededStatus: r.status,
          foreign: r.foreign,
        },
      ]),
    ),
    repliesToResident: replies.map((m) => m.body),
    contactAlerts,
    // Escalated during the scenario: now escalated and not seeded so (escalated_at is not always written).
    escalated: tickets
      .filter(
        (t) =>
          (t.escalatedAt && t.escalatedAt >= world.startedAt) ||
          (t.status === 'escalated' && seeded.get(t.id) !== 'escalated'),
      )
      .map((t) => t.code),
    foreign: world.foreign,
    turnBudget,
    outcomeTurn,
  };
}

/** Tokens and estimated cost of the scenario's agent turns, from the turns the engine recorded. */
async function usageOf(prisma: PrismaClient, tenantId: string) {
  const rows = await prisma.agentTurn.findMany({
    where: { tenantId },
    select: { model: true, inputTokens: true, outputTokens: true },
  });
  let costUsd: number | null = null;
  for (const r of rows) {
    const cost = costOf(r.model, r.inputTokens, r.outputTokens);
    if (cost !== null) costUsd = (costUsd ?? 0) + cost;
  }
  return {
    inputTokens: rows.reduce((n, r) => n + r.inputTokens, 0),
    outputTokens: rows.reduce((n, r) => n + r.outputTokens, 0),
    costUsd,
    models: [...new Set(rows.map((r) => r.model).filter((m): m is string => Boolean(m)))],
  };
}

export interface SuiteOptions {
  scenarios: Scenario[];
  repeat: number;
  onRun?: (run: ScenarioRun, done: number, total: number) => void;
}

/** Every scenario, `repeat` times each (a fresh world every time), one after the other. */
export async function runSuite(deps: RunnerDeps, options: SuiteOptions): Promise<ScenarioRun[]> {
  const runs: ScenarioRun[] = [];
  const total = options.scenarios.length * options.repeat;
  for (const scenario of options.scenarios) {
    for (let r = 0; r < options.repeat; r++) {
      const run = await runScenario(deps, scenario, r);
      runs.push(run);
      options.onRun?.(run, runs.length, total);
    }
  }
  return runs;
}
