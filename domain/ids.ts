// Entity ids: a readable prefix plus a time-ordered, random suffix ("tkt_0mbx3k2a1c9f4r7w2q").
// Time-ordered ids keep new rows together at the end of btree indexes.
import crypto from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const bytes = crypto.randomBytes(10);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 36];
  return `${prefix}_${time}${rand}`;
}
