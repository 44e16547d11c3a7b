// The emergency detector fires on real emergencies however they are typed (English, Spanish,
// typos, shorthand) and stays quiet on their look-alikes: slang, maintenance chirps, negations,
// past events, jokes and routine plumbing.
import { describe, expect, it } from 'vitest';
import { detectEmergency, emergencyAskedAbout, type EmergencyKind } from '../../domain/emergency.ts';
import { SAFETY } from '../../domain/emergency-safety.ts';

const FIRES: [string, EmergencyKind, string][] = [
  // Gas.
  ['I smell gas in the kitchen', 'gas', 'plumbing'],
  ['gas smel in hallway!!', 'gas', 'plumbing'],
  ['GAS LEAK apt 4', 'gas', 'plumbing'],
  ['smells like gas near the stove', 'gas', 'plumbing'],
  ['it smells like rotten eggs in here', 'gas', 'plumbing'],
  ['huele a gas en la cocina', 'gas', 'plumbing'],
  ['hay una fuga de gas', 'gas', 'plumbing'],
  ['se esta saliendo el gas', 'gas', 'plumbing'],
  ['not sure but i think i smell gas', 'gas', 'plumbing'],
  ['no se si es gas pero huele a gas fuerte', 'gas', 'plumbing'],
  // Carbon monoxide.
  ['co alarm beeping', 'carbon_monoxide', 'hvac'],
  ['CO detector going off and my head hurts', 'carbon_monoxide', 'hvac'],
  ['carbon monoxide alarm wont stop', 'carbon_monoxide', 'hvac'],
  ['la alarma de monoxido de carbono esta sonando', 'carbon_monoxide', 'hvac'],
  ['i think there is carbon monoxide in the apartment', 'carbon_monoxide', 'hvac'],
  // Fire and smoke.
  ['my heater is on fire', 'fire', 'hvac'],
  ['FIRE in the kitchen!!!', 'fire', 'general'],
  ['the dryer caught fire', 'fire', 'appliance'],
  ['theres smoke coming from the hallway', 'fire', 'general'],
  ['se esta quemando la cocina', 'fire', 'general'],
  ['hay fuego en el edificio', 'fire', 'general'],
  ['sale humo del horno', 'fire', 'appliance'],
  ['hay humo en el pasillo', 'fire', 'general'],
  ['fire alarm going off in the building', 'fire', 'general'],
  ['burning smell and I cant find where', 'fire', 'general'],
  // Electrical.
  ['outlet sparking in the bedroom', 'electrical', 'electrical'],
  ['the plug is sparkin when i plug stuff in', 'electrical', 'electrical'],
  ['burning smell from the outlet', 'electrical', 'electrical'],
  ['el enchufe echa chispas', 'electrical', 'electrical'],
  ['el contacto echa chispas', 'electrical', 'electrical'],
  ['huele a quemado el enchufe', 'electrical', 'electrical'],
  ['exposed wires hanging in the hallway', 'electrical', 'electrical'],
  ['the light switch gave me a shock', 'electrical', 'electrical'],
  ['water dripping into the light fixture', 'electrical', 'electrical'],
  // Flooding.
  ['water pouring from the ceiling!!', 'flood', 'plumbing'],
  ['pipe burst in the bathroom', 'flood', 'plumbing'],
  ['my apartment is flooding', 'flood', 'plumbing'],
  ['water everywhere in the kitchen', 'flood', 'plumbing'],
  ['se inunda el baño', 'flood', 'plumbing'],
  ['se reventó la tubería y sale mucha agua', 'flood', 'plumbing'],
  ['hay agua por todos lados', 'flood', 'plumbing'],
  ['el agua sale del techo a chorros', 'flood', 'plumbing'],
  ['el baño se está desbordando por todos lados', 'flood', 'plumbing'],
  ['toilet overflowing and wont stop, water everywhere', 'flood', 'plumbing'],
  ['flood in the basement again', 'flood', 'plumbing'],
  ["the basement floods when it rains and it's flooding again now", 'flood', 'plumbing'],
  // Sewage.
  ['sewage backing up into the tub', 'sewage', 'plumbing'],
  ['toilet is backing up into the shower', 'sewage', 'plumbing'],
  ['salen aguas negras del drenaje', 'sewage', 'plumbing'],
  // No heat in freezing weather.
  ['no heat and its freezing in here', 'no_heat_freezing', 'hvac'],
  ['heater dead, it is 45 degrees inside', 'no_heat_freezing', 'hvac'],
  ['sin calefaccion y esta helando', 'no_heat_freezing', 'hvac'],
  ['no tenemos calefaccion, hace 5 grados', 'no_heat_freezing', 'hvac'],
  // Elevator entrapment.
  ['im stuck in the elevator', 'elevator_entrapment', 'elevator'],
  ['my mom is trapped in the elevator', 'elevator_entrapment', 'elevator'],
  ['elevator stuck between floors with people inside', 'elevator_entrapment', 'elevator'],
  ['estoy atrapado en el elevador', 'elevator_entrapment', 'elevator'],
  // Lock-out with someone vulnerable inside.
  ['locked out and my baby is inside', 'lockout_vulnerable', 'locksmith'],
  ['me quede afuera y mi bebe esta adentro', 'lockout_vulnerable', 'locksmith'],
  ['my toddler locked himself in the bathroom', 'lockout_vulnerable', 'locksmith'],
  ['mi hijo se quedó encerrado en el baño', 'lockout_vulnerable', 'locksmith'],
  ['locked myself out and the stove is on', 'lockout_vulnerable', 'locksmith'],
  ['I locked myself out and my 2 year old is inside alone', 'lockout_vulnerable', 'locksmith'],
  ['locked out, my 18-month-old is in there', 'lockout_vulnerable', 'locksmith'],
  ["can't get in and my 3yo is inside", 'lockout_vulnerable', 'locksmith'],
  // Other emergencies a property manager treats as such.
  ['someone broke into my apartment', 'break_in', 'locksmith'],
  ['forzaron la puerta, entraron a robar', 'break_in', 'locksmith'],
  ['se metieron a robar a mi depto', 'break_in', 'locksmith'],
  ['part of the ceiling collapsed in the living room', 'structural', 'general'],
  ['se cayo el techo del baño', 'structural', 'general'],
];

