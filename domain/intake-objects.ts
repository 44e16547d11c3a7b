// Things that belong to a trade, as the intake lexicon finds them in a prepared message (sink,
// outlet, fridge, lock…), English and Spanish. An object is a problem only with a symptom next to
// it, or on its own when the clause says nothing else (domain/intake-lexicon.ts).
import { g, HEAT_THING, label, LIFT, TOILET, type Label } from './intake-trade-rules.ts';
import type { Trade } from './trades.ts';

export interface ObjectRule {
  trade: Trade;
  pattern: RegExp;
  label: Label;
}

export const OBJECTS: ObjectRule[] = [
  {
    trade: 'plumbing',
    pattern: g('sinks?|lavabos?|lavamanos|fregadero|tarja'),
    label: label('the sink', 'el lavabo'),
  },
  {
    trade: 'plumbing',
    pattern: g('faucets?|taps?|grifos?|canillas?'),
    label: label('the faucet', 'la llave'),
  },
  { trade: 'plumbing', pattern: g(TOILET), label: label('the toilet', 'el inodoro') },
  {
    trade: 'plumbing',
    pattern: g('showers?|showerhead|regaderas?|duchas?'),
    label: label('the shower', 'la regadera'),
  },
  { trade: 'plumbing', pattern: g('tubs?|bathtubs?|tinas?|baneras?'), label: label('the tub', 'la tina') },
  {
    trade: 'plumbing',
    pattern: g('drains?|drenaje|desague|coladera'),
    label: label('the drain', 'el drenaje'),
  },
  {
    trade: 'plumbing',
    pattern: g('pipes?|plumbing|tubos?|tuberias?|canerias?|canos?'),
    label: label('the pipe', 'la tubería'),
  },
  { trade: 'plumbing', pattern: g('waterheater'), label: label('the water heater', 'el calentador de agua') },
  {
    trade: 'plumbing',
    pattern: g('water pressure|presion del agua|presion de agua'),
    label: label('the water pressure', 'la presión del agua'),
  },
  {
    trade: 'electrical',
    pattern: g('outlets?|plugs?|sockets?|enchufes?|contactos?|tomacorrientes?'),
    label: label('the outlet', 'el enchufe'),
  },
  {
    trade: 'electrical',
    pattern: g('lights?|lightbulb|light fixtures?|fixtures?|lamps?|focos?|luz|luces|lamparas?'),
    label: label('the lights', 'la luz'),
  },
  {
    trade: 'electrical',
    pattern: g('switch(?:es)?|apagador(?:es)?|interruptor(?:es)?'),
    label: label('the switch', 'el apagador'),
  },
  {
    trade: 'electrical',
    pattern: g('breakers?|fuses?|panel|pastillas?|fusibles?|wiring|wires?|electricity|electricidad|power'),
    label: label('the electrical problem', 'el problema eléctrico'),
  },
  { trade: 'hvac', pattern: g(HEAT_THING), label: label('the heat', 'la calefacción') },
  { trade: 'hvac', pattern: g('ac|cooling|aire|clima'), label: label('the AC', 'el aire acondicionado') },
  { trade: 'hvac', pattern: g('thermostat|termostato'), label: label('the thermostat', 'el termostato') },
  {
    trade: 'hvac',
    pattern: g(
      'vents?|ventilation|ventilacion|ducts?|(?<!(?:bathroom|bath|exhaust|ceiling|kitchen|bano|techo) )(?:fans?|ventilador(?:es)?|abanicos?)(?! de (?:techo|bano))',
    ),
    label: label('the vent', 'la ventilación'),
  },
  {
    // A bathroom or ceiling fan is wired in: an electrician's job, not the heating/AC tech's.
    trade: 'electrical',
    pattern: g(
      '(?:bathroom|bath|exhaust|ceiling|kitchen) fans?|extractor(?: de (?:aire|bano))?|(?:ventilador(?:es)?|abanicos?) de (?:techo|bano)',
    ),
    label: label('the fan', 'el ventilador'),
  },
  {
    trade: 'locksmith',
    pattern: g('locks?|deadbolt|cerraduras?|chapas?|cerrojo|pestillo|candado|keys?|llaves?|fob'),
    label: label('the lock', 'la cerradura'),
  },
  { trade: 'elevator', pattern: g(LIFT), label: label('the elevator', 'el elevador') },
  {
    trade: 'appliance',
    pattern: g('fridge|freezer|congelador|ice ?maker'),
    label: label('the fridge', 'el refri'),
  },
  {
    trade: 'appliance',
    pattern: g('stove|oven|range|cooktop|burners?|estufa|horno|hornillas?'),
    label: label('the stove', 'la estufa'),
  },
  { trade: 'appliance', pattern: g('dishwasher'), label: label('the dishwasher', 'el lavavajillas') },
  { trade: 'appliance', pattern: g('washer|lavadora'), label: label('the washer', 'la lavadora') },
  { trade: 'appliance', pattern: g('dryer|secadora'), label: label('the dryer', 'la secadora') },
  { trade: 'appliance', pattern: g('microwave|microondas'), label: label('the microwave', 'el microondas') },
  { trade: 'appliance', pattern: g('disposal'), label: label('the disposal', 'el triturador') },
  {
    trade: 'appliance',
    pattern: g('range hood|hood fan|campana'),
    label: label('the hood fan', 'la campana'),
  },
  { trade: 'general', pattern: g('windows?|ventanas?|vidrios?'), label: label('the window', 'la ventana') },
  {
    trade: 'general',
    // An appliance's door is the appliance's problem.
    pattern: g(
      '(?<!(?:oven|fridge|freezer|dishwasher|washer|dryer|microwave|elevator|elevators|lift) )doors?(?! (?:locks?|knobs?|handles?|deadbolts?|keys?))|puertas?(?! del? (?:horno|fridge|congelador|microondas|lavadora|secadora|dishwasher))',
    ),
    label: label('the door', 'la puerta'),
  },
  { trade: 'general', pattern: g('walls?|pared(?:es)?|drywall'), label: label('the wall', 'la pared') },
  {
    trade: 'general',
    pattern: g('baseboards?|skirting(?: boards?)?|trim|moldings?|mouldings?|zoclos?|rodapies?'),
    label: label('the baseboard', 'el zócalo'),
  },
  { trade: 'general', pattern: g('ceiling|techo|plafon'), label: label('the ceiling', 'el techo') },
  {
    trade: 'general',
    // "on the 6th floor", "top floor", "floor 3" name a storey, not the floor.
    pattern: g(
      '(?<!(?:\\d(?:st|nd|rd|th)?|first|second|third|fourth|fifth|top|ground|bottom|upper|lower|same|which|what|this|each|every|other|primer|segundo|tercer|cuarto|quinto) )(?:floors?|pisos?)(?! ?\\d)|flooring|tiles?|azulejos?|carpet|alfombra',
    ),
    label: label('the floor', 'el piso'),
  },
  {
    trade: 'general',
    pattern: g('cabinets?|gabinetes?|closet|drawers?|cajon(?:es)?|countertops?|muebles?|armario'),
    label: label('the cabinet', 'el gabinete'),
  },
  {
    trade: 'general',
    pattern: g('stairs|steps|escaleras?|railing|barandal|handrail'),
    label: label('the stairs', 'la escalera'),
  },
  {
    trade: 'general',
    // A device's screen ("thermostat screen is blank") is the device's problem, not a window screen.
    pattern: g(
      'blinds|persianas?|(?<!(?:thermostat|termostato|phone|tv|microwave|oven|stove|display|touch|computer|laptop|intercom|panel|lcd) )screens?|mosquiteros?',
    ),
    label: label('the blinds', 'las persianas'),
  },
  {
    trade: 'general',
    pattern: g('intercom|buzzer|doorbell|timbre|gate|porton|mailbox|buzon'),
    label: label('the intercom', 'el interfón'),
  },
];
