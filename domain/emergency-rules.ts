// The emergency detector's rules, as data: what each kind of emergency looks like in a prepared
// message (domain/intake-text.ts: folded, spelled, canonical tokens such as `coalarm`, `broken`,
// `lockedout`), in English and Spanish. Rules are listed most dangerous first; the detector
// reports the first one that holds. Look-alikes are excluded here, next to the rule they imitate
// (a smoke alarm chirping for a battery, "this heater is fire", "gas bill", "flood light").
import type { EmergencyKind, SafetyVariant } from './emergency-safety.ts';

export interface EmergencyRule {
  kind: EmergencyKind;
  /** Which safety text to send; defaults to the kind's own. */
  variant?: SafetyVariant;
  /** Global regex over the prepared text. */
  pattern: RegExp;
  /** The match does not count when its sentence matches this. */
  unless?: RegExp;
  /** The match counts only when the whole message also matches this. */
  requires?: RegExp | ((text: string) => boolean);
  /** A last say on one match (slang, verbs): `index` is where the match starts. */
  accept?: (text: string, index: number) => boolean;
}

const rx = (source: string) => new RegExp(source, 'g');
/** `a` then `b` with up to `gap` words between them, within one run of spaces (no punctuation). */
const near = (a: string, b: string, gap = 3) => `(?:${a})(?: [\\w-]+){0,${gap}} (?:${b})`;

const GAS_SIGN = 'smell\\w*|odou?rs?|stink\\w*|reek\\w*|whiff|fumes|leak\\w*|hiss\\w*|escap\\w*';
const LIFT = '(?:elevators?|lifts?|elevador(?:es)?|ascensor(?:es)?)';
const STUCK =
  '(?:stuck|trapped|caught|atrapad[oa]s?|encerrad[oa]s?|atorad[oa]s?|atascad[oa]s?|quedad[oa]s?|quede|quedamos)';
const PERSON =
  '(?:i|im|we|were|people|someone|somebody|a person|persons|my \\w+|a (?:kid|child|man|woman|lady|guy)|kids|gente|personas|alguien|mi \\w+|un[oa]? (?:persona|nino|nina|senor|senora)|estoy|estamos)';
// A young child named by age counts too: "my 2 year old", "my 18-month-old", "mi hijo de 3 anos".
const VULNERABLE =
  '(?:baby|babies|infant|newborn|toddler|child|children|kid|kids|son|daughter|grandson|granddaughter|little one|elderly|disabled|grandma|grandpa|grandmother|grandfather|bebe|bebes|nino|nina|ninos|ninas|hijo|hija|hijos|hijas|nieto|nieta|abuela|abuelo|anciano|anciana|discapacitad\\w*|\\d{1,2}[ -]?(?:years?|yrs?|yo|months?|mos?)[ -]?olds?|\\d{1,2} ?yo)';
const ELECTRIC_THING =
  '(?:outlets?|plugs?|sockets?|switch(?:es)?|panel|breakers?|cords?|wires?|wiring|enchufes?|contactos?|tomacorrientes?|apagador(?:es)?|cables?|extension cords?)';
const MAINTENANCE =
  /\b(?:batter\w*|bateria\w*|pilas?|chirp\w*|low batt\w*|replac\w*|install\w*|missing|expired|new one|fell|hanging|cambiar|instalar|falta|every time|whenever|when i cook|cooking|toast\w*|steam\w*|shower\w*|cada vez|cuando cocino|test\w*)\b/;
const ALARM_ACTIVE =
  /\b(?:going off|went off|goes off|sounding|ringing|blaring|nonstop|screaming|alarming|beep\w*|sonando|suena|suenan|se activo|activad[oa]|pitando|pita)\b/;
const FREEZING =
  /\b(?:freezing|frozen|froze|below (?:zero|freezing|0)|sub ?zero|negative \d+|minus \d+|(?:ice|icy) cold|snow\w*|blizzard|hypotherm\w*|bajo cero|helad[oa]s?|helando|congel\w*|muriendo de frio|morimos de frio|muero de frio|nevando|nieve)\b/;

