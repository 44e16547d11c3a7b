// Phone numbers never reach logs or traces in full: keep the country/area prefix and last two
// digits, enough to tell two numbers apart while debugging.
const PHONE = /\+?\d[\d\s().-]{8,}\d/g;

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone;
  const plus = phone.trim().startsWith('+') ? '+' : '';
  return `${plus}${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`;
}

export function maskPhonesInText(text: string): string {
  return text.replace(PHONE, (m) => maskPhone(m));
}

/** Deep copy of a log object with every phone-looking string masked. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (typeof value === 'string') return maskPhonesInText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  // Only plain objects are copied: requests, errors and the like keep their class so pino's
  // serializers still recognise them.
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1);
    return out;
  }
  return value;
}
