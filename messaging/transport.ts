// The messaging port: how an SMS leaves the building. The Twilio adapter implements it for
// production; the local transport records messages for the embedded default, tests and the simulator.
export interface SmsToSend {
  messageId: string;
  tenantId: string;
  from: string;
  to: string;
  body: string;
}

export interface SmsSendResult {
  /** The provider's id for the message (Twilio's MessageSid). */
  providerSid: string;
  /** `sending`: the provider has it and will report delivery; `sent`: already handed to the carrier. */
  status: 'sending' | 'sent';
}

export interface SmsTransport {
  readonly kind: 'twilio' | 'local';
  send(sms: SmsToSend): Promise<SmsSendResult>;
}

/** A failed send: `code` is the provider's error code; `retryable` says whether trying later can help. */
export class SmsSendError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, retryable: boolean, message: string) {
    super(message);
    this.name = 'SmsSendError';
    this.code = code;
    this.retryable = retryable;
  }
}

/** Twilio's "the recipient has unsubscribed" (replied STOP): record the opt-out too. */
export const UNSUBSCRIBED_RECIPIENT = '21610';
