// What maintenance problems look like in a prepared message (domain/intake-text.ts), English and
// Spanish, as three kinds of evidence the lexicon combines clause by clause:
// - PROBLEMS: a complete problem in one phrase, with its own severity ("no hot water" is urgent,
//   "toilet clogged" is urgent, "cucarachas" is routine);
// - OBJECTS (domain/intake-objects.ts): things that belong to a trade (sink, outlet, fridge, lock)
//   — a problem only together with a symptom, or on their own when nothing else was said;
// - SYMPTOMS: what is wrong (leaking, clogged, broken, noisy), attached to an object of the same
//   clause; a leak or a clog with no object is plumbing.
import type { Severity, Trade } from './trades.ts';

export interface Label {
  en: string;
  es: string;
}

export interface ProblemRule {
  trade: Trade;
  severity: Severity;
  pattern: RegExp;
  /** The match does not count when its clause matches this. */
  unless?: RegExp;
  label: Label;
  confidence?: number;
  /** Needs someone now, whatever the resident's schedule (a lock-out): no window to ask for. */
  immediate?: boolean;
}

export interface SymptomRule {
  pattern: RegExp;
  /** Trades whose objects this symptom can apply to (all when absent). */
  appliesTo?: readonly Trade[];
  /** The trade when the clause names no object (null: the symptom alone says nothing). */
  alone: Trade | null;
  label?: Label;
}

export const g = (source: string) => new RegExp(`\\b(?:${source})\\b`, 'g');
export const label = (en: string, es: string): Label => ({ en, es });

export const LIFT = 'elevators?|lifts?|elevador(?:es)?|ascensor(?:es)?';
export const TOILET = 'toilets?|inodoros?|excusados?|escusados?|wc|sanitarios?|taza(?: del bano)?';
export const HEAT_THING =
  'heat|heater|heating|furnace|boiler|radiators?|calefaccion|calefactor|calentador|radiador(?:es)?';
const DEVICE_DOOR =
  /\b(?:closet|cabinet|fridge|freezer|oven|dishwasher|washer|dryer|microwave|shower|garage|ropero|gabinete|horno|mueble|cajon|armario|car)\b/;
const PESTS: [string, string, string][] = [
  ['roach\\w*|cockroach\\w*|cucaracha\\w*', 'roaches', 'las cucarachas'],
  ['mice|mouse|rats?|raton\\w*|ratas?|rodent\\w*|roedor\\w*', 'mice', 'los ratones'],
  ['ants?|hormigas?', 'ants', 'las hormigas'],
  ['termites?|termitas?|comejen', 'termites', 'las termitas'],
  ['wasps?|avispas?|hornets?|bees|abejas?|avispero|panal', 'the nest', 'el nido'],
  [
    'fleas?|pulgas?|spiders?|aranas?|silverfish|moscas|flies|mosquitos?|bugs|insects?|bichos?|plagas?|pests?',
    'pests',
    'la plaga',
  ],
  ['squirrels?|raccoons?|pigeons?|palomas?|murcielagos?|bats in', 'animals', 'los animales'],
];

