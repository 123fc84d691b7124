import fc from 'fast-check';
import { MAX_ANALYSIS_CHARS, SENTENCE_BREAK, tokenize } from './tokenize';

describe('tokenize', () => {
  it('splits Italian elisions and keeps English contractions whole', () => {
    expect(tokenize("Dell'assistenza? L'app non va, don't ask").words).toEqual(["dell'", 'assistenza', SENTENCE_BREAK, "l'", 'app', 'non', 'va', "don't", 'ask']);
    // Curly apostrophes are the same apostrophe.
    expect(tokenize('dell’ordine').words).toEqual(["dell'", 'ordine']);
  });

  it('writes out Italian chat shorthand, and leaves English words, hashtags and handles alone', () => {
    expect(tokenize('xké nn mi arriva? cmq ke schifo').words).toEqual(['perché', 'non', 'mi', 'arriva', SENTENCE_BREAK, 'comunque', 'che', 'schifo']);
    expect(tokenize('NN funziona').words).toEqual(['non', 'funziona']);
    expect(tokenize('k thanks, 3 x 2 #nn @cmq').words).toEqual(['k', 'thanks', '3', 'x', '2', '#nn', '@cmq']);
  });

  it('keeps hashtags and handles with their sign, and the hashtag as written', () => {
    const t = tokenize('@Vela_Mobile #NonFunzionaNiente da ieri');
    expect(t.words).toEqual(['@vela_mobile', '#nonfunzionaniente', 'da', 'ieri']);
    expect(t.tags).toEqual(['#NonFunzionaNiente']);
    expect(t.hashtags).toBe(1);
    expect(t.mentions).toBe(1);
  });

  it('keeps the dots inside a handle, and reads an e-mail address as no handle', () => {
    const t = tokenize('Scrivete a @Ottica.Lince. @giulia.ferri guarda! Info: anna@example.com');
    expect(t.words).toEqual(['scrivete', 'a', '@ottica.lince', SENTENCE_BREAK, '@giulia.ferri', 'guarda', SENTENCE_BREAK, 'info', 'anna', 'example', SENTENCE_BREAK, 'com']);
    expect(t.mentions).toBe(2);
    // A dot not followed by a handle's character ends it; a hashtag keeps no dot.
    expect(tokenize('@vela. ok #vela.it').words).toEqual(['@vela', SENTENCE_BREAK, 'ok', '#vela', SENTENCE_BREAK, 'it']);
  });

  it('skips links whole and counts them', () => {
    const t = tokenize('guarda https://vela.example/offerta?x=1 e www.vela.example ora');
    expect(t.words).toEqual(['guarda', 'e', 'ora']);
    expect(t.urls).toBe(2);
  });

  it('skips links written without a scheme when a path follows the domain', () => {
    const t = tokenize('Vinci subito bit.ly/x1 oppure vela.it/promo?utm=a. Info su vela.it');
    // The link runs to the next space, as one with a scheme does (its final full stop with it).
    expect(t.words).toEqual(['vinci', 'subito', 'oppure', 'info', 'su', 'vela', SENTENCE_BREAK, 'it']);
    expect(t.urls).toBe(2);
  });

  it.each(['ok.grazie a tutti', 'voto 1.5/10', 'S.p.A./ciao', 'e.g./i.e.', 'ore 8.30/9.00', 'città.it/x', '#vela.it/x', '@vela.it/x'])(
    'does not take %s for a link',
    (text) => {
      expect(tokenize(text).urls).toBe(0);
    },
  );

  it('keeps emoji and emoticons as signals, not words', () => {
    const t = tokenize('grazie 😍 :) <3 ma :( ');
    expect(t.words).toEqual(['grazie', 'ma']);
    expect(t.emoji).toEqual(['😍', ':)', '<3', ':(']);
  });

  it('counts SHOUTING letters, punctuation and repeated characters', () => {
    const t = tokenize('BASTA!!! Perché???');
    expect(t.upperLetters).toBe(6);
    expect(t.letters).toBe(11);
    expect(t.exclamationMarks).toBe(3);
    expect(t.questionMarks).toBe(3);
    expect(t.longestRepeat).toBe(3);
  });

  it('counts amounts of money and words that start with a digit', () => {
    expect(tokenize('1000 follower a 5€, oppure $9.99 o € 20 o 20 £')).toMatchObject({ moneyAmounts: 4, numbers: 6 });
    expect(tokenize('Costa 5 euro, $ e € da soli no')).toMatchObject({ moneyAmounts: 0, numbers: 1 });
  });

  it('knows where the last question is, as indexes into its words', () => {
    const t = tokenize('Pacco fermo da 9 giorni. Ma dove? @Lampo che fine ha fatto??');
    expect(t.words.slice(t.lastQuestionStart, t.lastQuestionEnd)).toEqual(['@lampo', 'che', 'fine', 'ha', 'fatto']);
    expect(tokenize('Nessuna domanda qui.')).toMatchObject({ lastQuestionStart: -1, lastQuestionEnd: -1 });
    expect(tokenize('?? !')).toMatchObject({ lastQuestionStart: -1, lastQuestionEnd: -1 });
  });

  it('counts opening ¿ and ¡ (Spanish evidence for language detection), but not mojibake that contains them', () => {
    const t = tokenize('¡Hola! ¿Qué tal?');
    expect(t.invertedMarks).toBe(2);
    expect(t.questionMarks).toBe(2);
    expect(t.exclamationMarks).toBe(2);
    expect(tokenize('Ã¡rbol ï¿½ Perché??').invertedMarks).toBe(0);
  });

  it('looks at the first MAX_ANALYSIS_CHARS characters only', () => {
    const t = tokenize('parola '.repeat(2_000));
    expect(t.length).toBe(MAX_ANALYSIS_CHARS);
    expect(t.wordCount).toBeLessThanOrEqual(MAX_ANALYSIS_CHARS / 7 + 1);
  });

  it('yields well-formed tokens for any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 })), (text) => {
        const t = tokenize(text);
        let breaks = 0;
        for (let i = 0; i < t.words.length; i++) {
          const w = t.words[i];
          expect(w.length).toBeGreaterThan(0);
          expect(/\s/u.test(w)).toBe(false);
          expect(w).toBe(w.toLowerCase());
          if (w === SENTENCE_BREAK) {
            breaks++;
            // Never two breaks in a row, never a leading break.
            expect(i > 0 && t.words[i - 1] !== SENTENCE_BREAK).toBe(true);
          }
        }
        expect(t.wordCount).toBe(t.words.length - breaks);
        expect(t.upperLetters).toBeLessThanOrEqual(t.letters);
        expect(t.tags.length).toBe(t.hashtags);
      }),
      { numRuns: 400 },
    );
  });
});
