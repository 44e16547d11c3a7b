// Drives one load phase against a running service and records the two latencies of the issue:
// A = ticket committed (createTicket returned) → first offer SMS handed to the transport;
// B = vendor's YES received (handleVendorReply called) → resident confirmation handed to the transport.
// Tickets are created open-loop on a fixed schedule (a slow commit does not slow the generator),
// and a simulated vendor answers every offer `YES <code>` after a fixed delay. "Handed to the
// transport" is the LocalSmsTransport listener, called synchronously inside the SMS sender's send.
import crypto from 'node:crypto';
import { handleVendorReply } from '../../booking/vendor-replies.ts';
import type { RecordedSms } from '../../messaging/local-transport.ts';
import { createTicket } from '../../services/ticket-service.ts';
import type { RunningMode } from './modes.ts';
import { ticketSpec, type World } from './world.ts';

/** Wall-clock milliseconds with sub-millisecond resolution (comparable with database timestamps). */
export const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface TicketTrace {
  key: string;
  ticketId?: string;
  calledAt?: number;
  committedAt?: number;
  offerAt?: number;
  offers: number;
  yesAt?: number;
  replyOutcome?: string;
  confirmAt?: number;
  error?: string;
}

export interface PhaseOptions {
  label: string;
  tickets: number;
  ratePerSec: number;
  vendorDelayMs: number;
  /** How long to wait after the last ticket for every booking to be confirmed. */
  drainTimeoutMs: number;
}

export interface PhaseRecord {
  options: PhaseOptions;
  traces: TicketTrace[];
  startedAt: number;
  lastCommitAt: number;
  endedAt: number;
  timedOut: boolean;
}

const OFFER = /^Job (\w+):/;
const RESIDENT_BOOKED = /will come for ticket (\w+)/;

/** Listens to the transport for the whole mode: routes offers to the simulated vendor, stamps traces. */
export class BookingProbe {
  private readonly traces = new Map<string, TicketTrace>();
  private readonly replies = new Set<Promise<unknown>>();
  private readonly stopListening: () => void;
  private readonly mode: RunningMode;
  vendorDelayMs = 50;
  replyErrors = 0;

  constructor(mode: RunningMode) {
    this.mode = mode;
    this.stopListening = mode.sms.onSend((sms) => this.onSms(sms));
  }

  trace(key: string): TicketTrace {
    let t = this.traces.get(key);
    if (!t) this.traces.set(key, (t = { key, offers: 0 }));
    return t;
  }

  private onSms(sms: RecordedSms): void {
    const at = nowMs();
    const offer = OFFER.exec(sms.body)?.[1];
    if (offer) {
      const t = this.trace(`${sms.tenantId}:${offer}`);
      t.offers++;
      t.offerAt ??= at;
      this.reply(t, sms.tenantId, sms.to, offer);
      return;
    }
    const booked = RESIDENT_BOOKED.exec(sms.body)?.[1];
    if (booked) this.trace(`${sms.tenantId}:${booked}`).confirmAt ??= at;
  }

  /** The simulated vendor: a YES quoting the code after a fixed delay, as an SMS webhook would. */
  private reply(t: TicketTrace, tenantId: string, from: string, code: string): void {
    const policy = this.mode.config.booking;
    const p = sleep(this.vendorDelayMs)
      .then(async () => {
        t.yesAt ??= nowMs();
        const result = await handleVendorReply(
          this.mode.service.db.prisma,
          { policy },
          {
            tenantId,
            from,
            body: `YES ${code}`,
          },
        );
        t.replyOutcome ??= result.outcome;
      })
      .catch((err: unknown) => {
        this.replyErrors++;
        t.error ??= `vendor reply: ${String(err).slice(0, 200)}`;
      })
      .finally(() => this.replies.delete(p));
    this.replies.add(p);
  }

  async close(): Promise<void> {
    this.stopListening();
    await Promise.allSettled([...this.replies]);
  }
}

/** Creates `tickets` tickets at `ratePerSec` and waits until each is confirmed (or the drain times out). */
export async function runPhase(
  mode: RunningMode,
  world: World,
  probe: BookingProbe,
  options: PhaseOptions,
): Promise<PhaseRecord> {
  probe.vendorDelayMs = options.vendorDelayMs;
  const prisma = mode.service.db.prisma;
  const traces: TicketTrace[] = [];
  const creations: Promise<void>[] = [];
  const startedAt = nowMs();
  for (let i = 0; i < options.tickets; i++) {
    await sleep(startedAt + (i * 1000) / options.ratePerSec - nowMs());
    const spec = ticketSpec(world, i);
    const calledAt = nowMs();
    const created = createTicket(
      prisma,
      { tenantId: spec.tenantId, actor: 'bench:booking', correlationId: `bench-${crypto.randomUUID()}` },
      {
        buildingId: spec.resident.buildingId,
        unitId: spec.resident.unitId,
        residentPhone: spec.resident.phone,
        description: `Bench ${options.label} #${i}: ${spec.trade} problem, please come`,
        category: spec.trade,
        severity: 'urgent',
        source: 'api',
      },
    ).then(
      ({ ticket }) => {
        const committedAt = nowMs();
        const t = probe.trace(`${spec.tenantId}:${ticket.code}`);
        Object.assign(t, { ticketId: ticket.id, calledAt, committedAt });
        traces.push(t);
      },
      (err: unknown) => {
        traces.push({
          key: `failed-${i}`,
          calledAt,
          offers: 0,
          error: `create: ${String(err).slice(0, 200)}`,
        });
      },
    );
    creations.push(created);
  }
  await Promise.all(creations);
  const lastCommitAt = Math.max(...traces.map((t) => t.committedAt ?? 0));
  const deadline = nowMs() + options.drainTimeoutMs;
  const done = () => traces.every((t) => t.error !== undefined || t.confirmAt !== undefined);
  while (!done() && nowMs() < deadline) await sleep(20);
  return { options, traces, startedAt, lastCommitAt, endedAt: nowMs(), timedOut: !done() };
}
