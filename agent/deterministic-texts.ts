// What the deterministic intake model says, in English and Spanish: short, plain, friendly, each
// within two SMS segments (300 characters), always quoting the ticket code once there is one.
// Questions carry stable phrases (QUESTION_PATTERNS) so the model, which keeps no state, can tell
// from its own earlier replies what it already asked.
import type { Trade } from '../domain/trades.ts';

export type Language = 'en' | 'es';
export type QuestionKey = 'problem' | 'category' | 'unit' | 'window' | 'address' | 'cancel';

/**
 * Appended to a reply when a person must take over (the resident asked for one, the model cannot
 * help, or a tool failed). The engine strips it before sending and alerts a person.
 */
export const HANDOFF_MARKER = '[handoff]';

/** The reply without the hand-off marker, and whether it was there. */
export function stripHandoff(content: string): { text: string; handoff: boolean } {
  const handoff = content.includes(HANDOFF_MARKER);
  return { text: content.replace(HANDOFF_MARKER, '').trim(), handoff };
}

export const QUESTION_PATTERNS: Record<QuestionKey, RegExp> = {
  problem: /what's the problem|what needs fixing|qué problema tiene|qué hay que reparar/i,
  category: /plumbing, electrical|plomería, electricidad/i,
  unit: /is this in unit|which unit|es en la unidad|en qué unidad/i,
  window: /when can (?:a|an|someone|pest)|cuándo puede/i,
  address: /building address|dirección del edificio/i,
  cancel: /which one should I cancel|cuál quiere que cancele/i,
};

/** Phrases of replies that end an intake without a ticket (the next message starts afresh). */
export const CLOSING_PATTERN =
  /I won't open a request|no abriré ninguna solicitud|I can only open requests for your own unit|solo puedo abrir solicitudes para su propia unidad|will contact you shortly|le contactará pronto|passed this to the property manager|pasamos su mensaje al administrador/i;

export function questionsIn(text: string): QuestionKey[] {
  return (Object.keys(QUESTION_PATTERNS) as QuestionKey[]).filter((k) => QUESTION_PATTERNS[k].test(text));
}

const PRO: Record<Trade, { en: string; es: string }> = {
  plumbing: { en: 'a plumber', es: 'un plomero' },
  electrical: { en: 'an electrician', es: 'un electricista' },
  hvac: { en: 'a heating/AC tech', es: 'un técnico de calefacción/aire' },
  locksmith: { en: 'a locksmith', es: 'un cerrajero' },
  elevator: { en: 'an elevator tech', es: 'un técnico de elevadores' },
  appliance: { en: 'an appliance tech', es: 'un técnico de electrodomésticos' },
  pest: { en: 'pest control', es: 'control de plagas' },
  general: { en: 'a maintenance tech', es: 'un técnico de mantenimiento' },
};

export function proFor(trades: Trade[], l: Language): string {
  const unique = [...new Set(trades)];
  if (unique.length !== 1) return l === 'es' ? 'alguien' : 'someone';
  return PRO[unique[0]!][l];
}

const and = (items: string[], l: Language) =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${l === 'es' ? 'y' : 'and'} ${items.at(-1)}`;

export interface AskParts {
  labels: string[];
  /** The resident's unit on file; null when unknown. */
  unit: string | null;
  askUnit: boolean;
  /** The resident said it is not their unit: ask which. */
  unitDenied: boolean;
  askWindow: boolean;
  pro: string;
  /**
   * How to open: 'sorry' for a new problem, 'thanks' when the resident answered part of what we
   * asked, 'again' when they answered none of it.
   */
  opening: 'sorry' | 'thanks' | 'again';
}

function sorryAbout(l: Language, labels: string[]): string {
  if (l === 'es') return `Lamento lo de ${and(labels, l) || 'eso'}.`.replace(/\bde el\b/g, 'del');
  // "Sorry there's no hot water", not "Sorry about no hot water".
  if (labels.length === 1 && labels[0]!.startsWith('no ')) return `Sorry there's ${labels[0]}.`;
  return `Sorry about ${and(labels, l) || 'that'}.`;
}

