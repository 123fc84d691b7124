import fc from 'fast-check';
import { MIN_SKETCH_WORDS, MINHASH_BANDS, NEAR_DUPLICATE_DISTANCE, hammingDistance, sketchText, sketchWords } from './similarity-sketch';

const COMPLAINT =
  'Da tre giorni la fibra a casa non funziona e il servizio clienti non risponde, ho chiamato cinque volte senza nessuna soluzione';
const OTHER =
  'Bellissima la nuova campagna estiva, lo spot con il faro al tramonto mi ha fatto venire voglia di partire subito per il mare';

function distance(a: string, b: string): number {
  const d = hammingDistance(sketchText(a).simhash, sketchText(b).simhash);
  if (d === null) throw new Error('expected both texts to have a sketch');
  return d;
}

const sharesKey = (a: string, b: string) => sketchText(a).keys.some((k) => sketchText(b).keys.includes(k));

describe('sketchText', () => {
  it('gives identical texts distance 0 and the same keys', () => {
    expect(distance(COMPLAINT, COMPLAINT)).toBe(0);
    expect(sketchText(COMPLAINT).keys).toEqual(sketchText(COMPLAINT).keys);
  });

  it('is deterministic across runs and machines (a fixed value for a fixed input)', () => {
    // If this changes, every stored sketch stops matching new ones: bump the mapping/pipeline
    // versions and re-sketch instead of editing the expected value.
    expect(sketchText(COMPLAINT)).toEqual({
      simhash: '6b935c3c7f2cc032',
      keys: ['m0db0aec', 'm17d055a', 'm265adb6', 'm3b2f381', 'm4420f72', 'm5ef9ff3', 'm69ad162', 'm72dbc34'],
    });
  });

  it('keeps one word changed in a 20-word text within the near-duplicate distance, sharing a key', () => {
    const edited = COMPLAINT.replace('cinque', 'sei');
    expect(COMPLAINT.split(' ')).toHaveLength(22);
    expect(distance(COMPLAINT, edited)).toBeGreaterThan(0);
    expect(distance(COMPLAINT, edited)).toBeLessThanOrEqual(NEAR_DUPLICATE_DISTANCE);
    expect(sharesKey(COMPLAINT, edited)).toBe(true);
  });

  it('puts unrelated texts far apart (about 32 bits) with no key in common', () => {
    expect(distance(COMPLAINT, OTHER)).toBeGreaterThan(NEAR_DUPLICATE_DISTANCE + 6);
    expect(sharesKey(COMPLAINT, OTHER)).toBe(false);
    // Over many unrelated pairs the mean is half the bits.
    // Texts of random made-up words: no word in common, so nothing but chance relates them.
    let seed = 7;
    const word = () => {
      let w = '';
      for (let k = 0; k < 6; k++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        w += String.fromCharCode(97 + ((seed >>> 16) % 26));
      }
      return w;
    };
    const texts = Array.from({ length: 40 }, () => Array.from({ length: 20 }, word).join(' '));
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      sum += distance(texts[i], texts[j]);
      pairs++;
    }
    expect(sum / pairs).toBeGreaterThan(26);
    expect(sum / pairs).toBeLessThan(38);
  });

  it('treats a retweet as the text it repeats', () => {
    expect(sketchText(`RT @vela_fan: ${COMPLAINT}`)).toEqual(sketchText(COMPLAINT));
    expect(sketchText('RT @a: non funziona niente')).toEqual(sketchText('non funziona niente'));
  });

  it('ignores case, diacritics, punctuation, URLs, @handles and the # of tags', () => {
    const a = 'Perché la RETE è giù a Milano?! @VelaMobile https://vela.example/status #fibra';
    const b = 'perche la rete e giu a milano fibra';
    expect(sketchText(a)).toEqual(sketchText(b));
  });

  it('gives short texts no sketch but an exact-text key, and empty texts nothing', () => {
    const short = sketchText('Non funziona!');
    expect(short.simhash).toBeNull();
    expect(short.keys).toHaveLength(1);
    expect(short.keys[0]).toMatch(/^x[0-9a-f]{16}$/);
    expect(sketchText('non FUNZIONA')).toEqual(short);
    expect(sketchText('non funziona più')).not.toEqual(short);
    expect(sketchText('🙏 https://example.com @someone')).toEqual({ simhash: null, keys: [] });
    expect(sketchText('uno due tre quattro'.split(' ').slice(0, MIN_SKETCH_WORDS).join(' ')).simhash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('returns band keys of the documented shape', () => {
    const { keys } = sketchText(COMPLAINT);
    expect(keys).toHaveLength(MINHASH_BANDS);
    keys.forEach((key, band) => expect(key).toMatch(new RegExp(`^m${band}[0-9a-f]{6}$`)));
  });

  it('never throws and stays bounded on long and hostile input', () => {
    const long = 'parola '.repeat(7_200) + 'x'.repeat(50_000);
    expect(sketchText(long).simhash).toMatch(/^[0-9a-f]{16}$/);
    expect(sketchText('\ud800 \udfff \ud83d lone surrogates \u0000 here and there').keys.length).toBeGreaterThan(0);
    expect(sketchWords(null as unknown as string[])).toEqual({ simhash: null, keys: [] });
    expect(sketchWords([1, null, 'ciao'] as unknown as string[]).keys).toHaveLength(1);
  });
});

describe('hammingDistance', () => {
  it('counts differing bits and refuses what is not a sketch', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance(null, '0000000000000000')).toBeNull();
    expect(hammingDistance('zz', '0000000000000000')).toBeNull();
  });

  it('is symmetric, within 0..64, zero on itself (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), (a, b) => {
        const sa = sketchText(a);
        const sb = sketchText(b);
        if (sa.simhash === null || sb.simhash === null) return;
        const d = hammingDistance(sa.simhash, sb.simhash)!;
        expect(d).toBe(hammingDistance(sb.simhash, sa.simhash));
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(64);
        expect(hammingDistance(sa.simhash, sa.simhash)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on hostile strings, including lone surrogates (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), (text) => {
        const sketch = sketchText(text);
        expect(sketch.simhash === null || /^[0-9a-f]{16}$/.test(sketch.simhash)).toBe(true);
        expect(sketch.keys.length).toBeLessThanOrEqual(MINHASH_BANDS);
      }),
      { numRuns: 300 },
    );
  });
});
