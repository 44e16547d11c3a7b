// The vendor reply table: English and Spanish, codes before and after the answer, negation beating
// the affirmative it governs, "no problem" accepting, and anything ambiguous left unknown.
import { describe, expect, it } from 'vitest';
import { TICKET_CODE_ALPHABET, isTicketCode, newTicketCode } from '../../domain/ticket-code.ts';
import {
  newReadableTicketCode,
  parseVendorReply,
  readsAsTicketCode,
  type ReplyIntent,
} from '../../domain/vendor-reply.ts';

const cases: [text: string, intent: ReplyIntent, code?: string][] = [
  // Plain English acceptances.
  ['yes', 'accept'],
  ['Y', 'accept'],
  ['YES!', 'accept'],
  ['  yes   ', 'accept'],
  ['Yesss!!', 'accept'],
  ['yeah sure', 'accept'],
  ['ok I can take it', 'accept'],
  ['sure', 'accept'],
  ["I'll take it", 'accept'],
  ['I’ll take it', 'accept'],
  ['on my way', 'accept'],
  ["I'm on my way, 20 min", 'accept'],
  ['k', 'accept'],
  ['Can do!', 'accept'],
  ['no problem', 'accept'],
  ['No worries, be there at 3', 'accept'],
  ['not a problem', 'accept'],
  ["Yes, what's the address?", 'accept'],
  ['OKAY', 'accept'],
  // Codes with acceptances.
  ['yes k7q2', 'accept', 'K7Q2'],
  ['YES K7Q2', 'accept', 'K7Q2'],
  ['k7q2 yes', 'accept', 'K7Q2'],
  ['Yes - #K7Q2.', 'accept', 'K7Q2'],
  ['yesK7Q2', 'accept', 'K7Q2'],
  ['SURE K7Q2', 'accept', 'K7Q2'],
  ['K7Q2 K7Q2 yes', 'accept', 'K7Q2'],
  ['Yes ABCD', 'accept', 'ABCD'],
  // English refusals, including negation of an affirmative.
  ['no', 'decline'],
  ['N', 'decline'],
  ['NO K7Q2', 'decline', 'K7Q2'],
  ['k7q2 no', 'decline', 'K7Q2'],
  ['nope', 'decline'],
  ['Nooo', 'decline'],
  ["can't", 'decline'],
  ['cannot', 'decline'],
  ["I can't take it", 'decline'],
  ['I can not take it today', 'decline'],
  ["I won't be available", 'decline'],
  ["I don't think I can", 'decline'],
  ['not available', 'decline'],
  ['Sorry, busy', 'decline'],
  ['BUSY', 'decline'],
  ['pass', 'decline'],
  ["I'll pass on this one", 'decline'],
  ['No, thanks', 'decline'],
  ['CANT K7Q2', 'decline', 'K7Q2'],
  // Spanish.
  ['sí', 'accept'],
  ['si', 'accept'],
  ['Siii', 'accept'],
  ['claro', 'accept'],
  ['Claro que sí', 'accept'],
  ['puedo', 'accept'],
  ['Sí puedo, voy en camino', 'accept'],
  ['lo tomo', 'accept'],
  ['sí K7Q2', 'accept', 'K7Q2'],
  ['no hay problema', 'accept'],
  ['no puedo', 'decline'],
  ['No puedo hoy, lo siento', 'decline'],
  ['hoy no puedo', 'decline'],
  ['no lo tomo', 'decline'],
  ['ocupado', 'decline'],
  ['Estoy ocupada', 'decline'],
  ['ocupado y lejos', 'decline'],
  ['claro que no', 'decline'],
  ['no, gracias', 'decline'],
  // Emoji.
  ['👍', 'accept'],
  ['👍🏽 K7Q2', 'accept', 'K7Q2'],
  ['✅', 'accept'],
  ['👎', 'decline'],
  ['❌ k7q2', 'decline', 'K7Q2'],
  // Ambiguous or unrelated: a person should ask again.
  ['yes but not today', 'unknown'],
  ["yes I can't", 'unknown'],
  ['not sure', 'unknown'],
  ["Sure, but I'm not sure when", 'unknown'],
  ['what job?', 'unknown'],
  ['who is this', 'unknown'],
  ['yes?', 'unknown'],
  ['maybe later', 'unknown'],
  ['no sé', 'unknown'],
  ['¿qué trabajo?', 'unknown'],
  ['tal vez mañana', 'unknown'],
  ['yes no', 'unknown'],
  ['👍👎', 'unknown'],
  ['STOP', 'unknown'],
  ['', 'unknown'],
  ['K7Q2', 'unknown', 'K7Q2'],
  ['K7Q2?', 'unknown', 'K7Q2'],
  ['call me at 5pm', 'unknown'],
  // Two different jobs in one reply cannot be applied safely.
  ['yes K7Q2 and M3P9', 'unknown'],
];

describe('parseVendorReply', () => {
  it.each(cases)('%j → %s %s', (text, intent, code) => {
    expect(parseVendorReply(text)).toEqual(code === undefined ? { intent } : { intent, code });
  });

  it.each(['yes', 'YESS', 'sure', 'SURE', 'busy', 'pass', 'take', 'nahh', 'HVAC', 'okay', 'cant', 'asap'])(
    'does not take the word %j for a ticket code',
    (word) => {
      expect(parseVendorReply(`${word} ok`).code).toBeUndefined();
    },
  );

  it.each(['K0Q2', 'KIQ2', 'K7Q', 'K7Q2X', 'L7Q2'])('ignores %j, which is not in the code format', (word) => {
    expect(parseVendorReply(`yes ${word}`)).toEqual({ intent: 'accept' });
  });

  it('never issues a ticket code that reads as a word, so every issued code can be quoted back', () => {
    expect(readsAsTicketCode('BUSY')).toBe(false);
    expect(readsAsTicketCode('K7Q2')).toBe(true);
    for (let i = 0; i < 2000; i++) {
      const code = newReadableTicketCode();
      expect(parseVendorReply(`yes ${code.toLowerCase()}`)).toEqual({ intent: 'accept', code });
      expect(parseVendorReply(`NO ${code}`)).toEqual({ intent: 'decline', code });
    }
  });

  it('reads every character of the code alphabet, and every generated code is in the format', () => {
    for (const c of TICKET_CODE_ALPHABET) {
      expect(parseVendorReply(`yes k${c.toLowerCase()}q2`)).toEqual({ intent: 'accept', code: `K${c}Q2` });
      expect(parseVendorReply(`${c}7Q2 no`)).toEqual({ intent: 'decline', code: `${c}7Q2` });
    }
    for (let i = 0; i < 100; i += 1) expect(isTicketCode(newTicketCode())).toBe(true);
  });
});
