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
  status: 'sent' | 'queued';
}

export interface SmsTransport {
  readonly kind: 'twilio' | 'local';
  send(sms: SmsToSend): Promise<SmsSendResult>;
}