export const PROBLEMS: ProblemRule[] = [
  // Plumbing.
  {
    trade: 'plumbing',
    severity: 'urgent',
    pattern: g(
      'no (?:running )?water|no hay agua|sin agua|no (?:tengo|tenemos) agua|no (?:sale|cae) agua|water (?:is |got |was )?(?:off|shut off|cut off)|(?:cortaron|quitaron) el agua',
    ),
    label: label('no water', 'la falta de agua'),
  },
  {
    trade: 'plumbing',
    severity: 'urgent',
    pattern: g(
      'no hotwater|no (?:heat|heating|calefaccion) (?:or|nor|and|ni|y|o) hotwater|without hotwater|(?:dont|doesnt|havent|hasnt) (?:have|had|got|get) (?:any )?hotwater|hotwater (?:is |went |has )?(?:broken|off|gone|cold|out)|sin hotwater|no (?:hay|tengo|tenemos|sale) hotwater|waterheater (?:is |went )?broken|broken waterheater|(?:only|just) cold water|(?:water|shower|hotwater) (?:is |keeps |always |only |runs |comes out |stays )*(?:cold|freezing|ice cold|fria|helada)|(?:solo|nomas) (?:sale )?agua fria|el agua (?:sale |esta )?fria|no calienta el agua',
    ),
    label: label('no hot water', 'la falta de agua caliente'),
  },
  {
    trade: 'plumbing',
    severity: 'urgent',
    pattern: g(
      `(?:${TOILET}|bano)(?: \\w+){0,3} (?:clogged|broken|overflow\\w*|wont flush|doesnt flush|not flushing|backed up|tapad[oa]|se tapo|atascad[oa]|atorad[oa]|desbord\\w*|no baja|no jala)|(?:clogged|broken|tapad[oa]|se tapo|tapo|se atoro|se atasco) (?:\\w+ )?(?:${TOILET})`,
    ),
    label: label('the toilet', 'el inodoro'),
  },
  {
    trade: 'plumbing',
    severity: 'routine',
    pattern: g(`(?:${TOILET})(?: \\w+){0,2} (?:running|keeps running|nonstop|corre|sigue corriendo)`),
    label: label('the running toilet', 'el inodoro'),
  },
  {
    trade: 'plumbing',
    severity: 'urgent',
    pattern: g('frozen pipes?|pipes? (?:are |is |got )?frozen|(?:tuberias?|tubos?) congelad\\w*'),
    label: label('the frozen pipes', 'las tuberías congeladas'),
  },
  {
    trade: 'plumbing',
    severity: 'urgent',
    pattern: g(
      '(?:ceiling|roof|techo|plafon) (?:is |keeps )?(?:leak\\w*|drip\\w*|gotea\\w*)|(?:leak\\w*|drip\\w*|water|agua|gotea\\w*|cae agua)(?: \\w+){0,3} (?:from|through|in|into|del|de el|por el|en el) (?:the |my |el )?(?:ceiling|roof|techo|plafon)|gotera\\w*',
    ),
    label: label('the ceiling leak', 'la gotera'),
  },
  {
    trade: 'plumbing',
    severity: 'urgent',
    pattern: g(
      '(?:sewage|sewer|drenaje|cano|caneria) (?:smell\\w*|odou?r|olor)|(?:smell\\w*|olor|huele|stinks?)(?: \\w+){0,2} (?:sewage|sewer|drenaje|cano|caneria|caca)',
    ),
    label: label('the sewer smell', 'el olor a drenaje'),
  },
  // Electrical.
  {
    trade: 'electrical',
    severity: 'urgent',
    pattern: g(
      'no power|no electricity|power (?:is |went )?(?:off|broken)|(?:lost|lose|losing) power|power outage|blackout|apagon|sin luz|no hay luz|se fue la luz|no (?:tenemos|tengo) luz|sin electricidad|no hay electricidad|sin corriente|no hay corriente',
    ),
    label: label('the power outage', 'el corte de luz'),
  },
  {
    trade: 'electrical',
    severity: 'routine',
    pattern: g(
      '(?:breakers?|fuses?|pastillas?|fusibles?)(?: \\w+){0,2} (?:trip\\w*|blow\\w*|blew|blown|se bota\\w*|se baja\\w*|se cae\\w*)',
    ),
    label: label('the breaker', 'el breaker'),
  },
  // Heating and cooling.
  {
    trade: 'hvac',
    severity: 'urgent',
    pattern: g(
      `no heat\\w*|no heating|without heat|(?:dont|doesnt|havent|hasnt|didnt) (?:have|had|got|get|gotten) (?:any )?(?:heat|heating)|(?:${HEAT_THING})(?: \\w+){0,2} (?:broken|off|cold|not on|not heating|no calienta|blowing cold)|broken (?:${HEAT_THING})|sin calefaccion|no (?:hay|tengo|tenemos|sirve la|funciona la) calefaccion|no (?:sale|hay) (?:aire )?caliente|heat (?:isnt|wont|doesnt) (?:come|coming|turn|work)\\w*|(?:apartment|apt|house|place|unit|it|its|room) (?:is )?(?:so |very |really |super )?(?:cold|freezing)|hace (?:mucho )?frio|esta (?:muy )?helando`,
    ),
    unless: /\b(?:fridge|freezer|congelador)\b/,
    label: label('the heat', 'la calefacción'),
  },
  {
    trade: 'hvac',
    severity: 'routine',
    pattern: g(
      '(?:ac|aire|cooling|clima)(?: \\w+){0,3} (?:broken|not cold|not cooling|blowing (?:hot|warm)|no enfria|leak\\w*|no sirve)|broken (?:ac|aire)|no (?:ac|aire)|(?:not|isnt) cooling|no enfria|sin (?:ac|aire)|no sale aire frio',
    ),
    unless: /\b(?:fridge|freezer|congelador)\b/,
    label: label('the AC', 'el aire acondicionado'),
  },
  // Locks and doors.
  {
    trade: 'locksmith',
    severity: 'urgent',
    pattern: g('lockedout'),
    label: label('the lock-out', 'quedarse afuera'),
    confidence: 0.95,
    immediate: true,
  },
  {
    trade: 'locksmith',
    severity: 'urgent',
    pattern: g(
      '(?:door|puerta)(?: \\w+){0,2} (?:wont|doesnt|cant|no|will not|does not) (?:lock|close|shut|cierra|cerrar|se cierra|tiene seguro|asegura)|(?:cant|cannot|unable to|no puedo|no podemos) (?:lock|close|cerrar)(?: \\w+){0,2} (?:door|puerta)|(?:lock|locks|cerradura|chapa|deadbolt|cerrojo)(?: \\w+){0,2} (?:broken|stuck|jammed|atorad\\w*|atascad\\w*)|broken (?:lock|deadbolt)|(?:key|llave)(?: \\w+){0,2} (?:stuck|broken|snapped|se atoro|se atasco|se quebro)|(?:cant|cannot|no puedo|no podemos) (?:open|abrir)(?: \\w+){0,2} (?:door|puerta)|door (?:is )?(?:jammed|stuck)',
    ),
    unless: DEVICE_DOOR,
    label: label('the door lock', 'la cerradura'),
  },
  {
    trade: 'locksmith',
    severity: 'routine',
    pattern: g(
      '(?:lost|lose|misplaced|perdi|perdio|se me perdio|se me perdieron)(?: \\w+){0,2} (?:keys?|llaves?|fob)',
    ),
    label: label('the lost key', 'la llave perdida'),
  },
  // Elevator.
  {
    trade: 'elevator',
    severity: 'urgent',
    pattern: g(
      `(?:${LIFT})(?: \\w+){0,3} (?:broken|stuck|not moving|wont move|atorad\\w*|atascad\\w*|parad\\w*|no (?:sube|baja|abre))|broken (?:${LIFT})|(?:${LIFT}) (?:is |are )?(?:down|out)`,
    ),
    label: label('the elevator', 'el elevador'),
  },
  // Appliances.
  {
    trade: 'appliance',
    severity: 'urgent',
    pattern: g(
      'fridge(?: \\w+){0,3} (?:not cold|not cooling|isnt cold|warm|broken|no enfria|no congela|not freezing|leak\\w*)|no enfria (?:el |la )?fridge|freezer(?: \\w+){0,2} (?:not freezing|not cold|broken|warm)|(?:food|comida) (?:is )?(?:spoil\\w*|going bad|se (?:echa|pudre|descompone))',
    ),
    label: label('the fridge', 'el refri'),
  },
  // Pests: naming them is the problem; so is hearing or finding signs of them.
  {
    trade: 'pest',
    severity: 'routine',
    pattern: g(
      'droppings|scratching (?:in|inside|behind|from) (?:the |my )?(?:walls?|ceiling|attic)|scurrying|gnaw\\w*|chewed (?:through|up)|rasgun\\w* en (?:la |las )?(?:pared|paredes|techo)|excremento\\w* de (?:raton|ratones|rata)',
    ),
    label: label('the pests', 'la plaga'),
    confidence: 0.8,
  },
  // Pests: naming them is the problem.
  {
    trade: 'pest',
    severity: 'urgent',
    pattern: g('bedbugs|chinches?'),
    label: label('the bedbugs', 'las chinches'),
  },
  ...PESTS.map(([source, en, es]): ProblemRule => ({
    trade: 'pest',
    severity: 'routine',
    pattern: g(source),
    label: label(en, es),
    confidence: 0.85,
  })),
  // General repairs.
  {
    trade: 'general',
    severity: 'urgent',
    pattern: g(
      '(?:windows?|ventanas?|vidrios?|glass)(?: \\w+){0,2} (?:broken|shattered|smashed|quebrad\\w*|estrellad\\w*)|(?:broken|shattered|smashed)(?: \\w+)? (?:windows?|glass|ventanas?|vidrios?)',
    ),
    label: label('the window', 'la ventana'),
  },
  {
    trade: 'general',
    severity: 'routine',
    pattern: g('mold\\w*|mildew|moho|hongos'),
    label: label('the mold', 'el moho'),
    confidence: 0.85,
  },
  {
    trade: 'general',
    severity: 'routine',
    pattern: g('smokealarm|firealarm|coalarm'),
    // A scheduled test or drill is building news, not a repair.
    unless:
      /\b(?:tests?|testing|drills?|inspections?|notices?|scheduled|simulacro\w*|prueba\w*|inspeccion\w*|aviso)\b/,
    label: label('the smoke detector', 'el detector de humo'),
    confidence: 0.85,
  },
];

