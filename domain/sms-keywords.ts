// What an inbound SMS means before anyone reads it: a carrier keyword (the whole message is STOP,
// START, HELP or one of their synonyms, as Twilio and US carriers define them), a plain-language
// request to stop texting (English or Spanish), or nothing special. Opting out must work however
// people say it, and must never trigger on a message that merely contains "stop" ("the leak won't
// stop"): plain-language phrases are about messages/texts/contacting, not about the problem.
export type SmsKeyword = 'stop' | 'start' | 'help' | 'opt_out_plain';

const STOP = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'END',
  'QUIT',
  'CANCEL',
  'OPTOUT',
  'REVOKE',
  'STOP ALL',
  'OPT OUT',
]);
const START = new Set(['START', 'UNSTOP', 'YES START', 'SUBSCRIBE', 'RESUME']);
const HELP = new Set(['HELP', 'INFO', 'AYUDA']);

// Plain language, matched on lower-case text without accents. Each names the messages themselves.
const PLAIN_OPT_OUT = [
  /\bstop (?:texting|messaging|sending|contacting|txting|msging)\b/,
  /\b(?:don'?t|do not|never) (?:text|message|contact|sms) me\b/,
  /\bno more (?:texts|text messages|messages|msgs|sms)\b/,
  /\b(?:unsubscribe|remove) me\b/,
  /\btake me off (?:your|the|this) (?:list|number)\b/,
  /\bopt me out\b/,
  /\bno (?:me )?(?:envien|manden|escriban|mande|envie|escriba)(?:n)? mas\b/,
  /\bdejen? de (?:enviarme|escribirme|mandarme|contactarme|mandar mensajes|enviar mensajes)\b/,
  /\bno (?:quiero )?mas (?:mensajes|textos|sms)\b/,
  /\bbasta de mensajes\b/,
];

export function classifyInboundSms(body: string): SmsKeyword | null {
  const word = body
    .trim()
    .replace(/[.!¡?¿]+$/u, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
  if (STOP.has(word)) return 'stop';
  if (START.has(word)) return 'start';
  if (HELP.has(word)) return 'help';
  const text = body
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ');
  return PLAIN_OPT_OUT.some((re) => re.test(text)) ? 'opt_out_plain' : null;
}
