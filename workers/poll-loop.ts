// The loop every Postgres-backed worker runs: do a round of work, and when the round found less
// than a full batch, sleep until a NOTIFY hint arrives or the poll interval passes. NOTIFY only
// shortens the wait; correctness never depends on it (PGlite does not route it at all).
import pg from 'pg';
import type { Logger } from '../observability/logger.ts';

export interface PollLoopOptions {
  pool: pg.Pool;
  logger: Logger;
  /** One round of work; resolves true when there may be more to do right away. */
  round: () => Promise<boolean>;
  pollMs: number;
  /** LISTEN on this channel with a dedicated connection (real Postgres only). */
  listenChannel?: string | undefined;
  /** What a failing round is called in the log. */
  name: string;
}

export class PollLoop {
  private readonly opts: PollLoopOptions;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** A hint that arrived while a round was running: the next sleep is skipped, not lost. */
  private hinted = false;
  private listener: pg.Client | undefined;

  constructor(opts: PollLoopOptions) {
    this.opts = opts;
  }

  async start(): Promise<void> {
    this.running = true;
    if (this.opts.listenChannel) await this.listen(this.opts.listenChannel);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.listener?.end().catch(() => {});
  }

  /** Ends the current sleep now, or skips the next one if a round is running. */
  wake(): void {
    this.hinted = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let more = false;
      this.hinted = false;
      try {
        more = await this.opts.round();
      } catch (err) {
        this.opts.logger.error({ err }, `${this.opts.name} round failed`);
      }
      if (!more && !this.hinted && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.opts.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async listen(channel: string): Promise<void> {
    const client = new pg.Client({ connectionString: connectionStringOf(this.opts.pool) });
    client.on('error', (err) =>
      this.opts.logger.warn({ err }, `${this.opts.name}: LISTEN connection lost; polling`),
    );
    client.on('notification', () => this.wake());
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    this.listener = client;
  }
}

function connectionStringOf(pool: pg.Pool): string {
  return (pool as unknown as { options: { connectionString: string } }).options.connectionString;
}
