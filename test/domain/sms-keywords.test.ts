// Carrier keywords and plain-language opt-outs are recognised; messages that merely mention
// stopping are not.
import { describe, expect, it } from 'vitest';
import { classifyInboundSms, type SmsKeyword } from '../../domain/sms-keywords.ts';

const CASES: [string, SmsKeyword | null][] = [
  ['STOP', 'stop'],
  ['stop', 'stop'],
  [' Stop. ', 'stop'],
  ['STOPALL', 'stop'],
  ['unsubscribe', 'stop'],
  ['END', 'stop'],
  ['quit', 'stop'],
  ['Cancel', 'stop'],
  ['OPTOUT', 'stop'],
  ['revoke', 'stop'],
  ['START', 'start'],
  ['unstop', 'start'],
  ['HELP', 'help'],
  ['info', 'help'],
  ['Ayuda', 'help'],
  ['please stop texting me', 'opt_out_plain'],
  ['Stop messaging me!!', 'opt_out_plain'],
  ["don't text me anymore", 'opt_out_plain'],
  ['Do not contact me again', 'opt_out_plain'],
  ['no more messages please', 'opt_out_plain'],
  ['unsubscribe me from this', 'opt_out_plain'],
  ['take me off your list', 'opt_out_plain'],
  ['por favor no me envíen más mensajes', 'opt_out_plain'],
  ['dejen de escribirme', 'opt_out_plain'],
  ['no quiero más mensajes', 'opt_out_plain'],
  ['basta de mensajes', 'opt_out_plain'],
  // Mentions of stopping that are about the problem, not the messages.
  ["the leak won't stop", null],
  ['water will not stop running', null],
  ['can you stop the leak today?', null],
  ['STOP THE WATER', null],
  ['the alarm keeps going, how do I stop it', null],
  ['end of the hallway, unit 3', null],
  ['I need help with my sink', null],
  ['cancel my appointment tomorrow', null],
  ['el agua no para', null],
  ['ayuda, se inunda la cocina', null],
  ['', null],
];

describe('classifyInboundSms', () => {
  it.each(CASES)('%j → %s', (body, expected) => {
    expect(classifyInboundSms(body)).toBe(expected);
  });
});
