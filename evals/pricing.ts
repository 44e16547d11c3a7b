// Estimated cost of a model's usage: US dollars per million input and output tokens, matched on
// the longest model-name prefix (providers append dates: gpt-4.1-mini-2025-04-14). Public list
// prices at the time of writing; a model not listed has no estimate (null), and the deterministic
// model costs nothing. Update the table when prices change.
const PRICES_PER_MILLION: Record<string, { input: number; output: number }> = {
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
};

export function priceOf(model: string): { input: number; output: number } | null {
  const match = Object.keys(PRICES_PER_MILLION)
    .filter((name) => model === name || model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return match ? PRICES_PER_MILLION[match]! : null;
}

/** Dollars for one turn's usage; null when the model reported no usage or has no known price. */
export function costOf(model: string | null, inputTokens: number, outputTokens: number): number | null {
  if (!model || inputTokens + outputTokens === 0) return null;
  const price = priceOf(model);
  if (!price) return null;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
