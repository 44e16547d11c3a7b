// Short ticket codes residents and vendors can read out and type: 4 characters, no look-alikes
// (0/O, 1/I/L). ~900k combinations per tenant; collisions are retried by the writer.
import crypto from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newTicketCode(length = 4): string {
  let code = '';
  for (const byte of crypto.randomBytes(length)) code += ALPHABET[byte % ALPHABET.length];
  return code;
}
