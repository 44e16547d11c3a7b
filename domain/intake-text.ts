// Text preparation shared by the resident-message classifiers (emergency detector, problem
// lexicon, intents, availability). Residents text fast: typos, SMS shorthand, shouting, Spanish
// without accents. Every rule downstream is written against one canonical form, so each is
// written once:
// - fold: lower case, accents dropped (mañana → manana), apostrophes removed (won't → wont),
//   letters repeated three times or more collapsed (gasss → gas), whitespace collapsed;
//   punctuation and emoji are kept (they end clauses and carry meaning: "is fire 🔥").
// - spell: known misspellings and shorthand (smel → smell, watr → water, tmrw → tomorrow), then a
//   careful fuzzy match for long domain words only (refridgerator → fridge): short words are
//   never guessed, because "spoke" is one letter from "smoke" and "later" from "water".
// - canonical phrases: a device or state named many ways becomes one token ("hot water heater",
//   "calentador de agua" → waterheater; "a/c", "aire acondicionado" → ac; "not working",
//   "no funciona", "dead" → broken), so rules name things once.

/** Lower case, no accents or apostrophes, runs of 3+ letters collapsed, single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´']/g, '')
    .replace(/([a-z])\1{2,}/g, '$1')
    .replace(/[¿¡]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// `wrong=right` pairs separated by whitespace; "_" in the right-hand side stands for a space.
function pairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(/\s+/).filter(Boolean)) {
    const [wrong, right] = pair.split('=');
    if (wrong && right) out[wrong] = right.replace(/_/g, ' ');
  }
  return out;
}

// Whole-word replacements, in folded form.
const SPELLING = pairs(`
  smel=smell smeel=smell smll=smell smels=smells smelz=smells smellz=smells smelin=smelling
  smellin=smelling gass=gas gaz=gas watr=water wtr=water watter=water wter=water waterr=water
  wataer=water leakin=leaking leekin=leaking leeking=leaking lekin=leaking leakng=leaking
  leking=leaking lekaing=leaking leakig=leaking leeks=leaks leek=leak leakn=leaking drippin=dripping
  driping=dripping toliet=toilet toilit=toilet tiolet=toilet tolet=toilet toilette=toilet
  toillet=toilet cloged=clogged clogd=clogged clooged=clogged clog=clogged clogging=clogged
  heatr=heater htr=heater heeter=heater heter=heater sparkin=sparking sparkng=sparking
  sparkinng=sparking sprking=sparking floding=flooding flodding=flooding fludding=flooding
  flooing=flooding flodded=flooded fier=fire fyre=fire smokey=smoky smok=smoke outet=outlet
  oulet=outlet outlit=outlet elevater=elevator elavator=elevator elevtor=elevator frig=fridge
  fridg=fridge frige=fridge refri=fridge refrigerador=fridge refrigerator=fridge nevera=fridge
  heladera=fridge refrigeradora=fridge refrigerater=fridge fridgerator=fridge brokn=broken
  borken=broken broked=broken brokem=broken cucarachaz=cucarachas cucas=cucarachas roachs=roaches
  rochs=roaches calefacion=calefaccion calefacsion=calefaccion calefaxion=calefaccion
  kalefaccion=calefaccion inodor=inodoro lavamano=lavamanos tmrw=tomorrow tmr=tomorrow tmrrw=tomorrow
  tomoro=tomorrow tomorow=tomorrow tommorow=tomorrow tommorrow=tomorrow 2morrow=tomorrow
  2moro=tomorrow 2mrw=tomorrow tmw=tomorrow tonite=tonight 2nite=tonight aftn=afternoon arvo=afternoon
  mornin=morning mrng=morning evenin=evening anytime=any_time whenevs=whenever wkdays=weekdays
  wkday=weekday wknd=weekend pls=please plz=please plez=please pleas=please thx=thanks thnx=thanks
  thks=thanks tnx=thanks ty=thank_you tysm=thank_you u=you ur=your cuz=because bc=because b4=before
  plumer=plumber plummer=plumber cnt=cant dnt=dont aint=isnt nt=not yr=your q=que ke=que xq=porque
  pq=porque porq=porque xfa=por_favor porfa=por_favor porfavor=por_favor tb=tambien tmb=tambien
  tmbn=tambien aora=ahora ahorita=ahora mñn=manana mna=manana mnn=manana ls=las dpto=depto
  calentadr=calentador btwn=between bwtn=between betwen=between beetween=between
  aftr=after afta=after befor=before bfore=before lites=lights lite=light lytes=lights lyts=lights
  flikr=flicker flickr=flicker flikers=flickers flickrs=flickers flikering=flickering flikrin=flickering
  flickerin=flickering updte=update updt=update upd8=update updat=update
  tkt=ticket tix=tickets tckt=ticket tikt=ticket stats=status ded=dead evrything=everything
`);

// Long domain words worth a fuzzy guess (edit distance 1, or 2 from ten letters).
const FUZZY_VOCABULARY = `
  calefaccion refrigerator refrigerador cockroaches cucarachas thermostat termostato dishwasher
  lavavajillas lavaplatos microwave microondas electricity electricidad electrical inundacion
  inundando monoxide monoxido elevator ascensor plumbing overflowing tomorrow afternoon cerradura
  tuberia fregadero regadera secadora lavadora congelador apartment departamento apartamento
  calentador radiator radiador exterminator termites ventilation bathroom basement garbage disposal
  tomacorriente extractor humedad chinches hormigas ratones goteando descompuesto descompuesta
  funciona
`
  .split(/\s+/)
  .filter(Boolean);
const FUZZY_SET = new Set(FUZZY_VOCABULARY);

/** Damerau–Levenshtein (optimal string alignment) distance, capped for speed. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

function fuzzyWord(word: string): string {
  if (word.length < 7 || FUZZY_SET.has(word) || /\d/.test(word)) return word;
  let best = word;
  let bestDistance = Infinity;
  for (const candidate of FUZZY_VOCABULARY) {
    const allowed = candidate.length >= 10 ? 2 : 1;
    const distance = editDistance(word, candidate, allowed);
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return SPELLING[best] ?? best;
}

/** Folded text with misspellings and shorthand corrected, word by word. */
export function spellText(folded: string): string {
  return folded.replace(/[a-z0-9]+/g, (word) => SPELLING[word] ?? fuzzyWord(word));
}

