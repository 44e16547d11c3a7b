// Which language a resident wrote in: English or Spanish, from common words (and accents or
// inverted marks, which only Spanish uses here). Short answers ("ok", "101", "yes") carry little
// signal, so callers pass the language they already know as the fallback for a tie.
import { foldText, wordsOf } from './intake-text.ts';

const ES_WORDS = new Set(
  `el la los las de del que en y por para con mi mis se es esta estan hay muy pero como cuando donde
  agua bano cocina puerta hola gracias ayuda necesito tengo tiene tienen sin luz fuga huele manana hoy
  tarde noche semana ya si usted ustedes favor buenas buenos dias alguien quiero puede pueden viene
  vienen tecnico arreglar cuarto departamento depto unidad calefaccion estufa refri cucarachas lavabo
  inodoro regadera techo piso ventana llave llaves cerradura tambien ahora algo nada todo todos nadie
  otra otro sus su le lo al una un uno unos unas este esto eso esa ese cual quien porque pues entonces
  funciona sirve roto rota tapado tapada gotea calentador despues antes lunes martes miercoles jueves
  viernes sabado domingo cancela cancelar hablar persona novedad novedades cuanto estoy afuera adentro
  quede quedo abre cierra prende enciende enfria calienta sale entra inunda apesta plaga chinches
  ratones hormigas arreglen vengan venir humo fuego incendio elevador ascensor atrapado perdi olvide
  pared moho humedad ruido horno lavadora secadora microondas basura pasillo edificio casa aqui mucho
  mucha poco bien mal nuevo otra vez hace tambien necesitamos favor ayer semana tecnico plomero`.split(/\s+/),
);
const EN_WORDS = new Set(
  `the an is are was my i it and to in of not have has with please thanks thank hi hello hey help water
  leak leaking kitchen bathroom sink toilet door can you your we our this that there what when where
  who how any anyone someone update come coming today tomorrow morning afternoon evening night yes
  yeah sorry its im dont cant wont fridge heat heater broken working work fix need get got just still
  also but or so if on at for from by be will would could should after before home here apartment unit
  cancel talk person thing stuff again right now stuck out locked smell broke leaks clogged running
  light lights power window ceiling floor wall roaches mice bugs ants outlet stove oven washer dryer
  please thanks tonight week weekend whenever anytime asap soon hey someone something working`.split(/\s+/),
);

export interface LanguageScores {
  en: number;
  es: number;
}

export function languageScores(text: string): LanguageScores {
  const scores = { en: 0, es: 0 };
  if (/[ñ¿¡áéíóú]/i.test(text)) scores.es += 2;
  for (const word of wordsOf(foldText(text))) {
    if (ES_WORDS.has(word)) scores.es += 1;
    if (EN_WORDS.has(word)) scores.en += 1;
  }
  return scores;
}

/** 'en' or 'es'; `fallback` when the text gives no more evidence for one than the other. */
export function detectLanguage(text: string, fallback: 'en' | 'es' = 'en'): 'en' | 'es' {
  const { en, es } = languageScores(text);
  if (es > en) return 'es';
  if (en > es) return 'en';
  return fallback;
}
