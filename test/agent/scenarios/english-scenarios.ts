// English resident conversations: routine and urgent intake, typos, vague openings, several
// problems at once, unit and availability answers in any order, status, cancel, a person, and
// emergencies (the engine's guardrail tickets them before the model).
import { OPEN_PLUMBING, scenario, ticket, type ResidentScenario } from './scenario-types.ts';

export const ENGLISH_SCENARIOS: ResidentScenario[] = [
  // Routine and urgent intake, English.
  scenario(
    'leak, unit and window in the second message',
    'en',
    ['my kitchen sink is leakin', 'yes, tomorrow 9-12'],
    { tickets: [ticket('plumbing', 'routine', true)], maxTurns: 2 },
  ),
  scenario('vague hello first', 'en', ['hi', 'the toilet is clogged', 'tomorrow morning'], {
    tickets: [ticket('plumbing', 'urgent', true)],
    maxTurns: 3,
  }),
  scenario(
    'everything in one message',
    'en',
    ["Unit 101: no hot water since yesterday. I'm home tomorrow after 5"],
    { tickets: [ticket('plumbing', 'urgent', true)], maxTurns: 1 },
  ),
  scenario('AC broke, unit first, then any time', 'en', ['AC broke', 'yep', 'any time'], {
    tickets: [ticket('hvac', 'routine', false)],
    maxTurns: 3,
  }),
  scenario('heater dead is urgent, not an emergency', 'en', ['heater dead', 'yes. today after 3'], {
    tickets: [ticket('hvac', 'urgent', true)],
    maxTurns: 2,
  }),
  scenario(
    'a leak that will not stop is urgent plumbing, not a flood',
    'en',
    ["the leak under my sink won't stop", 'yes', 'tomorrow 8-10am'],
    { tickets: [ticket('plumbing', 'urgent', true)], maxTurns: 3 },
  ),
  scenario(
    'smoke detector battery is routine',
    'en',
    ['smoke detector needs a battery', 'sure, any time tomorrow'],
    { tickets: [ticket('general', 'routine', true)], maxTurns: 2 },
  ),
  scenario(
    'a past flood is not an emergency; the mold it left is a ticket',
    'en',
    ["last week there was a flood, now fixed, but there's mold on the wall now", 'yes friday morning'],
    { tickets: [ticket('general', 'routine', true)], maxTurns: 2 },
  ),
  scenario('typos and shorthand', 'en', ['no hot watr in apt 101 pls', 'tmrw aftn'], {
    tickets: [ticket('plumbing', 'urgent', true)],
    maxTurns: 2,
  }),
  scenario(
    'availability before the problem',
    'en',
    ["hi, I'm home tomorrow morning", "the dishwasher won't drain"],
    { tickets: [ticket('appliance', 'routine', true)], maxTurns: 2 },
  ),
  scenario(
    'changes their mind about what is leaking',
    'en',
    [
      'the kitchen sink is leaking',
      "actually sorry, it's the dishwasher leaking not the sink",
      'yes tomorrow 10-12',
    ],
    { tickets: [ticket('appliance', 'routine', true)], maxTurns: 3 },
  ),
  scenario(
    'problem in another unit',
    'en',
    ["the toilet in 4B is clogged, that's my mom's unit", 'any time'],
    { tickets: [ticket('plumbing', 'urgent', false)], maxTurns: 2 },
  ),
  scenario('not their unit: a common area', 'en', ['sink leaking', "no, it's the laundry room"], {
    tickets: [ticket('plumbing', 'routine', false)],
    maxTurns: 2,
  }),
  scenario('the elevator needs no unit and no window', 'en', ['the elevator is broken again'], {
    tickets: [ticket('elevator', 'urgent', false)],
    maxTurns: 1,
  }),
  scenario('locked out: unit only, no window', 'en', ['locked out of my apartment', 'yes'], {
    tickets: [ticket('locksmith', 'urgent', false)],
    maxTurns: 2,
  }),
  scenario('no power is urgent electrical', 'en', ['no power in my apartment', 'yes, asap'], {
    tickets: [ticket('electrical', 'urgent', false)],
    maxTurns: 2,
  }),
  scenario('bed bugs', 'en', ['I think we have bed bugs', 'yes, monday morning'], {
    tickets: [ticket('pest', 'urgent', true)],
    maxTurns: 2,
  }),
  scenario(
    'two problems in one message open two tickets',
    'en',
    ['my sink is leaking and the fridge is warm', 'yes, tomorrow 1-4pm'],
    { tickets: [ticket('appliance', 'urgent', true), ticket('plumbing', 'routine', true)], maxTurns: 2 },
  ),
  scenario(
    'description the lexicon cannot place: asks the trade',
    'en',
    ['hi', 'there is a weird humming noise in my place', 'electrical i think', 'yes, tomorrow 9-11'],
    { tickets: [ticket('electrical', 'routine', true)], maxTurns: 4 },
  ),
  scenario(
    'never answers the window: ticket opened anyway after two asks',
    'en',
    ['toilet is running', 'yes', 'dunno'],
    { tickets: [ticket('plumbing', 'routine', false)], maxTurns: 3 },
  ),
  scenario('thanks after the ticket', 'en', ['toilet clogged', 'yes, today after 4', 'thanks!'], {
    tickets: [ticket('plumbing', 'urgent', true)],
    maxTurns: 2,
  }),
  scenario(
    'a new problem while another ticket is open',
    'en',
    ["also the bedroom light doesn't work", 'yes, friday after 5'],
    { tickets: [ticket('electrical', 'routine', true)], maxTurns: 2 },
    { openTickets: [OPEN_PLUMBING] },
  ),
  scenario('goes in circles without a problem: hand-off', 'en', ['hello', 'hmm', 'idk'], {
    tickets: [],
    maxTurns: 3,
    handoff: true,
  }),
  scenario('praise is not a problem', 'en', ['the new heater is fire 🔥 thanks'], {
    tickets: [],
    maxTurns: 1,
  }),
  // Status, cancel, a person.
  scenario(
    'status of the open ticket',
    'en',
    ['any update?'],
    { tickets: [], tools: ['get_ticket_status'], maxTurns: 1 },
    { openTickets: [OPEN_PLUMBING] },
  ),
  scenario(
    'still leaking is a status question about the open ticket',
    'en',
    ['the sink is still leaking'],
    { tickets: [], tools: ['get_ticket_status'], maxTurns: 1 },
    { openTickets: [OPEN_PLUMBING] },
  ),
  scenario('status with nothing open', 'en', ['any update?'], { tickets: [], maxTurns: 1 }),
  scenario(
    'cancel the open ticket',
    'en',
    ['cancel my request'],
    { tickets: [], tools: ['cancel_ticket'], maxTurns: 1 },
    { openTickets: [OPEN_PLUMBING] },
  ),
  scenario('cancel with nothing open', 'en', ['cancel my request'], { tickets: [], maxTurns: 1 }),
  // The third message would complete the intake had it not been dropped.
  scenario(
    'never mind during intake',
    'en',
    ['my fridge is not cold', "never mind, it's cooling again", 'yes, tomorrow 9-12'],
    { tickets: [], maxTurns: 3 },
  ),
  scenario(
    'asks for a person with a ticket open: escalation',
    'en',
    ['can I talk to a real person?'],
    { tickets: [], tools: ['escalate_ticket'], maxTurns: 1, handoff: true },
    { openTickets: [OPEN_PLUMBING] },
  ),
  // Emergencies, English.
  scenario('gas smell', 'en', ['I smell gas in the kitchen!!'], {
    tickets: [ticket('plumbing', 'emergency', false)],
    maxTurns: 1,
    emergencyKind: 'gas',
  }),
  scenario('gas smell typed fast', 'en', ['gas smel in hallway, what do i do'], {
    tickets: [ticket('plumbing', 'emergency', false)],
    maxTurns: 1,
    emergencyKind: 'gas',
  }),
  scenario('CO alarm', 'en', ['co alarm beeping and my head hurts', 'ok we are outside'], {
    tickets: [ticket('hvac', 'emergency', false)],
    maxTurns: 1,
    emergencyKind: 'carbon_monoxide',
  }),
  scenario('sparking outlet', 'en', ['outlet in bedroom is sparking', 'ok thanks'], {
    tickets: [ticket('electrical', 'emergency', false)],
    maxTurns: 1,
    emergencyKind: 'electrical',
  }),
  scenario('no heat in freezing weather', 'en', ["no heat and it's freezing in here, 40 degrees"], {
    tickets: [ticket('hvac', 'emergency', false)],
    maxTurns: 1,
    emergencyKind: 'no_heat_freezing',
  }),
  scenario(
    'child trapped in the elevator',
    'en',
    ['my son is stuck in the elevator between floors 3 and 4'],
    { tickets: [ticket('elevator', 'emergency', false)], maxTurns: 1, emergencyKind: 'elevator_entrapment' },
  ),
  scenario('locked out with a baby inside', 'en', ['locked out and my baby is inside!!'], {
    tickets: [ticket('locksmith', 'emergency', false)],
    maxTurns: 1,
    emergencyKind: 'lockout_vulnerable',
  }),
  scenario('break-in', 'en', ['someone broke into my apartment, the door is kicked in'], {
    tickets: [ticket('locksmith', 'emergency', false)],
    maxTurns: 1,
    emergencyKind: 'break_in',
  }),
  scenario(
    'flood, then follow-up and status',
    'en',
    ['water pouring through the ceiling!', 'ok I shut the valve', 'any update?'],
    {
      tickets: [ticket('plumbing', 'emergency', false)],
      tools: ['create_ticket', 'get_ticket_status'],
      maxTurns: 1,
      emergencyKind: 'flood',
    },
  ),
  scenario(
    'emergency plus a second problem in the same message',
    'en',
    ['pipe burst in the bathroom, also the fridge is warm', 'ok', 'tomorrow morning'],
    {
      tickets: [ticket('plumbing', 'emergency', false), ticket('appliance', 'urgent', true)],
      maxTurns: 1,
      emergencyKind: 'flood',
    },
  ),
];