const QUIET: string[] = [
  'the new heater is fire 🔥 thanks',
  'this AC is straight fire lol',
  "the leak won't stop",
  'kitchen sink leaking a lot',
  'fire alarm battery chirping',
  'smoke detector needs a battery',
  'the smoke alarm goes off every time I cook',
  'the smoke alarm goes off when I shower',
  'basement floods when it rains, can you check the gutters',
  'the heater smells like burning dust when it turns on',
  "it smells like smoke from the neighbor's bbq",
  'the heat is on fire mode, way too hot',
  'co detector chirping, needs new batteries',
  'I smell gas... just kidding the stove is electric',
  'last week there was a flood, now fixed',
  'hace dos semanas se inundó el baño pero ya se arregló',
  'no gas smell, just checking the stove',
  'not sparking anymore but the outlet is dead',
  "I don't smell gas anymore",
  'ya no huele a gas',
  'heater dead',
  'no heat since yesterday',
  'sin calefaccion',
  'elevator stuck on 3rd floor',
  'el elevador no funciona',
  'locked out of my apartment',
  'me quede afuera, no tengo llaves',
  'what should I do if I smell gas?',
  'the gas bill is too high',
  'the flood light outside is broken',
  'my inbox is flooded with your texts haha. anyway the bathroom fan is broken',
  "we've been flooded with calls about the parking lot",
  'my phone is flooded with notifications from the building app',
  'I locked myself out, my 2 year old is with me at the park',
  'my neighbor smokes on the balcony and it comes in',
  'sewage smell in the bathroom',
  'toilet overflowing',
  'ceiling is dripping a little',
  'water heater not working',
  'the fire escape ladder is loose',
  'my key broke in the lock',
  'spoke with the super later about the water pressure',
  'the parking lot light is out',
  'the fridge is not cold',
  'gracias, todo bien',
  '',
];

describe('detectEmergency: real emergencies', () => {
  it.each(FIRES)('%j → %s (%s)', (text, kind, trade) => {
    const match = detectEmergency(text);
    expect(match).toMatchObject({ kind, trade, severity: 'emergency' });
    expect(match?.safety.en.length).toBeGreaterThan(20);
    expect(match?.safety.es.length).toBeGreaterThan(20);
  });
});

describe('detectEmergency: look-alikes stay quiet', () => {
  it.each(QUIET)('%j → null', (text) => {
    expect(detectEmergency(text)).toBeNull();
  });
});

describe('emergencyAskedAbout: a question about an emergency, not one now', () => {
  it.each([
    ['just moved in - what should I do if I ever smell gas?', 'gas'],
    ['que hago si huele a gas?', 'gas'],
    ['what if the apartment floods?', 'flood'],
  ])('%j → %s', (text, kind) => {
    expect(detectEmergency(text)).toBeNull();
    expect(emergencyAskedAbout(text)).toMatchObject({ kind });
  });

  it.each(['I smell gas in the kitchen', 'what should I do about my leaky faucet?'])('%j → null', (text) => {
    expect(emergencyAskedAbout(text)).toBeNull();
  });
});

describe('safety advice', () => {
  it('tells the resident to leave and call 911 for gas, and not to make sparks', () => {
    const gas = detectEmergency('huele a gas')!;
    expect(gas.call911).toBe(true);
    expect(gas.safety.en).toMatch(/Leave the building now and call 911 from outside/);
    expect(gas.safety.en).toMatch(/switches/);
    expect(gas.safety.es).toMatch(/llame al 911/);
  });

  it('tells the resident to shut the water and keep away from outlets for a flood', () => {
    const flood = detectEmergency('pipe burst!')!;
    expect(flood.call911).toBe(false);
    expect(flood.safety.en).toMatch(/shut off the water/);
    expect(flood.safety.en).toMatch(/outlets/);
  });

  it('keeps every text within two SMS segments', () => {
    for (const advice of Object.values(SAFETY)) {
      expect(advice.en.length).toBeLessThanOrEqual(200);
      expect(advice.es.length).toBeLessThanOrEqual(200);
    }
  });
});
