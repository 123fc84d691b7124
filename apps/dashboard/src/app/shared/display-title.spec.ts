import { displayTitle } from './display-title';

describe('displayTitle', () => {
  it('hides a title that only repeats the start of the text, with or without an ellipsis', () => {
    expect(displayTitle('La fibra non funziona…', 'La fibra non funziona da tre giorni')).toBeNull();
    expect(displayTitle('La fibra non funziona...', 'la fibra non funziona da tre giorni')).toBeNull();
    expect(displayTitle('La fibra non funziona da tre giorni', 'La fibra non funziona da tre giorni')).toBeNull();
  });

  it('keeps a real title, and drops an empty one', () => {
    expect(displayTitle('Fibra down', 'La fibra non funziona')).toBe('Fibra down');
    expect(displayTitle('   ', 'testo')).toBeNull();
    expect(displayTitle(null, 'testo')).toBeNull();
  });
});
