import { detectLanguage } from './detect-language';

describe('detectLanguage', () => {
  it.each([
    'La fibra non funziona da tre giorni e nessuno mi risponde',
    'Qualcuno sa come si scarica la fattura dall\'app? Non trovo più la sezione pagamenti',
    'Grazie all\'assistenza, il problema della bolletta è stato risolto in dieci minuti',
    'Ottima copertura anche in montagna, complimenti',
    'Sarebbe bello poter vedere il consumo giorno per giorno',
  ])('recognises Italian: %s', (text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe('it');
    expect(result.label).toBe('it');
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it.each([
    'My internet has been down since yesterday and nobody answers',
    'How do I activate roaming before I travel to the UK?',
    'Shout out to the support team, they sorted my billing problem in one chat',
    'Roaming charges in Spain are a joke, I paid 40 euros for nothing',
  ])('recognises English: %s', (text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe('en');
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it('explains itself with the words that decided', () => {
    const result = detectLanguage('Non è possibile che il servizio della linea sia sempre così');
    expect(result.reasons[0]).toMatch(/^it words: /);
    expect(result.reasons[0]).toContain('"non"');
    expect(result.reasons[0]).toContain('"della"');
  });

  it('uses trigrams and vowel endings when function words are scarce', () => {
    const result = detectLanguage('Pessima esperienza, velocità ridicola, assistenza inesistente');
    expect(result.language).toBe('it');
    expect(result.reasons.join(' ')).toMatch(/trigrams|vowel/);
  });

  it.each([
    ['Spanish', 'El servicio no funciona desde ayer, qué vergüenza'],
    ['German', 'Die Verbindung ist sehr langsam und ich bin nicht zufrieden'],
    ['French', "Le service client ne répond pas et c'est vraiment très lent"],
  ])('does not force %s into Italian or English', (_lang, text) => {
    expect(detectLanguage(text).language).toBe('other');
  });

  it.each(['', '   ', '😡😡😡', '#VelaMobile #VelaEstate', '@VelaMobile', 'https://x.example/a', '12345', 'ok'])(
    'says other with low confidence for %j',
    (text) => {
      const result = detectLanguage(text);
      expect(result.language).toBe('other');
      expect(result.confidence).toBeLessThanOrEqual(0.3);
      expect(result.reasons.length).toBeGreaterThan(0);
    },
  );

  it('ignores brand hashtags and handles as evidence', () => {
    expect(detectLanguage('@VelaMobile #VelaEstate la linea non va ancora').language).toBe('it');
  });

  it('keeps confidence within [0, 1] for mixed text', () => {
    const mixed = detectLanguage('the linea is down e non va, please help anche oggi');
    expect(mixed.confidence).toBeGreaterThanOrEqual(0);
    expect(mixed.confidence).toBeLessThanOrEqual(1);
  });
});