/** One message with every question still open: "Sorry about the leak. Is this in unit 101, and when…?" */
export function askDetails(l: Language, p: AskParts): string {
  const ack =
    p.opening === 'again'
      ? l === 'es'
        ? 'Perdón, no le entendí.'
        : "Sorry, I didn't catch that."
      : p.opening === 'thanks'
        ? l === 'es'
          ? 'Gracias.'
          : 'Thanks.'
        : sorryAbout(l, p.labels);
  const unitQ =
    p.askUnit &&
    (p.unit && !p.unitDenied
      ? l === 'es'
        ? `¿Es en la unidad ${p.unit}`
        : `Is this in unit ${p.unit}`
      : l === 'es'
        ? '¿En qué unidad o área es (ej. "101" o "pasillo")'
        : "Which unit or area is it in (e.g. '101' or 'hallway')");
  const example =
    l === 'es' ? "(ej. 'mañana de 9 a 12' o 'cuando sea')" : "(e.g. 'tomorrow 9-12' or 'any time')";
  const windowQ =
    p.askWindow &&
    (l === 'es' ? `cuándo puede venir ${p.pro} ${example}` : `when can ${p.pro} come in ${example}`);
  if (unitQ && windowQ) return `${ack} ${unitQ}, ${l === 'es' ? 'y' : 'and'} ${windowQ}?`;
  if (unitQ) return `${ack} ${unitQ}?`;
  if (windowQ) return `${ack} ${l === 'es' ? '¿C' : 'W'}${windowQ.slice(1)}?`;
  return ack;
}

// Spanish takes the personal "a" before "alguien": "buscamos a alguien".
const personal = (pro: string) => (pro === 'alguien' ? 'a alguien' : pro);

