// Spanish resident conversations (and a Spanish speaker on an English profile), plus numbers we
// do not know, which cannot open tickets.
import { OPEN_PLUMBING, SCHEDULED_HEAT, scenario, ticket, type ResidentScenario } from './scenario-types.ts';

export const SPANISH_SCENARIOS: ResidentScenario[] = [
  // Spanish.
  scenario(
    'gas, Spanish',
    'es',
    ['huele a gas en la cocina'],
    { tickets: [ticket('plumbing', 'emergency', false)], maxTurns: 1, emergencyKind: 'gas' },
    { language: 'es' },
  ),
  scenario(
    'flooding bathroom, Spanish',
    'es',
    ['ayuda se inunda el baño', 'gracias, ya cerré la llave'],
    { tickets: [ticket('plumbing', 'emergency', false)], maxTurns: 1, emergencyKind: 'flood' },
    { language: 'es' },
  ),
  scenario(
    'sewage backing up, Spanish',
    'es',
    ['salen aguas negras por la regadera'],
    { tickets: [ticket('plumbing', 'emergency', false)], maxTurns: 1, emergencyKind: 'sewage' },
    { language: 'es' },
  ),
  scenario(
    'trapped in the elevator, Spanish',
    'es',
    ['estamos atrapados en el ascensor'],
    { tickets: [ticket('elevator', 'emergency', false)], maxTurns: 1, emergencyKind: 'elevator_entrapment' },
    { language: 'es' },
  ),
  scenario(
    'no hot water, Spanish',
    'es',
    ['no hay agua caliente', 'sí, mañana por la mañana'],
    { tickets: [ticket('plumbing', 'urgent', true)], maxTurns: 2 },
    { language: 'es' },
  ),
  scenario(
    'door will not close, Spanish',
    'es',
    ['la puerta no cierra', 'hoy en la tarde'],
    { tickets: [ticket('locksmith', 'urgent', true)], maxTurns: 2 },
    { language: 'es' },
  ),
  scenario(
    'no heating is urgent without freezing, Spanish',
    'es',
    ['sin calefaccion desde ayer', 'si, el martes de 2 a 5'],
    { tickets: [ticket('hvac', 'urgent', true)], maxTurns: 2 },
    { language: 'es' },
  ),
  scenario(
    'roaches and a stove, Spanish',
    'es',
    ['hay cucarachas en la cocina y la estufa no prende', 'sí, el jueves en la tarde'],
    { tickets: [ticket('pest', 'routine', true), ticket('appliance', 'routine', true)], maxTurns: 2 },
    { language: 'es' },
  ),
  scenario(
    'broken window, Spanish',
    'es',
    ['se rompió la ventana de la sala', 'sí, el viernes de 9 a 12'],
    { tickets: [ticket('general', 'urgent', true)], maxTurns: 2 },
    { language: 'es' },
  ),
  scenario(
    'vague Spanish opening',
    'es',
    ['hola', 'tengo un problema', 'se tapó el inodoro', 'mañana a las 10'],
    { tickets: [ticket('plumbing', 'urgent', true)], maxTurns: 4 },
    { language: 'es' },
  ),
  scenario('Spanish resident on an English profile', 'es', ['hola, el refri no enfría', 'mañana 9-12'], {
    tickets: [ticket('appliance', 'urgent', true)],
    maxTurns: 2,
  }),
  scenario(
    'status in Spanish, visit scheduled',
    'es',
    ['¿cuándo viene el técnico?'],
    { tickets: [], tools: ['get_ticket_status'], maxTurns: 1 },
    { language: 'es', openTickets: [SCHEDULED_HEAT] },
  ),
  scenario(
    'cancel in Spanish',
    'es',
    ['ya no lo necesito, cancela por favor'],
    { tickets: [], tools: ['cancel_ticket'], maxTurns: 1 },
    { language: 'es', openTickets: [OPEN_PLUMBING] },
  ),
  scenario(
    'asks for a person in Spanish, nothing open',
    'es',
    ['quiero hablar con alguien'],
    { tickets: [], maxTurns: 1, handoff: true },
    { language: 'es' },
  ),
  scenario(
    'power out and a burning smell is an electrical emergency, Spanish',
    'es',
    ['se fue la luz en la cocina y huele a quemado'],
    { tickets: [ticket('electrical', 'emergency', false)], maxTurns: 1, emergencyKind: 'fire' },
    { language: 'es' },
  ),
  scenario(
    'cancel with two open asks which one, Spanish',
    'es',
    ['cancela mi solicitud', 'la de las cucarachas'],
    { tickets: [], tools: ['cancel_ticket'], maxTurns: 2 },
    {
      language: 'es',
      openTickets: [
        {
          code: 'C8R2',
          category: 'pest',
          severity: 'routine',
          status: 'triaged',
          description: 'Cucarachas en la cocina',
          createdAt: '2025-03-01T14:00:00.000Z',
        },
        { ...OPEN_PLUMBING, description: 'Gotea la llave del baño' },
      ],
    },
  ),
  // Numbers we do not know.
  scenario(
    'unknown number gives problem and address',
    'en',
    ['hi my sink is leaking', '450 W 23rd Street apt 5'],
    { tickets: [], maxTurns: 2, handoff: true },
    { participant: 'unknown', resident: null },
  ),
  scenario(
    'unknown number with a gas smell gets safety advice, no ticket',
    'es',
    ['huele a gas', 'Calle Juárez 123, depto 4'],
    { tickets: [], maxTurns: 2, emergencyKind: 'gas', handoff: true },
    { participant: 'unknown', resident: null, language: 'es' },
  ),
];