// Phrase → canonical token, in order (longer phrases first where they overlap).
const PHRASES: [RegExp, string][] = [
  [
    /\b(?:hot water heater|water heater|waterheater|calentador de agua|boiler de agua|boiler del agua)\b/g,
    'waterheater',
  ],
  [
    /\b(?:carbon monoxide|co|co2|monoxido de carbono|monoxido) (?:detector|alarm|sensor|monitor)s?\b/g,
    'coalarm',
  ],
  [/\b(?:detector|alarma|sensor)(?:es|s)? de (?:carbon monoxide|co|monoxido(?: de carbono)?)\b/g, 'coalarm'],
  [/\b(?:carbon monoxide|monoxido de carbono|monoxido)\b/g, 'carbonmonoxide'],
  [/\b(?:smoke (?:detector|alarm|sensor)s?|detector(?:es)? de humo|alarma(?:s)? de humo)\b/g, 'smokealarm'],
  [/\b(?:fire alarms?|alarma(?:s)? (?:de|contra) incendios?)\b/g, 'firealarm'],
  [
    /\b(?:a\/c|a\.c\.?|ac unit|air conditioners?|air conditioning|air con|aircon|aire acondicionado|mini ?split|hvac unit)(?=\W|$)/g,
    'ac',
  ],
  [/\bhot water\b|\bagua caliente\b/g, 'hotwater'],
  [/\b(?:garbage disposal|disposal unit|triturador(?:a)?(?: de basura)?)\b/g, 'disposal'],
  [/\b(?:washing machine|clothes washer|washer machine)\b/g, 'washer'],
  [/\bdish ?washer\b|\blava(?:vajillas|platos|trastes)\b/g, 'dishwasher'],
  [/\bbed ?bugs?\b/g, 'bedbugs'],
  [/\blight ?bulbs?\b/g, 'lightbulb'],
  [/\bbreak-in\b|\bbreakin\b/g, 'breakin'],
  [
    /\b(?:llave|llaves) (?:del|de la|de) (?:agua|lavabo|lavamanos|fregadero|regadera|tina|paso|cocina|bano)\b/g,
    'faucet',
  ],
  [
    /\b(?:locked (?:myself |ourselves |me )?out|lock(?:ed)? out|lockout|cant get (?:back )?in(?:to)? (?:my|the) (?:apt|apartment|unit|place|house)|(?:cant|cannot|unable to) get (?:back )?in(?:side)?(?= *(?:[,.;!?]|$|now|anymore|and|but))|me quede (?:afuera|fuera)|nos quedamos (?:afuera|fuera)|deje (?:las|mis) llaves (?:adentro|dentro))\b/g,
    'lockedout',
  ],
  [
    /\b(?:wont|doesnt|will not|does not|dont|cant|didnt) stop\b|\bkeeps? (?:going|running|pouring|coming)\b|\bno (?:para|deja de salir)\b/g,
    'nonstop',
  ],
  [
    /\b(?:not working|isnt working|arent working|doesnt work|dont work|stopped working|quit working|not workin|no longer works|died|dead|busted|broke down|broke|broken|kaput|out of order|out of service|no funciona|no sirve|no jala|no prende|no enciende|descompuest[oa]s?|se descompuso|se rompio|roto|rota)\b/g,
    'broken',
  ],
  [/\b(?:is|are|went|has gone|have gone|gone) out\b/g, 'broken'],
];

