// Where the time goes, read back from the rows the service wrote (no instrumentation in the code):
// the booking consumer's inbox row (processed_at ≈ its transaction starts), the intake.completed
// outbox row's published_at, and the offer / resident-confirmation Message rows (created_at ≈
// queued inside the booking transaction, sent_at = now() of the SMS sender's claim transaction).
// published_at is now() of the relay's transaction: on Postgres the relay holds its claim open
// while it publishes, so it is the claim time; the embedded relay commits the claim first and
// stamps after in-process delivery, so there it says nothing about the split and is not used.
// Timestamps are milliseconds from the same machine clock as the benchmark's.
import type pg from 'pg';
import type { PhaseRecord } from './drive.ts';
import type { ModeName } from './modes.ts';

export interface StageSamples {
  /** Latency A, split: commit → booking consumer starts (relay, bus, consumer fetch and queue). */
  commitToConsumer: number[];
  /** Postgres only: commit → relay claims the intake.completed row (wake-up, earlier batches). */
  commitToRelayClaim: number[];
  /** Postgres only: relay claim → consumer starts (publish, broker, fetch, consumer's queue). */
  relayClaimToConsumer: number[];
  /** Consumer start → offer Message row written (the dispatch transaction up to queueSms). */
  consumerToOfferQueued: number[];
  /** Offer queued → SMS sender claims it (rest of the transaction, commit, NOTIFY or poll wake-up). */
  offerQueuedToSenderClaim: number[];
  /** Sender claim → offer handed to the transport (claim query, earlier rows of the batch). */
  senderClaimToOfferHanded: number[];
  /** Latency B, split: YES received → resident Message row written (vendor lookup, booking tx). */
  yesToConfirmQueued: number[];
  /** Confirmation queued → SMS sender claims it. */
  confirmQueuedToSenderClaim: number[];
  /** Sender claim → confirmation handed to the transport. */
  senderClaimToConfirmHanded: number[];
  /**
   * Postgres+Kafka only: gap between consecutive booking-consumer starts when the next event was
   * already published before the previous one started, i.e. how long the (serial) consumer spends
   * per intake.completed while it has a backlog — its service time, so 1000 / this = its capacity.
   */
  consumerServiceTime: number[];
}

export const STAGE_LABELS: Record<keyof StageSamples, string> = {
  commitToConsumer: 'A1 commit → booking consumer starts',
  commitToRelayClaim: '  A1a commit → relay claims the event (Postgres)',
  relayClaimToConsumer: '  A1b relay claim → consumer starts (Kafka)',
  consumerToOfferQueued: 'A2 consumer start → offer SMS queued',
  offerQueuedToSenderClaim: 'A3 offer queued → SMS sender claims it',
  senderClaimToOfferHanded: 'A4 sender claim → offer handed over',
  yesToConfirmQueued: 'B1 YES → resident SMS queued (booking tx)',
  confirmQueuedToSenderClaim: 'B2 resident SMS queued → sender claims it',
  senderClaimToConfirmHanded: 'B3 sender claim → confirmation handed over',
  consumerServiceTime: 'C booking consumer time per event, backlogged',
};

const STAGES_SQL = `
SELECT t.id,
  extract(epoch FROM o.published_at) * 1000 AS relay_claim,
  extract(epoch FROM pe.processed_at) * 1000 AS consumer_start,
  extract(epoch FROM om.created_at) * 1000 AS offer_queued,
  extract(epoch FROM om.sent_at) * 1000 AS offer_claimed,
  extract(epoch FROM rm.created_at) * 1000 AS confirm_queued,
  extract(epoch FROM rm.sent_at) * 1000 AS confirm_claimed
FROM tickets t
JOIN outbox_events o ON o.aggregate_id = t.id AND o.event_type = 'intake.completed'
LEFT JOIN processed_events pe ON pe.consumer = 'booking' AND pe.event_id = o.id::text
LEFT JOIN LATERAL (
  SELECT m.created_at, m.sent_at FROM messages m
  WHERE m.ticket_id = t.id AND m.direction = 'outbound' AND m.body LIKE 'Job %'
  ORDER BY m.created_at LIMIT 1
) om ON true
LEFT JOIN LATERAL (
  SELECT m.created_at, m.sent_at FROM messages m
  JOIN residents r ON r.id = t.resident_id AND m.to_address = r.phone
  WHERE m.ticket_id = t.id AND m.direction = 'outbound' AND m.body LIKE '%will come for ticket%'
  ORDER BY m.created_at LIMIT 1
) rm ON true
WHERE t.id = ANY($1::text[])`;

type Row = Record<'relay_claim' | 'consumer_start' | 'offer_queued' | 'offer_claimed', string | null> &
  Record<'confirm_queued' | 'confirm_claimed', string | null> & { id: string };

export async function stageBreakdown(
  pool: pg.Pool,
  mode: ModeName,
  phase: PhaseRecord,
): Promise<StageSamples> {
  const byId = new Map(phase.traces.filter((t) => t.ticketId).map((t) => [t.ticketId!, t]));
  const { rows } = await pool.query<Row>(STAGES_SQL, [[...byId.keys()]]);
  const out: StageSamples = {
    commitToConsumer: [],
    commitToRelayClaim: [],
    relayClaimToConsumer: [],
    consumerToOfferQueued: [],
    offerQueuedToSenderClaim: [],
    senderClaimToOfferHanded: [],
    yesToConfirmQueued: [],
    confirmQueuedToSenderClaim: [],
    senderClaimToConfirmHanded: [],
    consumerServiceTime: [],
  };
  const push = (list: number[], from: number | null | undefined, to: number | null | undefined) => {
    if (from != null && to != null) list.push(to - from);
  };
  const num = (v: string | null) => (v === null ? null : Number(v));
  for (const row of rows) {
    const t = byId.get(row.id)!;
    const [claim, consumer, queued, offerClaim] = [
      num(row.relay_claim),
      num(row.consumer_start),
      num(row.offer_queued),
      num(row.offer_claimed),
    ];
    push(out.commitToConsumer, t.committedAt, consumer);
    if (mode === 'postgres+kafka') {
      push(out.commitToRelayClaim, t.committedAt, claim);
      push(out.relayClaimToConsumer, claim, consumer);
    }
    push(out.consumerToOfferQueued, consumer, queued);
    push(out.offerQueuedToSenderClaim, queued, offerClaim);
    push(out.senderClaimToOfferHanded, offerClaim, t.offerAt);
    const [confirmQueued, confirmClaim] = [num(row.confirm_queued), num(row.confirm_claimed)];
    push(out.yesToConfirmQueued, t.yesAt, confirmQueued);
    push(out.confirmQueuedToSenderClaim, confirmQueued, confirmClaim);
    push(out.senderClaimToConfirmHanded, confirmClaim, t.confirmAt);
  }
  if (mode === 'postgres+kafka') out.consumerServiceTime = backloggedGaps(rows);
  return out;
}

function backloggedGaps(rows: Row[]): number[] {
  const events = rows
    .filter((r) => r.relay_claim !== null && r.consumer_start !== null)
    .map((r) => ({ claim: Number(r.relay_claim), start: Number(r.consumer_start) }))
    .sort((x, y) => x.start - y.start);
  const gaps: number[] = [];
  for (let i = 0; i + 1 < events.length; i++) {
    const [cur, next] = [events[i]!, events[i + 1]!];
    if (next.claim <= cur.start) gaps.push(next.start - cur.start);
  }
  return gaps;
}