/** A stated indoor or outdoor temperature at or below 50 °F / 10 °C. */
export function mentionsFreezing(text: string): boolean {
  if (FREEZING.test(text)) return true;
  for (const m of text.matchAll(/(-?\d{1,3}) ?(degrees?|deg|°|grados|f|c)\b/g)) {
    const value = Number(m[1]);
    const celsius = m[2] === 'grados' || m[2] === 'c';
    if (celsius ? value <= 10 : value <= 50) return true;
  }
  return false;
}

const FIRE_SLANG_BEFORE =
  /\b(?:is|was|so|lowkey|straight|pure|looks|looking|sounds|kinda|thats|its|lit|be|literally|honestly|totally|absolutely|lookin)\s*$/;
const FIRE_OTHER_SENSE_AFTER =
  /^\s*(?:escape|exit|door|extinguisher|department|dept|hydrant|drill|inspection|inspector|code|marshal|sprinkler\w*|pit|place|wood|works|fighter\w*|truck|station|lane|safety|hazard|rating|mode|the|him|her|them|you|me|us|back|away|insurance)\b/;

function fireIsLiteral(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 30), index);
  const after = text.slice(index + 4, index + 40);
  if (/\bthere (?:is|s)\s*$|\btheres\s*$/.test(before)) return true;
  return !FIRE_SLANG_BEFORE.test(before) && !FIRE_OTHER_SENSE_AFTER.test(after);
}

const FIGURATIVE_FLOOD_BEFORE =
  /\b(?:inbox|e-?mails?|mailbox|voicemail|phone|dms?|notifications?|feed|timeline|chat|messages|mind|head|market)\s+(?:is |are |was |were |got |gets |been |has been |keeps getting )*$/;
const FIGURATIVE_FLOOD_AFTER =
  /^\w+\s+with\s+(?:your |all |so many |the |these |those |tons of |lots of )*(?:texts?|messages?|e-?mails?|calls?|notifications?|spam|ads|requests?|orders?|questions?|complaints?|memories|work|mensajes|llamadas|correos)\b/;

