// What a chat session's event stream shows: new messages of the conversation (replies, and what the
// visitor sent, so several tabs agree) and status changes of the tickets linked to it (tickets its
// messages name, and a verified resident's own). It polls the database, which works on PGlite (no
// NOTIFY) and on Postgres alike. `created_at` is a transaction's start time, so a message can commit
// after a younger one: every poll looks back LOOKBACK_MS behind the newest message seen and skips
// ids it already sent.
import type { Conversation, PrismaClient } from '../generated/prisma/client.ts';

export const LOOKBACK_MS = 60_000;
const PAGE = 200;
const TRACKED_TICKETS = 20;
const ERROR_BACKOFF_MS = 5_000;

export interface ChatMessageDto {
  id: string;
  direction: 'inbound' | 'outbound';
  body: string;
  status: string;
  ticket_id: string | null;
  created_at: string;
}

export interface TicketStatusDto {
  ticket_id: string;
  code: string;
  status: string;
  previous_status: string | null;
}

export type ChatFeedEvent =
  { type: 'message'; id: string; data: ChatMessageDto } | { type: 'ticket'; data: TicketStatusDto };

const messageSelect = {
  id: true,
  direction: true,
  body: true,
  status: true,
  ticketId: true,
  createdAt: true,
} as const;

type MessageRow = {
  id: string;
  direction: 'inbound' | 'outbound';
  body: string;
  status: string;
  ticketId: string | null;
  createdAt: Date;
};

export function chatMessageDto(m: MessageRow): ChatMessageDto {
  return {
    id: m.id,
    direction: m.direction,
    body: m.body,
    status: m.status,
    ticket_id: m.ticketId,
    created_at: m.createdAt.toISOString(),
  };
}

export interface ChatFeedOptions {
  pollMs: number;
  /** Replay messages after this one (an SSE client's Last-Event-ID); otherwise only new ones. */
  afterMessageId?: string | undefined;
  onError: (err: unknown) => void;
}

export class ChatFeed {
  private readonly prisma: PrismaClient;
  private readonly conversation: Conversation;
  private readonly options: ChatFeedOptions;
  /** Sent (or already there when the stream opened) message ids, with their created_at. */
  private readonly seen = new Map<string, number>();
  private newest = 0;
  private readonly ticketIds = new Set<string>();
  private readonly ticketStatus = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(prisma: PrismaClient, conversation: Conversation, options: ChatFeedOptions) {
    this.prisma = prisma;
    this.conversation = conversation;
    this.options = options;
  }

  /** Takes the starting point, emits any replay, then polls until stop(). */
  async start(emit: (event: ChatFeedEvent) => void): Promise<void> {
    const begun = this.begin(emit);
    // stop() waits for this round too, so nothing queries a database that is being closed.
    this.running = begun.then(
      () => undefined,
      () => undefined,
    );
    try {
      await begun;
    } finally {
      this.running = undefined;
    }
    this.schedule(emit);
  }

  private async begin(emit: (event: ChatFeedEvent) => void): Promise<void> {
    const where = { conversationId: this.conversation.id };
    const recent = await this.prisma.message.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: PAGE,
      select: messageSelect,
    });
    recent.reverse();
    const after = this.options.afterMessageId;
    // Without a Last-Event-ID everything already there counts as seen; with one, what follows it is
    // replayed (all of the page when the id is older than the page or unknown).
    const cut = after ? recent.findIndex((m) => m.id === after) : recent.length - 1;
    for (const m of recent.slice(0, cut + 1)) this.markSeen(m);
    const replay = recent.slice(cut + 1);
    for (const m of replay) this.markSeen(m);
    const linked = await this.prisma.message.findMany({
      where: { ...where, ticketId: { not: null } },
      distinct: ['ticketId'],
      select: { ticketId: true },
    });
    for (const { ticketId } of linked) this.ticketIds.add(ticketId!);
    for (const t of await this.trackedTickets()) this.ticketStatus.set(t.id, t.status);
    for (const m of replay) if (!this.stopped) emit({ type: 'message', id: m.id, data: chatMessageDto(m) });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(emit: (event: ChatFeedEvent) => void, delayMs = this.options.pollMs): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      let next = this.options.pollMs;
      this.running = this.poll(emit)
        .catch((err: unknown) => {
          // A database outage: report it, and ask less often until it is over.
          this.options.onError(err);
          next = Math.max(this.options.pollMs, ERROR_BACKOFF_MS);
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(emit, next);
        });
    }, delayMs);
  }

  private markSeen(m: MessageRow): void {
    const at = m.createdAt.getTime();
    this.seen.set(m.id, at);
    if (at > this.newest) this.newest = at;
    if (m.ticketId) this.ticketIds.add(m.ticketId);
  }

  /** One round: unseen messages in the window, then ticket statuses. */
  private async poll(emit: (event: ChatFeedEvent) => void): Promise<void> {
    const from = this.newest ? this.newest - LOOKBACK_MS : 0;
    const rows = await this.prisma.message.findMany({
      where: { conversationId: this.conversation.id, createdAt: { gte: new Date(from) } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: PAGE,
      select: messageSelect,
    });
    for (const m of rows) {
      if (this.stopped || this.seen.has(m.id)) continue;
      this.markSeen(m);
      emit({ type: 'message', id: m.id, data: chatMessageDto(m) });
    }
    const floor = this.newest - LOOKBACK_MS;
    for (const [id, at] of this.seen) if (at < floor) this.seen.delete(id);

    for (const t of await this.trackedTickets()) {
      const before = this.ticketStatus.get(t.id);
      if (before === t.status || this.stopped) continue;
      this.ticketStatus.set(t.id, t.status);
      emit({
        type: 'ticket',
        data: { ticket_id: t.id, code: t.code, status: t.status, previous_status: before ?? null },
      });
    }
  }

  private async trackedTickets(): Promise<{ id: string; code: string; status: string }[]> {
    const c = this.conversation;
    const resident = c.participantType === 'resident' && c.participantId ? c.participantId : null;
    if (!resident && this.ticketIds.size === 0) return [];
    return this.prisma.ticket.findMany({
      where: {
        tenantId: c.tenantId,
        OR: [{ id: { in: [...this.ticketIds] } }, ...(resident ? [{ residentId: resident }] : [])],
      },
      orderBy: { createdAt: 'desc' },
      take: TRACKED_TICKETS,
      select: { id: true, code: true, status: true },
    });
  }
}
