// The Twilio adapter of the messaging port: the official SDK's messages.create, with a status
// callback so delivery receipts come back to /webhooks/twilio/status. Failures are classified for
// the sender: 429, 5xx and network errors are worth retrying; any other 4xx (21610 unsubscribed,
// 21211 invalid number, …) is permanent and recorded with its Twilio error code.
import twilio from 'twilio';
import { SmsSendError, type SmsSendResult, type SmsToSend, type SmsTransport } from './transport.ts';

export class TwilioSmsTransport implements SmsTransport {
  readonly kind = 'twilio' as const;
  private readonly client: twilio.Twilio;
  private readonly statusCallback: string;

  constructor(options: { accountSid: string; authToken: string; publicBaseUrl: string }) {
    // The sender does its own retries with backoff; the SDK must not retry behind its back.
    this.client = twilio(options.accountSid, options.authToken, { autoRetry: false });
    this.statusCallback = `${options.publicBaseUrl}/webhooks/twilio/status`;
  }

  async send(sms: SmsToSend): Promise<SmsSendResult> {
    try {
      const message = await this.client.messages.create({
        from: sms.from,
        to: sms.to,
        body: sms.body,
        statusCallback: this.statusCallback,
      });
      // Twilio's own "queued"/"accepted" mean it has the message: ours is then `sending`, because our
      // `queued` means "not handed over yet".
      return { providerSid: message.sid, status: message.status === 'sent' ? 'sent' : 'sending' };
    } catch (err) {
      const e = err as { status?: number; code?: number; message?: string };
      const retryable = e.status === undefined || e.status === 429 || e.status >= 500;
      throw new SmsSendError(String(e.code ?? e.status ?? 'network'), retryable, e.message ?? String(err));
    }
  }
}
