// Vendor scenarios: replies to job offers are the booking engine's, not the agent's. Each scenario
// seeds its jobs, starts their dispatch exactly as the booking consumer does on intake.completed
// (the first vendor gets an offer by SMS), then sends each vendor text through the inbound SMS path
// and hands its `message.received` event to the booking engine. Scored on what the engine did.
// With an interpreter (--model openai), its answers are recorded: model, tokens, cost, failures.
import { performance } from 'node:perf_hooks';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { handleBookingEvent } from '../booking/consumer.ts';
import type { BookingDeps } from '../booking/dispatch.ts';
import type { Interpretation, VendorReplyInterpreter } from '../booking/reply-interpreter.ts';
import type { VendorScenario } from './dataset.ts';
import { costOf } from './pricing.ts';
import type { ScenarioRun } from './runner.ts';
import { scoreVendor, type VendorObservation } from './scorers.ts';
import { fillRefs, seedVendorWorld, textTheLine } from './world.ts';

// Offers are texts to vendors too; they are not answers to what a vendor said.
const OFFER = /^Job \w{4}: /;

export async function runVendorScenario(
  prisma: PrismaClient,
  bookingDeps: BookingDeps,
  scenario: VendorScenario,
  repeat = 0,
): Promise<ScenarioRun> {
  const asked: (Interpretation | null)[] = [];
  const booking = { ...bookingDeps, interpreter: recording(bookingDeps.interpreter, asked) };
  const { world, intakeEvents } = await seedVendorWorld(prisma, scenario);
  const fill = (text: string) => fillRefs(text, world.jobs);
  const transcript: { from: string; text: string }[] = [];
  const obs: VendorObservation = { turns: [], appointments: {}, declined: 0, repliesToVendors: [] };
  for (const envelope of intakeEvents) await handleBookingEvent(prisma, booking, envelope);

  for (const [i, turn] of scenario.turns.entries()) {
    const vendor = world.vendors[turn.vendor]!;
    const body = fill(turn.body);
    transcript.push({ from: `vendor ${turn.vendor}`, text: body });
    const record: VendorObservation['turns'][number] = {
      index: i + 1,
      vendor: turn.vendor,
      body,
      outcome: 'error',
      latencyMs: 0,
    };
    const since = new Date();
    const askedBefore = asked.length;
    try {
      const envelope = await textTheLine(prisma, world, vendor.phone, body);
      const started = performance.now();
      // Carrier keywords (STOP, HELP) are the inbound path's; the booking consumer skips them.
      record.outcome = envelope.payload.keyword
        ? 'ignored'
        : await handleBookingEvent(prisma, booking, envelope);
      record.latencyMs = Math.round(performance.now() - started);
    } catch (err) {
      record.error = (err as Error).message.split('\n')[0]!.slice(0, 300);
    }
    obs.turns.push(record);
    for (const a of asked.slice(askedBefore)) {
      transcript.push({
        from: 'model',
        text: a ? `${a.intent} ${a.code ?? '-'}` : 'failed (parser answered)',
      });
    }
    const texts = await prisma.message.findMany({
      where: {
        tenantId: world.tenantId,
        direction: 'outbound',
        toAddress: vendor.phone,
        createdAt: { gte: since },
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { body: true },
    });
    for (const t of texts.filter((m) => !OFFER.test(m.body))) {
      obs.repliesToVendors.push(t.body);
      transcript.push({ from: 'line', text: t.body });
    }
    if (record.error) break;
  }

  const vendorIndex = new Map(world.vendors.map((v, i) => [v.id, i]));
  for (const [job, ticket] of Object.entries(world.jobs)) {
    const appointments = await prisma.appointment.findMany({
      where: { ticketId: ticket.id, status: { not: 'cancelled' } },
      select: { vendorId: true },
    });
    obs.appointments[job] = appointments.map((a) => vendorIndex.get(a.vendorId) ?? -1).sort();
  }
  obs.declined = await prisma.offer.count({ where: { tenantId: world.tenantId, response: 'declined' } });
  const checks = scoreVendor(scenario, obs, fill);
  const answered = asked.filter((a): a is Interpretation => a !== null);
  const costs = answered.map((a) => costOf(a.model, a.usage?.inputTokens ?? 0, a.usage?.outputTokens ?? 0));
  return {
    id: scenario.id,
    category: scenario.category,
    repeat,
    pass: checks.every((c) => c.pass),
    checks,
    turns: obs.turns.length,
    turnsToTicket: null,
    stoppedEarly: false,
    emergency: null,
    latenciesMs: obs.turns.map((t) => t.latencyMs),
    inputTokens: answered.reduce((n, a) => n + (a.usage?.inputTokens ?? 0), 0),
    outputTokens: answered.reduce((n, a) => n + (a.usage?.outputTokens ?? 0), 0),
    costUsd: costs.some((c) => c !== null) ? costs.reduce<number>((n, c) => n + (c ?? 0), 0) : null,
    models: [...new Set(answered.map((a) => a.model))],
    ticketsCreated: 0,
    // Texts the model was asked about but the parser answered because the call failed.
    fallbacks: asked.length - answered.length,
    transcript,
  };
}

function recording(
  interpreter: VendorReplyInterpreter | undefined,
  asked: (Interpretation | null)[],
): VendorReplyInterpreter | undefined {
  if (!interpreter) return undefined;
  return {
    async interpret(text, offers) {
      const answer = await interpreter.interpret(text, offers);
      asked.push(answer);
      return answer;
    },
  };
}