export const EMERGENCY_RULES: EmergencyRule[] = [
  {
    kind: 'fire',
    pattern: rx(
      '\\b(?:on fire(?! mode)|caught (?:on )?fire|catching fire|in flames|flames|house fire|kitchen fire|grease fire|electrical fire|apartment fire|building fire|burning down|fuego|incendio\\w*|se incendi\\w*|en llamas|hay llamas|salen llamas|se (?:esta )?quemando (?:la|el|mi) (?:casa|cocina|cuarto|departamento|edificio|apartamento))\\b',
    ),
  },
  { kind: 'fire', pattern: rx('\\bfire\\b'), accept: fireIsLiteral },
  {
    kind: 'gas',
    pattern: rx(
      `\\b(?:${near('gas', GAS_SIGN, 2)}|${near(GAS_SIGN, '(?:natural |propane )?gas', 3)}|${near('smell\\w*|olor|huele', 'rotten eggs?|huevos? podridos?', 3)}|rotten egg smell|${near('huele\\w*|olor\\w*|apesta', '(?:a )?gas', 2)}|(?:fuga|escape|salida|olor|peste|tufo) (?:de|a) gas|gas (?:se )?(?:esta )?(?:escapando|saliendo|sale|fuga)|(?:se )?(?:esta )?(?:saliendo|escapando|sale|escapa) (?:el )?gas)\\b`,
    ),
    unless: /\bgas (?:station|bill|prices?|mileage|tank)\b|\bout of gas\b|\bgasolina\b/,
  },
  { kind: 'carbon_monoxide', pattern: rx('\\bcarbonmonoxide\\b'), unless: MAINTENANCE },
  { kind: 'carbon_monoxide', pattern: rx('\\bcoalarm\\b'), unless: MAINTENANCE },
  {
    kind: 'fire',
    variant: 'fire_alarm',
    pattern: rx('\\b(?:firealarm|smokealarm)s?\\b'),
    requires: (text) => ALARM_ACTIVE.test(text.replace(/\bbeep\w*/g, '')),
    unless: MAINTENANCE,
  },
  {
    kind: 'fire',
    pattern: rx('\\b(?:smoke|smoky|humo)\\b'),
    unless:
      /\b(?:cigarett\w*|cigar\w*|weed|marijuana|pot|vap\w*|smoking|smokes|smoker\w*|fumar|fuma\w*|cigarro\w*|mota|hookah|smoke free|smokealarm|firealarm|bbq|barbecue|grill\w*|parrilla|asador|carne asada|fireplace|chimenea|candles?|velas?|incense|incienso)\b/,
    accept: (text, index) =>
      !/\b(?:i|we|they|he|she|neighbou?rs?|someone|people|somebody)\s*$/.test(text.slice(0, index)),
  },
  {
    kind: 'electrical',
    variant: 'electrical_burning',
    pattern: rx(
      `\\b(?:${ELECTRIC_THING} (?:is |are |got |was |looks )?(?:\\w+ )?(?:melt\\w*|scorch\\w*|smoking|charred|blacken\\w*|burnt|burned|burning|derretid\\w*|quemad\\w*)|(?:burning|burnt|burned) (?:smell\\w*|odou?r)(?: \\w+){0,4} ${ELECTRIC_THING}|${near('smell\\w*|odou?r|olor|huele', '(?:burning|burnt|burned|(?:a )?quemado)', 3)}(?: \\w+){0,4} ${ELECTRIC_THING})\\b`,
    ),
  },
  {
    kind: 'fire',
    pattern: rx(
      `\\b(?:(?:burning|burnt|burned) (?:smell\\w*|odou?r)|${near('smell\\w*|odou?r|olor|huele', '(?:burning|burnt|burned|(?:a )?quemado|plastic burning|something burning)', 3)}|something (?:is )?burning)\\b`,
    ),
    // Burnt food, and the dust a heater burns off when first switched on, are not fires.
    unless: /\b(?:food|toast|popcorn|cooking|dinner|pan|comida|cocinando|dust|polvo)\b/,
  },
  {
    kind: 'electrical',
    pattern: rx(
      `\\b(?:spark(?:s|ing|ed|y)?|chispa(?:s|zo|zos)?|chispea\\w*|chisporrote\\w*|arcing|electrocut\\w*|shocked me|(?:got|get|getting|gave me|giving) (?:a |an )?(?:electric |electrical )?shock\\w*|me (?:dio|da|dieron) (?:la )?(?:corriente|toques?|descargas?|un toque|una descarga)|da toques|${ELECTRIC_THING} (?:is |are |gets |feels )?(?:very |really |super )?(?:hot|caliente)|(?:exposed|live|bare|dangling) (?:live )?(?:wires?|wiring|cables?)|(?:wires?|cables?) (?:are |is )?(?:exposed|dangling|sparking|pelados?|expuestos?|colgando)|(?:power|electric\\w*) lines? (?:is |are )?down|downed (?:power )?lines?|water(?: \\w+){0,3} (?:into|in|from|out of|through) (?:the |my |a )?(?:outlets?|light fixtures?|lights?|fixtures?|electrical panel|panel|breakers?|sockets?)|agua(?: \\w+){0,3} (?:en|del|de los|por el|por los) (?:enchufes?|contactos?|focos?|lamparas?|la lampara|el foco|el panel|breakers?))\\b`,
    ),
  },
  {
    kind: 'elevator_entrapment',
    pattern: rx(
      `\\b(?:${STUCK} (?:inside |in |on |en |dentro (?:de |del )?|adentro (?:de |del )?)(?:the |an |this |our |el |un |este |la )?${LIFT}|${near(`${LIFT}`, `(?:with|con) ${PERSON}(?: \\w+){0,2} (?:inside|in it|in there|adentro|dentro)`, 5)}|${near(`${PERSON} (?:is |are |esta |estan |got |se quedo |se quedaron )?${STUCK}`, LIFT, 3)})\\b`,
    ),
  },
  {
    kind: 'elevator_entrapment',
    pattern: rx(`\\b${LIFT}\\b`),
    requires: (text) =>
      new RegExp(`\\b(?:${STUCK}|broken)\\b`).test(text) &&
      new RegExp(
        `\\b${PERSON} (?:is |are |esta |estan |still |sigue |siguen )*(?:inside|in it|in there|adentro|dentro)\\b`,
      ).test(text),
  },
  {
    kind: 'lockout_vulnerable',
    pattern: rx(
      `\\b(?:${near(VULNERABLE, '(?:locked (?:himself |herself |themselves |itself )?(?:in|inside)|se encerro|quedo encerrad[oa]|esta encerrad[oa]|locked in)', 2)})\\b`,
    ),
  },
  {
    kind: 'lockout_vulnerable',
    pattern: rx(
      '\\b(?:lockedout|locked (?:in|inside)|cant get (?:in|inside)|no (?:puedo|podemos) entrar)\\b',
    ),
    requires: rx(
      `\\b(?:${near(VULNERABLE, '(?:inside|in there|in the (?:apt|apartment|unit|house|room|bathroom)|alone|adentro|dentro|sol[oa]s?|encerrad\\w*)', 4)}|${near('(?:inside|adentro|dentro)', VULNERABLE, 3)}|(?:stove|oven|burner|estufa|horno|bath|bathtub|tub|tina|agua) (?:is |are |still |esta |sigue )?(?:on|running|prendid[oa]|encendid[oa]|abiert[oa]|corriendo))\\b`,
    ),
  },
  {
    kind: 'flood',
    pattern: rx(
      '\\b(?:flood(?:ing|ed|s)?|inundad\\w*|inundacion\\w*|inundando|se (?:esta )?inunda\\w*|(?:water|agua) main (?:break|broken|burst)|burst (?:water ?)?(?:pipe|main)s?|(?:pipe|pipes|main|waterheater|boiler|calentador|tubo|tuberia|caneria|cano) (?:just |has |have |se )?(?:burst\\w*|exploded|split|blew|blown|exploto|revento)|(?:se )?(?:rompio|revento|reventaron|rompieron|exploto)(?: \\w+){0,2} (?:tubo|tuberia|caneria|cano|pipa|tubos|tuberias)|(?:water|agua) (?:is |are |just )?(?:pouring|gushing|spraying|streaming|rushing|shooting|spewing|coming in|everywhere|all over)|(?:pouring|gushing|spraying|streaming|rushing)(?: \\w+){0,2} water|water(?: \\w+){0,2} (?:coming|pouring|falling) (?:out of|through|from|down from|in from) (?:the |my )?(?:ceiling|roof|walls?|light\\w*)|(?:ceiling|roof) (?:is )?(?:pouring|gushing)|(?:sale|salen|cae|caen|entra|brota)n? (?:mucha agua|un chorro(?: de agua)?|chorros de agua)|agua por todos lados|agua por todas partes|todo (?:esta )?lleno de agua|agua(?: \\w+){0,4} a chorros|a chorros)\\b',
    ),
    unless: /\b(?:flood ?lights?|flood (?:insurance|zone|warning|watch))\b/,
    // "my inbox is flooded with texts", "flooded with calls": a figure of speech, not water.
    accept: (text, index) =>
      !FIGURATIVE_FLOOD_BEFORE.test(text.slice(Math.max(0, index - 40), index)) &&
      !FIGURATIVE_FLOOD_AFTER.test(text.slice(index, index + 60)),
  },
  {
    kind: 'flood',
    pattern: rx(
      '\\b(?:toilet|inodoro|tub|bathtub|sink|tina|waterheater|bano)s? (?:is |keeps |are |se esta |se )?(?:overflow\\w*|desbord\\w*)',
    ),
    requires:
      /\b(?:nonstop|everywhere|all over|flooding|por todos lados|todo el piso|whole floor|hallway|downstairs|neighbou?r)\b/,
  },
  {
    kind: 'sewage',
    pattern: rx(
      '\\b(?:raw sewage|sewage(?: (?!smell|odou?r|stink)\\w+){0,2} (?:backup|backing up|backed up|coming (?:up|out|in)|overflow\\w*|everywhere|all over|in (?:the|my) (?:tub|bathtub|shower|sink|floor|basement|bathroom|kitchen)|on (?:the|my) floor)|sewer (?:is |line )?(?:back(?:ing|ed)? up|backup|overflow\\w*)|(?:sewage|sewer) backup|(?:toilet|drain|tub|bathtub|shower|sink|floor drain)s? (?:is |are )?back(?:ing|ed)? up (?:into|in|through) (?:the |my )?(?:tub|bathtub|shower|sink|floor|bathroom|basement|kitchen)|(?:poop|feces|poo|caca|excremento|heces)(?: \\w+){0,3} (?:coming|comes|came|sale|salen|saliendo|brota|flot\\w*|en el piso|en la tina|en la regadera|on the floor|in the tub|in the shower)|aguas (?:negras|residuales)|(?:drenaje|cano|caneria)s? (?:se )?(?:regres\\w*|desbord\\w*|brot\\w*|devuelv\\w*)|se (?:regresa|regresan|devuelve|desborda)(?: \\w+){0,2} (?:el |la |las )?(?:drenaje|cano|caneria|aguas negras))\\b',
    ),
  },
  {
    kind: 'structural',
    pattern: rx(
      '\\b(?:(?:ceiling|roof|wall|floor|balcony|stairs?|staircase|porch|deck) (?:has |just |is |started )?(?:collaps\\w*|caved in|caving in|fell (?:in|down)|falling (?:in|down)|came down|coming down|gave way|giving way)|(?:ceiling|roof) fell|(?:se )?(?:cayo|cae|cayendo|esta cayendo|derrumb\\w*|vino abajo|hundi\\w*)(?: \\w+){0,2} (?:el |la |parte del? )?(?:techo|plafon|pared|piso|balcon|escaleras?)|(?:el |la )?(?:techo|plafon|pared|balcon|escaleras?) (?:se )?(?:cayo|cae|esta cayendo|derrumb\\w*|vino abajo|hundi\\w*))\\b',
    ),
  },
  {
    kind: 'break_in',
    pattern: rx(
      '\\b(?:breakin|burglar\\w*|intruders?|broke into|broken into|(?:someone|somebody|they|people|thieves?|burglars?|a (?:guy|man|woman)) (?:just )?broke in|robbed|(?:kicked|forced|pried|busted) (?:in |open )?(?:my |the |our )?(?:door|window|lock)|(?:door|window|lock) (?:was |got )?(?:kicked in|forced|pried)|someone (?:is )?(?:in|inside) my (?:apt|apartment|unit|house|home|place)|entraron a robar|se metieron a (?:robar|mi \\w+)|alguien se metio|(?:me|nos) robaron|(?:forzaron|rompieron|patearon|botaron) (?:la |mi )?(?:puerta|chapa|cerradura|ventana)|(?:alguien|un hombre|una persona) (?:metido )?(?:en|dentro de) mi (?:casa|departamento|depto|apartamento)|intrus[oa]s?|ladron\\w*)\\b',
    ),
  },
  {
    kind: 'no_heat_freezing',
    pattern: rx(
      '\\b(?:no heat\\w*|no heating|without heat|(?:dont|doesnt|havent|hasnt|didnt) (?:have|had|got|get|gotten) (?:any )?(?:heat|heating)|(?:heat|heater|heating|furnace|radiators?|calefaccion|calefactor|calentador|radiador(?:es)?) (?:is |are |has |went |just |seems )?(?:broken|off|cold|not on)|broken (?:heat|heater|heating|furnace|calefaccion)|sin calefaccion|no (?:hay|tengo|tenemos) calefaccion|calefaccion broken|no (?:sale|hay) (?:aire )?caliente|heat (?:isnt|wont) (?:come|coming|turn) on)\\b',
    ),
    requires: mentionsFreezing,
  },
];
