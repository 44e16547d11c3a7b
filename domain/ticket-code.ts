// Short ticket codes residents and vendors can read out and type: 4 characters, no look-alikes
// (0/O, 1/I/L). ~900k combinations per tenant; collisions are retried by the writer.
import crypto from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export const TICKET_CODE_ALPHABET = ALPHABET;
export const TICKET_CODE_LENGTH = 4;

const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${TICKET_CODE_LENGTH}}$`);

export function newTicketCode(length = TICKET_CODE_LENGTH): string {
  let code = '';
  for (const byte of crypto.randomBytes(length)) code += ALPHABET[byte % ALPHABET.length];
  return code;
}

// People type codes in lower case; the stored code is upper case.
export function isTicketCode(text: string): boolean {
  return CODE_PATTERN.test(text.toUpperCase());
}