export const SYMPTOMS: SymptomRule[] = [
  {
    pattern: g(
      'leak\\w*|drip\\w*|gotea\\w*|goteo|escurre\\w*|fuga(?! de gas)|tira agua|sale agua|salen agua|se sale el agua',
    ),
    appliesTo: ['plumbing', 'appliance', 'hvac', 'general'],
    alone: 'plumbing',
    label: label('the leak', 'la fuga'),
  },
  {
    pattern: g(
      'clogged|stopped up|backed up|backing up|wont drain|doesnt drain|not draining|slow(?:ly)? drain\\w*|drain\\w* slow\\w*|tapad[oa]s?|se tapo|atascad[oa]s?|no baja|no drena|no se va el agua|wont flush|doesnt flush|not flushing',
    ),
    appliesTo: ['plumbing', 'appliance'],
    alone: 'plumbing',
    label: label('the clog', 'el tapón'),
  },
  {
    pattern: g(
      'broken|noise\\w*|noisy|loud|ruido\\w*|banging|rattl\\w*|humming|buzzing|squeak\\w*|smells?|smelly|stinks?|olor|huele|(?:wont|doesnt|dont|cant|not) (?:turn on|start|close|open|lock|shut|light|heat|cool|spin|dry|work|turning on|starting|closing|opening|heating|cooling|cold|hot|spinning|lighting)|no (?:enfria|calienta|cierra|abre|prende|enciende|centrifuga|seca|lava)|stuck|loose|suelt[oa]s?|cracked|crack|holes?|fell|falling|se cayo|se cae|flicker\\w*|stick(?:ing|s|y)|barely (?:turns?|works?|opens?|closes?)|hard to (?:turn|open|close|lock)|warp\\w*|buckl\\w*|swollen|swell\\w*|rott\\w*|rotted|grind\\w*|scrap\\w*|screech\\w*|dented|torn|ripped|hinchad[oa]s?|podrid[oa]s?|parpade\\w*|titila\\w*|trip\\w*|blown|overflow\\w*|desbord\\w*|running|warm|caliente|rusty|oxidad[oa]|burnt out|fundid[oa]s?|damaged|peeling|atorad[oa]s?|jammed',
    ),
    alone: null,
  },
];

/** Words that make a routine leak, clog or breakdown urgent: it is big or getting worse. */
export const INTENSIFIER =
  /\b(?:nonstop|a lot|lots of water|so much water|mucha agua|everywhere|getting worse|worse|empeora\w*|all night|toda la noche|really bad|muy mal|big leak|huge|bad leak)\b/;

/** Heat that makes a broken AC urgent. */
export const HEAT_WAVE =
  /\b(?:heat ?wave|too hot|so hot|really hot|very hot|extremely hot|burning up|(?:9\d|1\d\d) degrees|hace (?:mucho )?calor|mucho calor|calor extremo|ola de calor|asando|muriendo de calor)\b/;

/** Praise, not a complaint: an object named in it ("the new heater is great") is not a problem. */
export const PRAISE =
  /\b(?:thanks|thank you|gracias|great|awesome|perfect|love|amazing|works|working|fire|lit|funciona bien|perfecto|excelente|genial)\b/;
