import fc from 'fast-check';
import { brandComparison } from './brand-comparison';

describe(brandComparison.name, () => {
  it.each([
    ['Vela o Iliad per chi viaggia spesso in Europa? Voi cosa usate?', 'Vela', 'Iliad'],
    ['Vela Mobile or Iliad for a 2 month stay in Italy?', 'Vela Mobile', 'Iliad'],
    ['@VelaMobile vs @iliad_it, chi ha la rete migliore?', '@VelaMobile', '@iliad_it'],
    ['Qualcuno ha provato sia TeleNova che Netflix? Quale ha più serie italiane?', 'TeleNova', 'Netflix'],
    ['Meglio tra Fastweb e TIM?', 'Fastweb', 'TIM'],
    ["Anyone compared GiroBici with the city's e-scooters? Which is cheaper?", 'GiroBici', "the city's e-scooters"],
  ])('finds the two names in %j', (text, first, second) => {
    expect(brandComparison(text)).toEqual({ first, second });
  });

  it.each([
    // No question: a statement that names two brands compares nothing it asks about.
    'Passato da Vela o Iliad, ormai non ricordo più',
    // Lower case, numbers, the same name twice: no names set side by side.
    'Oggi o domani?',
    '5G o 4G per il telefono?',
    'Il treno delle 8 o quello delle 9?',
    'Vela o Vela?',
    // A name inside a hashtag or a word.
    '#VelaoIliad?',
  ])('finds none in %j', (text) => {
    expect(brandComparison(text)).toBeNull();
  });

  it('gives names of astral capitals whole, and the pipeline cuts them by code point', () => {
    const bold = '𝐕𝐄𝐋𝐀'.repeat(15);
    expect(brandComparison(`${bold} o Iliad?`)).toEqual({ first: bold, second: 'Iliad' });
  });

  it('never throws and returns names taken from the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const found = brandComparison(text);
        if (found) {
          expect(text).toContain(found.first);
          expect(text).toContain(found.second);
        }
      }),
    );
  });
});
