// SMS length: a GSM-7 text fits 160 characters in one segment (153 per segment when split); any
// character outside GSM-7 makes the whole text UCS-2, 70 per segment (67 when split). Agent replies
// are kept within two segments on purpose: fitting them is done here, visibly, never by the carrier.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€';
const GSM = new Set([...GSM_BASIC, ...GSM_EXTENDED]);

export interface SegmentCount {
  encoding: 'gsm7' | 'ucs2';
  segments: number;
}

export function countSegments(text: string): SegmentCount {
  const chars = [...text];
  if (chars.every((c) => GSM.has(c))) {
    const units = chars.reduce((n, c) => n + (GSM_EXTENDED.includes(c) ? 2 : 1), 0);
    return { encoding: 'gsm7', segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  // UCS-2 counts UTF-16 code units; an emoji is two.
  const units = text.length;
  return { encoding: 'ucs2', segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

// Look-alikes that keep a text in GSM-7 (what carriers' "smart encoding" does): Spanish accents
// outside GSM-7, typographic quotes and dashes.
const TO_GSM: Record<string, string> = {
  á: 'a',
  í: 'i',
  ó: 'o',
  ú: 'u',
  Á: 'A',
  Í: 'I',
  Ó: 'O',
  Ú: 'U',
  ê: 'e',
  â: 'a',
  ô: 'o',
  ç: 'c',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  '\u00a0': ' ',
};

export function toGsmLookalikes(text: string): string {
  return [...text].map((c) => TO_GSM[c] ?? c).join('');
}

/**
 * The text within `maxSegments`: first by GSM look-alikes (if that alone makes it fit, nothing is
 * lost), then cut at the last sentence or word boundary that fits, marked with "…" or "...".
 */
export function fitSegments(text: string, maxSegments = 2): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (countSegments(clean).segments <= maxSegments) return clean;
  const gsm = toGsmLookalikes(clean);
  if (countSegments(gsm).segments <= maxSegments) return gsm;
  const base = countSegments(gsm).encoding === 'gsm7' ? gsm : clean;
  const fits = (t: string) => countSegments(t).segments <= maxSegments;
  // Whole sentences first: a reply that ends cleanly reads better than one cut mid-word.
  let out = '';
  for (const sentence of base.match(/[^.!?]+[.!?]+\s*/g) ?? []) {
    if (!fits((out + sentence).trim())) break;
    out += sentence;
  }
  if (out.trim().length >= 40) return out.trim();
  out = '';
  for (const word of base.split(' ')) {
    const next = out ? `${out} ${word}` : word;
    if (!fits(`${next}...`)) break;
    out = next;
  }
  return `${out}...`;
}
