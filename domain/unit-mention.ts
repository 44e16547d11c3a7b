// Where a resident says the problem is: a unit they name ("apt 101", "unit 4B", "#12",
// "depto 3", "I'm in 4B") or a common area ("hallway", "lavandería"). Returns labels as residents
// write them on doors (upper case), not unit ids.
import { foldText } from './intake-text.ts';

const LABEL = '([a-z]{0,2}-?\\d{1,5}-?[a-z]?)';
const NAMED = new RegExp(
  `\\b(?:apt|apartment|apartamento|apto|unit|unidad|suite|ste|depto|departamento|dpto|dept|flat|room|rm|cuarto)\\.?\\s*(?:#|no\\.?|number|numero|num\\.?)?\\s*${LABEL}\\b`,
);
const HASH = new RegExp(`(?:^|\\s)#\\s*${LABEL}\\b`);
const LIVING_IN = new RegExp(
  `\\b(?:im in|i am in|i live in|we are in|were in|vivo en(?: el| la)?|estoy en(?: el| la)?|somos del?|soy del?)\\s+${LABEL}\\b`,
);
// "it's 4B", "es el 101": a looser prefix, so the label must look like one (a letter or 2+ digits)
// and must not be a temperature or a time.
const LOOSE =
  /\b(?:its|it is|es(?: el| la)?|en el|en la|in)\s+#?(\d{2,5}[a-z]?|[a-z]{1,2}-?\d{1,4}|\d{1,4}-?[a-z])\b(?!\s*(?:degrees?|grados|°|am|pm|min|minutes|hours|horas|o ?clock|%|de la|inside|outside|in here|in there|out|adentro|afuera|dentro|f\b|c\b|years?|yrs|anos|days?|dias|times|veces|people|personas|dollars|bucks|dolares))/;
const BARE = new RegExp(`^\\s*(?:its|es|en|in|el|la)?\\s*#?\\s*${LABEL}\\s*[.!]*\\s*$`);

function tidy(label: string): string | null {
  if (!/\d/.test(label)) return null;
  return label.toUpperCase();
}

/**
 * The unit label a message names, or null. With `bare`, a message that is only a label ("4B",
 * "101") counts too: the answer to "which unit?".
 */
export function parseUnitMention(text: string, options: { bare?: boolean } = {}): string | null {
  const folded = foldText(text);
  const named = NAMED.exec(folded) ?? HASH.exec(folded) ?? LIVING_IN.exec(folded) ?? LOOSE.exec(folded);
  if (named?.[1]) return tidy(named[1]);
  if (options.bare) {
    const bare = BARE.exec(folded);
    if (bare?.[1]) return tidy(bare[1]);
  }
  return null;
}

// "the hall" and "the laundry drain" are usually inside the apartment; "my hallway" always is.
const COMMON_AREA =
  /(?<!\b(?:my|our|mi|nuestro|nuestra|apartment|apt|unit) )\b(?:hallway|lobby|laundry room|laundromat|basement|garage|parking(?: lot| garage)?|stairwell|stairs|roof|rooftop|courtyard|building entrance|front entrance|mailroom|mail room|gym|common area|pasillo|vestibulo|lavanderia|sotano|estacionamiento|cochera|escaleras|azotea|patio|entrada del edificio|area comun)\b/;

/** The common area a message names ("hallway", "lavanderia"), or null. */
export function mentionsCommonArea(text: string): string | null {
  return COMMON_AREA.exec(foldText(text))?.[0] ?? null;
}