/** fold + spell + canonical phrases: the form every intake rule is written against. */
export function prepareText(text: string): string {
  let out = spellText(foldText(text));
  for (const [pattern, token] of PHRASES) out = out.replace(pattern, token);
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Splits a message into clauses on sentence punctuation, line breaks and joining words that start
 * a new thought ("and also", "plus", "y también", ", and the …"). Works on any text (original or
 * prepared); empty pieces are dropped.
 */
export function splitClauses(text: string): string[] {
  return text
    .split(
      /[.!?;\n]+(?:\s|$)|\s+(?:and also|also|plus|as well as|ademas|además|y tambien|y también|aparte)\s+|,?\s+(?:but|pero|though|aunque)\s+|,?\s+(?:and|y|&)\s+(?=(?:the|my|our|also|there|theres|a|an|el|la|los|las|mi|mis|hay|tambien|también|i|it|its)\b)/i,
    )
    .map((s) => s?.trim() ?? '')
    .filter((s) => /\p{L}/u.test(s));
}

/** The words of a folded or prepared text (letters, digits, ñ). */
export function wordsOf(text: string): string[] {
  return text.match(/[a-z0-9ñ]+/g) ?? [];
}

// Words that negate what follows them in the same clause.
const NEGATORS = new Set([
  'no',
  'not',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'never',
  'nobody',
  'nothing',
  'without',
  'sin',
  'nunca',
  'ni',
  'tampoco',
  'cant',
  'cannot',
  'hardly',
  'nada',
]);
// Doubt is not denial: "not sure if I smell gas" and "no sé si huele a gas" still count.
const DOUBT = /\b(?:sure|know|knw|certain|se|sabe|seguro|segura|if|si)\b/;
// Where a negation stops reaching.
const CLAUSE_BREAK = /[,.;:!?\n]|\b(?:and|but|y|pero|also|then|luego|because|porque|so)\b/g;

/**
 * Whether the phrase starting at `index` of a prepared text is negated: a negator among the up to
 * four words before it, in the same clause, with no expression of doubt in between.
 */
export function isNegatedAt(text: string, index: number): boolean {
  const before = text.slice(0, index);
  let start = 0;
  for (const m of before.matchAll(CLAUSE_BREAK)) start = (m.index ?? 0) + m[0].length;
  const words = wordsOf(before.slice(start)).slice(-4);
  const at = words.findIndex((w) => NEGATORS.has(w));
  if (at < 0) return false;
  return !DOUBT.test(words.slice(at + 1).join(' '));
}

/** Where the sentence (split on . ! ? ; and line breaks) of a prepared text around `index` lies. */
export function sentenceBounds(text: string, index: number): { start: number; end: number } {
  let start = 0;
  for (const m of text.slice(0, index).matchAll(/[.!?;\n]/g)) start = (m.index ?? 0) + 1;
  const rest = text.slice(index).search(/[.!?;\n]/);
  return { start, end: rest < 0 ? text.length : index + rest };
}

/** Where the clause (the sentence cut at commas and joining words) around `index` lies. */
export function clauseBounds(text: string, index: number): { start: number; end: number } {
  let start = 0;
  for (const m of text.slice(0, index).matchAll(CLAUSE_BREAK)) start = (m.index ?? 0) + m[0].length;
  const next = new RegExp(CLAUSE_BREAK.source).exec(text.slice(index));
  return { start, end: next ? index + next.index : text.length };
}

/** The sentence of a prepared text that contains `index`. */
export function sentenceAt(text: string, index: number): string {
  const { start, end } = sentenceBounds(text, index);
  return text.slice(start, end).trim();
}
