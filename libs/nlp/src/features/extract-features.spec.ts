import fc from 'fast-check';
import { tokenize } from '../text/tokenize';
import { FeatureKind, hashString } from './feature-hashing';
import { EMOJI_OWNER_BASE, SIGNALS, extractFeatures, foldWord, hashtagParts, isSupportHandle, ownerName, stemEnglish, type FeatureVector } from './extract-features';

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

describe('stemEnglish', () => {
  it('strips English inflections only', () => {
    expect(stemEnglish('delayed')).toBe('delay');
    expect(stemEnglish('charges')).toBe('charge');
    expect(stemEnglish('waiting')).toBe('wait');
    expect(stemEnglish('replies')).toBe('reply');
    expect(stemEnglish('tried')).toBe('try');
    expect(stemEnglish("driver's")).toBe('driver');
    expect(stemEnglish('really')).toBe('real');
  });
  it('leaves short words and -ss/-us endings alone', () => {
    for (const w of ['is', 'was', 'bus', 'status', 'class', 'red', 'king', 'only', 'servizio']) expect(stemEnglish(w)).toBe(w);
  });
});

describe('isSupportHandle', () => {
  it('recognises how brands name their care accounts', () => {
    for (const h of ['@amazonhelp', '@xboxsupport', '@comcastcares', '@zara_care', '@burberryservice', '@hm_custserv', '@hondacustsvc', '@askplaystation']) {
      expect(isSupportHandle(h)).toBe(true);
    }
  });
  it('does not take other accounts for one', () => {
    for (const h of ['@united', '@realdonaldtrump', '@nbcnews', '@tasker']) expect(isSupportHandle(h)).toBe(false);
  });
});

describe('extractFeatures', () => {
  it('adds the stem of an inflected word in the bucket of the plain word', () => {
    const v = features('my flight was delayed again');
    expect(has(v, word('delayed'))).toBe(true);
    expect(has(v, word('delay'))).toBe(true);
    // A word that is its own stem is counted once.
    const plain = features('delay');
    expect(Array.from(plain.hashes.subarray(0, plain.count)).filter((h) => h === word('delay'))).toHaveLength(1);
    // Hashtags are not stemmed.
    expect(has(features('#delayed'), word('delay'))).toBe(false);
  });

  it('signals a post addressed to a customer-support account', () => {
    expect(has(features('@AmazonHelp where is my parcel'), signal('addressed to a support account'))).toBe(true);
    const other = features('@united where is my bag');
    expect(has(other, signal('addressed to an account'))).toBe(true);
    expect(has(other, signal('addressed to a support account'))).toBe(false);
  });

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
