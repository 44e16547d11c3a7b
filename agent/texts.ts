// What the engine itself says (not the model): emergency confirmations, hand-offs, the safe
// replacement for a reply that failed the guard. English and Spanish, each within two SMS segments.
export type Language = 'en' | 'es';

export const agentTexts = {
  emergencyTicket: (l: Language, code: string, trade: string) =>
    l === 'es'
      ? `Abrimos la orden urgente ${code} y ya estamos llamando a un técnico (${tradeEs(trade)}). Le avisaremos al confirmarlo.`
      : `We opened emergency ticket ${code} and are calling ${/^[aeiou]/.test(trade) ? 'an' : 'a'} ${trade} pro now. We'll text you when one is on the way.`,
  emergencyExisting: (l: Language, code: string) =>
    l === 'es'
      ? `Su orden urgente ${code} ya está abierta y estamos en ello.`
      : `Your emergency ticket ${code} is already open and we're on it.`,
  emergencyUnknown: (l: Language) =>
    l === 'es'
      ? 'Avisamos al administrador ahora. Responda con su dirección y número de unidad.'
      : "We've alerted the property manager. Please reply with your address and unit number.",
  emergencyNoTicket: (l: Language) =>
    l === 'es'
      ? 'Avisamos al administrador de guardia ahora mismo.'
      : "We've alerted the on-call manager right now.",
  handoff: (l: Language, code: string | null) =>
    l === 'es'
      ? `Entendido. Una persona del equipo le contactará pronto${code ? ` sobre la orden ${code}` : ''}.`
      : `Understood. A person from the team will contact you shortly${code ? ` about ticket ${code}` : ''}.`,
  trouble: (l: Language) =>
    l === 'es'
      ? 'Perdón, tengo problemas para responder. Ya avisé a una persona del equipo, que le contactará pronto.'
      : "Sorry, I'm having trouble answering. I've alerted a person on the team, who will contact you soon.",
  guarded: (l: Language) =>
    l === 'es'
      ? 'Solo puedo ayudar con sus propias solicitudes de mantenimiento. ¿Qué problema tiene en su unidad?'
      : 'I can only help with your own maintenance requests. What problem can I help with in your home?',
  unknownHandoff: (l: Language) =>
    l === 'es'
      ? 'Gracias. No encontramos este número en nuestros registros, así que pasamos su mensaje al administrador, que le contactará.'
      : "Thanks. We couldn't match this number to a resident, so we've passed your message to the property manager, who will contact you.",
};

const TRADES_ES: Record<string, string> = {
  plumbing: 'plomería',
  electrical: 'electricidad',
  hvac: 'calefacción/aire',
  locksmith: 'cerrajería',
  elevator: 'ascensor',
  appliance: 'electrodomésticos',
  pest: 'control de plagas',
  general: 'mantenimiento',
};

function tradeEs(trade: string): string {
  return TRADES_ES[trade] ?? trade;
}

/** Notes for the on-call contact (SMS): who, where, what. */
export const contactTexts = {
  emergencyUnknown: (from: string, body: string) =>
    `URGENT from unregistered number ${from}: "${body.slice(0, 200)}". Please call them.`,
  handoff: (who: string, body: string) =>
    `Fixline hand-off: ${who} asks for a person: "${body.slice(0, 200)}".`,
  unknown: (from: string, body: string) =>
    `Fixline: unregistered number ${from} wrote: "${body.slice(0, 200)}". Please follow up.`,
};