export const texts = {
  askProblem: (l: Language, name: string | null, unit: string | null, again: boolean, greet = true) => {
    if (again) {
      return l === 'es'
        ? "Perdón, no entendí. ¿Qué problema tiene? (ej. 'gotea el lavabo de la cocina')"
        : "Sorry, I didn't get that. What's the problem? (e.g. 'kitchen sink is leaking')";
    }
    const hi = greet ? (l === 'es' ? `¡Hola${name ? ` ${name}` : ''}!` : `Hi${name ? ` ${name}` : ''}!`) : '';
    if (unit) {
      return l === 'es'
        ? `${hi} ¿Qué problema tiene en la unidad ${unit}? (Si es en otro lugar, dígame dónde.)`.trim()
        : `${hi} What's the problem in unit ${unit}? (If it's somewhere else, tell me where.)`.trim();
    }
    return l === 'es'
      ? `${hi} ¿Qué problema tiene, y en qué unidad o área es?`.trim()
      : `${hi} What's the problem, and which unit or area is it in?`.trim();
  },
  askCategory: (l: Language) =>
    l === 'es'
      ? 'Entendido. ¿Es de plomería, electricidad, calefacción/aire, un electrodoméstico, una cerradura, plagas u otra cosa?'
      : 'Got it. Is it plumbing, electrical, heating/AC, an appliance, a lock, pests or something else?',
  /** `unit`: named so a resident who meant another place notices; null for the building's own things. */
  created: (
    l: Language,
    tickets: { code: string; label: string }[],
    pro: string,
    when: string | null,
    unit: string | null = null,
  ) => {
    const where = unit ? (l === 'es' ? ` en la unidad ${unit}` : ` in unit ${unit}`) : '';
    const forUnit = unit ? (l === 'es' ? ` para la unidad ${unit}` : ` for unit ${unit}`) : '';
    const opened =
      tickets.length === 1
        ? l === 'es'
          ? `¡Listo! Abrimos la orden ${tickets[0]!.code} por ${tickets[0]!.label}${where}.`
          : `Done! Ticket ${tickets[0]!.code} is open for ${tickets[0]!.label}${where}.`
        : l === 'es'
          ? `¡Listo! Abrimos las órdenes ${and(
              tickets.map((t) => `${t.code} (${t.label})`),
              l,
            )}${forUnit}.`
          : `Done! Tickets ${and(
              tickets.map((t) => `${t.code} (${t.label})`),
              l,
            )} are open${forUnit}.`;
    const next =
      when === null
        ? l === 'es'
          ? `Buscamos ${personal(pro)} lo antes posible y le avisaremos al confirmar.`
          : `We're finding ${pro} as soon as possible and will text you when it's booked.`
        : l === 'es'
          ? `Buscamos ${personal(pro)} para ${when} y le avisaremos al confirmar.`
          : `We're finding ${pro} for ${when} and will text you when it's booked.`;
    return `${opened} ${next}`;
  },
  createdNoTime: (l: Language) =>
    l === 'es' ? 'Le contactaremos para acordar la hora.' : "We'll contact you to set a time.",
  emergencyCreated: (l: Language, safety: string, code: string) =>
    l === 'es'
      ? `${safety} Abrimos la orden urgente ${code} y ya enviamos ayuda.`
      : `${safety} Emergency ticket ${code} is open and we're sending help now.`,
  emergencyFollowUp: (l: Language, code: string | null) =>
    code
      ? l === 'es'
        ? `Su orden urgente ${code} está abierta y ya estamos enviando ayuda. Siga las indicaciones de seguridad y escríbanos si algo cambia.`
        : `Your emergency ticket ${code} is open and we're sending help now. Follow the safety steps and text us if anything changes.`
      : l === 'es'
        ? 'Ya avisamos al administrador de guardia. Siga las indicaciones de seguridad y escríbanos si algo cambia.'
        : "We've alerted the on-call manager. Follow the safety steps and text us if anything changes.",
  createFailed: (l: Language) =>
    l === 'es'
      ? `Perdón, no pude abrir la orden ahora mismo; ya avisé a una persona del equipo, que le contactará pronto. ${HANDOFF_MARKER}`
      : `Sorry, I couldn't open the ticket just now — a person on our team has been alerted and will contact you shortly. ${HANDOFF_MARKER}`,
  status: (l: Language, code: string, stateText: string, progress: number | null, visit: string | null) => {
    const pct = progress === null ? '' : ` (${progress}%)`;
    const head = l === 'es' ? `Orden ${code}: ${stateText}${pct}.` : `Ticket ${code}: ${stateText}${pct}.`;
    return visit ? `${head} ${l === 'es' ? 'Visita' : 'Visit'}: ${visit}.` : head;
  },
  statusFailed: (l: Language, code: string) =>
    l === 'es'
      ? `No pude consultar la orden ${code} ahora mismo. Intente de nuevo en unos minutos.`
      : `I couldn't check ticket ${code} just now. Please try again in a few minutes.`,
  noOpenTickets: (l: Language) =>
    l === 'es'
      ? 'No tiene solicitudes abiertas ahora. ¿Qué problema tiene?'
      : "You don't have an open request right now. What's the problem?",
  notOpenedYet: (l: Language) =>
    l === 'es' ? 'Todavía no abrimos su solicitud.' : "We haven't opened your request yet.",
  cancelled: (l: Language, code: string) =>
    l === 'es'
      ? `Listo, cancelamos la orden ${code}. Escríbanos cuando necesite ayuda.`
      : `Done — ticket ${code} is cancelled. Text us anytime if you need help again.`,
  cancelFailed: (l: Language, code: string) =>
    l === 'es'
      ? `No pude cancelar la orden ${code} ahora mismo; una persona del equipo se encargará. ${HANDOFF_MARKER}`
      : `I couldn't cancel ticket ${code} just now — a person on our team will take care of it. ${HANDOFF_MARKER}`,
  intakeDropped: (l: Language) =>
    l === 'es'
      ? 'De acuerdo, no abriré ninguna solicitud. Escríbanos cuando lo necesite.'
      : "OK, I won't open a request. Text us anytime if you need help.",
  cancelWhich: (l: Language, tickets: { code: string; description: string }[]) => {
    const short = (d: string) => (d.length > 40 ? `${d.slice(0, 39).trimEnd()}…` : d);
    const items = tickets.slice(0, 4).map((t) => `${t.code} (${short(t.description)})`);
    const list = `${items.slice(0, -1).join(', ')} ${l === 'es' ? 'o' : 'or'} ${items.at(-1)}`;
    return l === 'es'
      ? `Tiene varias solicitudes abiertas. ¿Cuál quiere que cancele: ${list}?`
      : `You have more than one open request. Which one should I cancel: ${list}?`;
  },
  nothingCancelled: (l: Language) =>
    l === 'es'
      ? 'De acuerdo, no cancelé nada. Escríbanos cuando lo necesite.'
      : "OK, I haven't cancelled anything. Text us anytime.",
  escalatedToo: (l: Language) =>
    l === 'es'
      ? 'Lamento la espera. Ya lo pasé al administrador y una persona del equipo le contactará pronto.'
      : "I'm sorry about the wait. I've flagged it to the property manager and a person from our team will contact you shortly.",
  otherUnit: (l: Language, own: string | null, other: string) =>
    l === 'es'
      ? `Perdón, solo puedo abrir solicitudes para su propia unidad${own ? ` (${own})` : ''} y no puedo compartir nada de otras unidades. Si el problema es en la unidad ${other}, quien vive ahí puede escribirnos.`
      : `Sorry, I can only open requests for your own unit${own ? ` (${own})` : ''} and can't share anything about other units. If the problem is in unit ${other}, the resident there can text us.`,
  offLimits: (l: Language, own: string | null) =>
    l === 'es'
      ? `Perdón, no puedo compartir datos de otros residentes ni cambiar cómo trabajo. Puedo ayudarle con reparaciones${own ? ` en la unidad ${own}` : ''} y con sus solicitudes: ¿qué necesita?`
      : `Sorry, I can't share other residents' details or change how I work. I can help with repairs${own ? ` in unit ${own}` : ''} and your own requests — what do you need?`,
  ifItHappens: (l: Language, safety: string) =>
    l === 'es'
      ? `Si eso pasa: ${safety} Luego escríbanos aquí enseguida.`
      : `If that happens: ${safety} Then text us here right away.`,
  notARepair: (l: Language) =>
    l === 'es'
      ? 'Solo atiendo solicitudes de reparación, así que no puedo confirmar eso; el administrador sí (escriba "persona" y le paso el mensaje). ¿Hay algo que necesite arreglo?'
      : "I only handle repair requests, so I can't confirm that — the property manager can (text 'person' and I'll pass it on). Is there anything that needs fixing?",
  nothingToCancel: (l: Language) =>
    l === 'es'
      ? 'No tiene ninguna solicitud abierta para cancelar.'
      : "You don't have an open request to cancel.",
  handoff: (l: Language, code: string | null) =>
    (l === 'es'
      ? `Entendido. Una persona del equipo le contactará pronto${code ? ` sobre la orden ${code}` : ''}.`
      : `Understood. A person from our team will contact you shortly${code ? ` about ticket ${code}` : ''}.`) +
    ` ${HANDOFF_MARKER}`,
  thanks: (l: Language, code: string | null) =>
    code
      ? l === 'es'
        ? `¡Con gusto! Su orden es ${code}; escriba "estado" cuando quiera saber cómo va.`
        : `You're welcome! Your ticket is ${code}; text "status" anytime for an update.`
      : l === 'es'
        ? '¡Con gusto! Escríbanos cuando lo necesite.'
        : "You're welcome! Text us anytime.",
  greetingWithTicket: (l: Language, name: string | null, code: string) =>
    l === 'es'
      ? `¡Hola${name ? ` ${name}` : ''}! Su orden ${code} sigue abierta. ¿Quiere saber cómo va, o es algo nuevo?`
      : `Hi${name ? ` ${name}` : ''}! Your ticket ${code} is open. Want an update, or is it something new?`,
  anythingElse: (l: Language, code: string) =>
    l === 'es'
      ? `Su orden ${code} está abierta. ¿Necesita algo más? Escriba "estado" para saber cómo va.`
      : `Your ticket ${code} is open. Anything else I can help with? Text "status" for an update.`,
  withCode: (l: Language, code: string) => (l === 'es' ? `(Orden ${code})` : `(Ticket ${code})`),
  unknownAsk: (l: Language, needAddress: boolean, needProblem: boolean) => {
    if (needAddress && needProblem) {
      return l === 'es'
        ? '¡Hola! No tengo este número registrado. ¿Cuál es la dirección del edificio y su unidad, y qué problema tiene?'
        : "Hi! I don't have this number on file. What's the building address and your unit, and what's the problem?";
    }
    if (needAddress) {
      return l === 'es'
        ? 'Gracias. ¿Cuál es la dirección del edificio y el número de su unidad?'
        : "Thanks. What's the building address and your unit number?";
    }
    return l === 'es' ? 'Gracias. ¿Qué problema tiene?' : "Thanks. What's the problem?";
  },
  unknownDone: (l: Language) =>
    (l === 'es'
      ? 'Gracias. Pasamos su mensaje al administrador, que le contactará pronto.'
      : "Thanks! I've passed this to the property manager, who will follow up with you soon.") +
    ` ${HANDOFF_MARKER}`,
};

const STATE_ES: Record<string, string> = {
  new: 'recibida',
  triaged: 'revisada, buscando técnico',
  dispatching: 'buscando técnico',
  scheduled: 'visita programada',
  in_progress: 'en reparación',
  completed: 'terminada',
  escalated: 'en manos del administrador',
  cancelled: 'cancelada',
};
const STATE_EN: Record<string, string> = {
  new: 'received',
  triaged: 'reviewed, finding a vendor',
  dispatching: 'finding a vendor',
  scheduled: 'visit scheduled',
  in_progress: 'repair in progress',
  completed: 'completed',
  escalated: 'with the property manager',
  cancelled: 'cancelled',
};

/** A ticket state in words; in English the tool's own message is preferred. */
export function stateText(l: Language, state: string, message: string | null): string {
  if (l === 'en' && message) return message.replace(/[.\s]+$/, '');
  return (l === 'es' ? STATE_ES : STATE_EN)[state] ?? state;
}
