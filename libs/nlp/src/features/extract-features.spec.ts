import fc from 'fast-check';
import { tokenize } from '../text/tokenize';
import { FeatureKind, hashString } from './feature-hashing';
import { EMOJI_OWNER_BASE, SIGNALS, extractFeatures, foldWord, hashtagParts, ownerName, type FeatureVector } from './extract-features';

const features = (text: string, lexiconScore = 0) => extractFeatures(tokenize(text), { lexiconScore, lexiconHits: lexiconScore !== 0 }, true);
const has = (v: FeatureVector, hash: number) => Array.from(v.hashes.subarray(0, v.count)).includes(hash);
const word = (w: string) => hashString(FeatureKind.Word, w);
const negated = (w: string) => hashString(FeatureKind.NegatedWord, w);
const signal = (s: string) => hashString(FeatureKind.Signal, s);

describe('foldWord', () => {
  it('squashes elongations of three or more letters and keeps doubles', () => {
    expect(foldWord('grazieeee')).toBe('grazie');
    expect(foldWord('nooooo')).toBe('no');
    expect(foldWord('good')).toBe('good');
    expect(foldWord('rimborso')).toBe('rimborso');
  });
  it('folds Italian and other Latin diacritics', () => {
    expect(foldWord('perché')).toBe('perche');
    expect(foldWord('città')).toBe('citta');
    expect(foldWord('però')).toBe('pero');
  });
  it('maps numbers to one token', () => {
    expect(foldWord('2026')).toBe('0');
    expect(foldWord('3g')).toBe('3g');
  });
});

describe('hashtagParts', () => {
  it('splits camel-cased hashtags into words', () => {
    expect(hashtagParts('#NonFunzionaNiente')).toEqual(['non', 'funziona', 'niente']);
    expect(hashtagParts('#vela_mobile')).toEqual(['vela', 'mobile']);
    expect(hashtagParts('#Vela2026')).toEqual(['vela', '2026']);
  });
  it('leaves tags it cannot split to the word feature', () => {
    expect(hashtagParts('#velaestate')).toEqual([]);
    expect(hashtagParts('#SXSW')).toEqual([]);
  });
});

describe('extractFeatures', () => {
  it('marks words inside a negation scope, and only there', () => {
    const plain = features("L'app funziona");
    const denied = features("L'app non funziona. Funziona il sito");
    expect(has(plain, word('funziona'))).toBe(true);
    expect(has(plain, negated('funziona'))).toBe(false);
    expect(has(denied, negated('funziona'))).toBe(true);
    // The scope ends at the sentence break: the second "Funziona" is plain.
    expect(has(denied, word('funziona'))).toBe(true);
    expect(has(denied, signal('negation'))).toBe(true);
  });

  it("treats English n't as a negator", () => {
    expect(has(features("it didn't arrive"), negated('arrive'))).toBe(true);
    expect(has(features('it did arrive'), negated('arrive'))).toBe(false);
  });

  it('uses the folded word, so elongated and accented spellings share a feature', () => {
    expect(has(features('grazieeeee'), word('grazie'))).toBe(true);
    expect(has(features('perché'), word('perche'))).toBe(true);
  });

  it('adds hashtag words and keeps handles out of the words', () => {
    const v = features('@VelaMobile #NonFunzionaNiente');
    expect(has(v, word('funziona'))).toBe(true);
    expect(has(v, word('velamobile'))).toBe(false);
    expect(has(v, signal('addressed to an account'))).toBe(true);
  });

  it('turns SHOUTING, exclamations, questions, links, emoji and the lexicon into signals', () => {
    const v = features('ANCORA SENZA LINEA DA TRE GIORNI!!! perché? https://x.example 😡', -0.7);
    for (const s of ['shouting', 'exclamation', 'several exclamations', 'question', 'link', 'emoji', 'lexicon: strongly negative']) {
      expect(has(v, signal(s))).toBe(true);
    }
    expect(has(v, hashString(FeatureKind.Emoji, '😡'))).toBe(true);
    expect(has(features('Ancora senza linea', 0), signal('shouting'))).toBe(false);
  });

  it('remembers which word, emoji or signal each feature came from', () => {
    const v = features('servizio pessimo 😡');
    const names = new Set(Array.from(v.owners.subarray(0, v.count), (o) => ownerName(v, o)));
    expect(names).toEqual(expect.objectContaining({}));
    expect([...names]).toEqual(expect.arrayContaining(['"servizio"', '"pessimo"', '😡', 'emoji']));
    expect(Array.from(v.owners).some((o) => o <= EMOJI_OWNER_BASE)).toBe(true);
  });

  it('fills shared scratch buffers unless asked to keep the vector', () => {
    const kept = features('servizio pessimo');
    const first = extractFeatures(tokenize('servizio pessimo'), { lexiconScore: 0, lexiconHits: false });
    expect(Array.from(first.hashes.subarray(0, first.count))).toEqual(Array.from(kept.hashes));
    const second = extractFeatures(tokenize('tutto ottimo'), { lexiconScore: 0, lexiconHits: false });
    // The same buffer: the first vector is overwritten, which is why training passes `keep`.
    expect(second.hashes).toBe(first.hashes);
    expect(kept.hashes.length).toBe(kept.count);
    expect(SIGNALS).toContain('very short text');
  });

  it('never throws and stays bounded on arbitrary and hostile text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const v = features(text);
        expect(v.count).toBe(v.hashes.length);
        expect(v.owners.length).toBe(v.count);
        for (const owner of v.owners) expect(ownerName(v, owner)).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
    const huge = features('pessimo '.repeat(7_000) + '\ud800\u202e\u200b');
    expect(huge.count).toBeGreaterThan(0);
    expect(huge.count).toBeLessThanOrEqual(16_384);
  });
});
