import { describe, expect, it } from 'vitest';
import { countSegments, fitSegments, toGsmLookalikes } from '../../domain/sms-segments.ts';

describe('SMS segments', () => {
  it.each([
    ['', 'gsm7', 1],
    ['x'.repeat(160), 'gsm7', 1],
    ['x'.repeat(161), 'gsm7', 2],
    ['x'.repeat(306), 'gsm7', 2],
    ['x'.repeat(307), 'gsm7', 3],
    ['€'.repeat(80), 'gsm7', 1],
    ['€'.repeat(81), 'gsm7', 2],
    ['ñ¿¡é'.repeat(40), 'gsm7', 1],
    ['á'.repeat(70), 'ucs2', 1],
    ['á'.repeat(71), 'ucs2', 2],
    ['🔥'.repeat(35), 'ucs2', 1],
  ])('%#: %s counts as %s in %i', (text, encoding, segments) => {
    expect(countSegments(text)).toEqual({ encoding, segments });
  });

  it('maps Spanish accents outside GSM-7 to look-alikes, keeping ñ and é', () => {
    expect(toGsmLookalikes('¿Está en la unidad? Mañana, técnico — “sí”')).toBe(
      '¿Esta en la unidad? Mañana, técnico - "si"',
    );
  });

  it('leaves a text that fits alone', () => {
    expect(fitSegments('Ticket K7Q2 is open.')).toBe('Ticket K7Q2 is open.');
  });

  it('keeps a Spanish reply whole when look-alikes bring it within two segments', () => {
    const text = `${'Lo siento por la fuga. '.repeat(5)}¿Cuándo podría venir el técnico? Abriremos la orden enseguida.`;
    const fitted = fitSegments(text);
    expect(countSegments(fitted)).toEqual({ encoding: 'gsm7', segments: 2 });
    expect(fitted.endsWith('Abriremos la orden enseguida.')).toBe(true);
  });

  it('cuts a long text at a sentence end, or at a word with an ellipsis, within the limit', () => {
    const sentences = `${'This sentence is about thirty-nine chars. '.repeat(10)}`;
    const cut = fitSegments(sentences);
    expect(countSegments(cut).segments).toBeLessThanOrEqual(2);
    expect(cut.endsWith('chars.')).toBe(true);
    const words = fitSegments('word '.repeat(100));
    expect(countSegments(words).segments).toBe(2);
    expect(words.endsWith('word...')).toBe(true);
    expect(fitSegments('x'.repeat(400), 1).length).toBeLessThanOrEqual(160);
  });
});
