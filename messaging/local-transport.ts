// The local SMS transport: "sends" by recording. Listeners (tests, the web simulator, benchmarks)
// see every message the moment the sender hands it over.
import crypto from 'node:crypto';
import type { SmsSendResult, SmsToSend, SmsTransport } from './transport.ts';

export interface RecordedSms extends SmsToSend {
  providerSid: string;
  at: number;
}

export class LocalSmsTransport implements SmsTransport {
  readonly kind = 'local' as const;
  readonly sent: RecordedSms[] = [];
  private readonly listeners = new Set<(sms: RecordedSms) => void>();
  /** How many recorded messages are kept (oldest dropped first). */
  private readonly capacity: number;

  constructor(options: { capacity?: number } = {}) {
    this.capacity = options.capacity ?? 10_000;
  }

  async send(sms: SmsToSend): Promise<SmsSendResult> {
    const recorded = { ...sms, providerSid: `LM${crypto.randomBytes(16).toString('hex')}`, at: Date.now() };
    this.sent.push(recorded);
    if (this.sent.length > this.capacity) this.sent.shift();
    for (const listener of this.listeners) listener(recorded);
    return { providerSid: recorded.providerSid, status: 'sent' };
  }

  /** Calls `listener` for every message sent from now on; returns how to stop listening. */
  onSend(listener: (sms: RecordedSms) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
