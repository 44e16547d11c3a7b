// Phone numbers never reach logs or traces in full: keep the country/area prefix and last two
// digits, enough to tell two numbers apart while debugging. The pattern targets phone shapes
// (E.164, or North American formatting) so dates, ids and offsets are left alone.
const PHONE = /\+[1-9]\d{7,14}\b|\(\d{3}\)\s?\d{3}[-.\s]\d{4}\b|\b\d{3}[-.]\d{3}[-.]\d{4}\b/g;

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone;
  const plus = phone.trim().startsWith('+') ? '+' : '';
  return `${plus}${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`;
}

export function maskPhonesInText(text: string): string {
  return text.replace(PHONE, (m) => maskPhone(m));
}
