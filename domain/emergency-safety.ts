// What to tell a resident first, per kind of emergency: short, concrete, in English and Spanish,
// each well within one or two SMS segments. The advice follows what fire departments and gas
// utilities publish: get out first, call 911 from outside, do not create sparks near gas, shut the
// water only if it is safe, keep away from electricity near water.
export type EmergencyKind =
  | 'gas'
  | 'carbon_monoxide'
  | 'fire'
  | 'electrical'
  | 'flood'
  | 'sewage'
  | 'no_heat_freezing'
  | 'elevator_entrapment'
  | 'lockout_vulnerable'
  | 'break_in'
  | 'structural';

export interface SafetyAdvice {
  en: string;
  es: string;
  call911: boolean;
}

export type SafetyVariant = EmergencyKind | 'electrical_burning' | 'fire_alarm';

export const SAFETY: Record<SafetyVariant, SafetyAdvice> = {
  gas: {
    call911: true,
    en: "Leave the building now and call 911 from outside. Don't use light switches, phones or flames inside, and don't start a car nearby.",
    es: 'Salga del edificio ahora y llame al 911 desde afuera. No use interruptores, teléfonos ni fuego adentro, ni encienda un auto cerca.',
  },
  carbon_monoxide: {
    call911: true,
    en: 'Get everyone (and pets) outside into fresh air now and call 911. Stay out until responders say it is safe.',
    es: 'Salga con todos (y las mascotas) al aire libre ahora y llame al 911. No vuelva a entrar hasta que los bomberos lo digan.',
  },
  fire: {
    call911: true,
    en: 'Get out now, close doors behind you and call 911 from outside. Use the stairs, not the elevator.',
    es: 'Salga ahora, cierre las puertas al salir y llame al 911 desde afuera. Use las escaleras, no el elevador.',
  },
  fire_alarm: {
    call911: true,
    en: "Treat the alarm as real: leave by the stairs, close doors behind you and call 911 if you see smoke or fire. Don't use the elevator.",
    es: 'Tome la alarma en serio: salga por las escaleras, cierre las puertas y llame al 911 si ve humo o fuego. No use el elevador.',
  },
  electrical: {
    call911: false,
    en: "Don't touch it. If you can do it safely, switch that circuit off at the breaker panel. If you see smoke or flames, leave and call 911.",
    es: 'No lo toque. Si puede hacerlo con seguridad, apague ese circuito en el panel de breakers. Si ve humo o llamas, salga y llame al 911.',
  },
  electrical_burning: {
    call911: true,
    en: "Don't touch it. If it is safe, switch off the breaker. If there is smoke, flames or the smell grows, leave now and call 911.",
    es: 'No lo toque. Si es seguro, apague el breaker. Si hay humo, llamas o el olor aumenta, salga ahora y llame al 911.',
  },
  flood: {
    call911: false,
    en: 'If you can do it safely, shut off the water valve (under the sink or toilet, or the main). Keep away from outlets and switches near the water.',
    es: 'Si puede hacerlo con seguridad, cierre la llave de paso del agua (bajo el lavabo, el inodoro o la principal). Aléjese de enchufes cerca del agua.',
  },
  sewage: {
    call911: false,
    en: "Stop using sinks, toilets, showers and the washer until it's fixed. Keep away from the water and wash your hands well.",
    es: 'No use lavabos, inodoros, regadera ni lavadora hasta que se repare. No toque el agua y lávese bien las manos.',
  },
  no_heat_freezing: {
    call911: false,
    en: 'Dress in layers and stay in one warm room. Never heat with the oven or a grill. Keep space heaters away from anything that burns.',
    es: 'Abríguese en capas y quédese en un cuarto cálido. Nunca caliente con el horno ni con parrillas. Calentadores lejos de cosas que quemen.',
  },
  elevator_entrapment: {
    call911: true,
    en: "Stay calm and stay in the car. Press the alarm or call button and call 911 — rescuers will get you out. Don't try to climb out.",
    es: 'Mantenga la calma y quédese en el elevador. Presione el botón de alarma y llame al 911; los rescatistas le sacarán. No intente salir trepando.',
  },
  lockout_vulnerable: {
    call911: true,
    en: 'Call 911 now: they can get in fast when a child or someone vulnerable is inside alone. We are sending a locksmith too.',
    es: 'Llame al 911 ahora: pueden entrar rápido si hay un niño o alguien vulnerable solo adentro. También enviamos un cerrajero.',
  },
  break_in: {
    call911: true,
    en: "If anyone may still be inside, don't go in. Go somewhere safe and call 911. Don't touch anything until the police arrive.",
    es: 'Si alguien puede seguir adentro, no entre. Vaya a un lugar seguro y llame al 911. No toque nada hasta que llegue la policía.',
  },
  structural: {
    call911: false,
    en: "Get everyone away from that area now and don't go under it. Call 911 if anyone is hurt or more could fall.",
    es: 'Aleje a todos de esa zona ahora y no pase por debajo. Llame al 911 si alguien está herido o puede caer más.',
  },
};
