import fc from 'fast-check';
import { MAX_LABEL_WORDS, openingLabel } from './opening-label';

describe('openingLabel', () => {
  it.each([
    ['Weather bot: Leeds 4°C, light rain', ['weather', 'bot']],
    ['[Avviso automatico] Traffico intenso sulla A1', ['avviso', 'automatico']],
    ['(AUTO) New listing: iPhone 15', ['auto']],
    ['🚨 Allerta meteo: temporali in Liguria', ['allerta', 'meteo']],
    ['Prezzo aggiornato:\tcappotto lana da 189€ a 139€', ['prezzo', 'aggiornato']],
    ['Update:', ['update']],
  ])('reads the label of %s', (text, label) => {
    expect(openingLabel(text)).toEqual(label);
  });

  it.each([
    'Il treno delle 14:30 è in ritardo',
    'https://example.com/offerta scade oggi',
    'Ciao :) tutto bene?',
    'Perché? Ho pagato: voglio il rimborso',
    '@VelaMobile: la linea non va',
    'Ho scritto al servizio clienti tre volte e la risposta è sempre la stessa: aspettare',
    'Uno due tre quattro cinque: troppe parole',
    '[una parentesi che non si chiude mai',
    'Nessun segno di punteggiatura qui',
    '',
  ])('finds no label in %s', (text) => {
    expect(openingLabel(text)).toBeNull();
  });

  it('never throws, and returns at most a few lower-case words', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (text) => {
        const label = openingLabel(text);
        if (label === null) return;
        expect(label.length).toBeGreaterThan(0);
        expect(label.length).toBeLessThanOrEqual(MAX_LABEL_WORDS);
        for (const word of label) expect(word).toBe(word.toLowerCase());
      }),
      { numRuns: 2_000 },
    );
    expect(openingLabel(undefined as unknown as string)).toBeNull();
    expect(openingLabel('x'.repeat(50_000) + ': y')).toBeNull();
  });
});
