import { SENTENCE_BREAK } from '../text/tokenize';

/**
 * The one feature extraction shared by training (libs/nlp/training/train-language.ts) and
 * detection, so that a model always sees at run time exactly the features it was trained on.
 *
 * Features of a word: its character n-grams (4-grams by default; the model file says which) with a
 * boundary marking both ends (` ciao ` gives ` cia`, `ciao`, `iao `), plus the whole word. Shorter
 * n-grams were measured too (docs/benchmarks.md): 1–4-grams were no more accurate, in
 * cross-validation or on a held-out data set, and cost twice the features. Speed matters (language detection should cost a few microseconds per tweet):
 * each character is first mapped to a 6-bit code (a–z, the accented letters of the six languages,
 * the apostrophe, the boundary, three catch-all codes), so an n-gram of up to four characters is an
 * exact 24-bit key kept up to date with one shift per character; only the key's bucket is hashed
 * (one multiply, Fibonacci hashing) into one of 2^bits weights. No n-gram string is ever built.
 *
 * What is not a feature: @handles (brand handles such as @VirginAmerica mislead), URLs (the
 * tokenizer drops them), numbers and words with digits (flight numbers, model names), `rt`, emoji
 * and sentence breaks. Hashtags count without their `#` (#labuonascuola is Italian). Elongations
 * ("sooooo", "grazieeee") are read with the repeated letter once: no Italian or English word has a
 * letter three times in a row. Words longer than MAX_WORD_CHARS contribute only their first
 * MAX_WORD_CHARS characters.
 */

export const MIN_NGRAM = 4;
export const MAX_NGRAM = 4;
export const MAX_WORD_CHARS = 24;
/** Words looked at; a longer post is decided by its first MAX_WORDS words. */
export const MAX_WORDS = 256;
/** Upper bound of features from one word: n-grams (up to 4 long) of the padded word plus the word itself. */
const MAX_FEATURES_PER_WORD = MAX_NGRAM * (MAX_WORD_CHARS + 2) + 1;
/** Capacity a feature buffer needs so that `extractLanguageFeatures` never runs out. */
export const FEATURE_BUFFER_SIZE = MAX_WORDS * MAX_FEATURES_PER_WORD;

const FNV_PRIME = 0x01000193;
/** Seed of the whole-word feature, so that a word and its n-grams do not share a bucket by design. */
const WORD_SEED = 0x5bd1e995;
const GOLDEN = 0x9e3779b1;

/** 6-bit character codes: 0 the word boundary, 1–26 a–z, then accented letters, the apostrophe, catch-alls. */
const BOUNDARY_CODE = 0;
const CODE_BITS = 6;
const CODE_MASK = (1 << (CODE_BITS * MAX_NGRAM)) - 1;
const CODES = buildCodes();

function buildCodes(): Uint8Array {
  const codes = new Uint8Array(0x250);
  const accented = 'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿß';
  // Catch-alls 61–63 spread the remaining Latin letters (ł, ş, ő…) and symbols a little.
  for (let c = 0; c < codes.length; c++) codes[c] = 61 + (c % 3);
  for (let c = 0x61; c <= 0x7a; c++) codes[c] = c - 0x60;
  for (let i = 0; i < accented.length; i++) codes[accented.charCodeAt(i)] = 27 + i;
  codes[0x27] = 27 + accented.length; // apostrophe
  codes[0x153] = 28 + accented.length; // œ
  return codes;
}

/** Scripts told apart by the first stage; everything not Latin makes a text `other`. */
export const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Arabic', 'Hebrew', 'Devanagari', 'Thai', 'Hangul', 'Japanese kana', 'Chinese (Han)', 'Armenian/Georgian', 'another non-Latin script'] as const;
export type Script = (typeof SCRIPTS)[number];
export const LATIN = 0;
const OTHER_SCRIPT = SCRIPTS.length - 1;

/** Letters of the Latin script that Italian, English, Spanish, French, German and Portuguese use. */
const KNOWN_LATIN = new Set('àáâãäçèéêëìíîïñòóôõöùúûüýÿßœæªº'.split('').map((c) => c.charCodeAt(0)));

/** What the scan saw besides the features; filled in place to avoid allocating per text. */
export interface LanguageScan {
  /** Features written to the buffer. */
  features: number;
  /** Words that gave features (the evidence a decision rests on). */
  words: number;
  /** For each of those words, where its features end in the buffer (its features start where the previous word's end). */
  wordEnds: Int32Array;
  /** 1 where that word was a hashtag. */
  wordIsTag: Uint8Array;
  /** Whether any word has a character beyond ASCII (accents, other scripts). */
  nonAscii: boolean;
  /** Letters per script, indexed like SCRIPTS. */
  scriptLetters: Int32Array;
  /** Latin letters that none of it/en/es/fr/de/pt uses (ł, ő, ş, ø, å, č…), a sign of another language. */
  foreignLatinLetters: number;
  /** Words that carry at least one such letter. */
  foreignLatinWordCount: number;
  /** Up to 3 words that carry foreign Latin letters, for the reasons. */
  foreignLatinWords: string[];
}

export function newLanguageScan(): LanguageScan {
  return { features: 0, words: 0, wordEnds: new Int32Array(MAX_WORDS), wordIsTag: new Uint8Array(MAX_WORDS), nonAscii: false, scriptLetters: new Int32Array(SCRIPTS.length), foreignLatinLetters: 0, foreignLatinWordCount: 0, foreignLatinWords: [] };
}

/**
 * Writes the hashed features of `words` (tokenizer output: lower case, hashtags with `#`, handles
 * with `@`) into `out` (at least FEATURE_BUFFER_SIZE long) as bucket numbers below 2^bits, and
 * fills `scan`. Deterministic and allocation-free apart from the few reason words.
 */
export function extractLanguageFeatures(
  words: readonly string[],
  bits: number,
  out: Int32Array,
  scan: LanguageScan,
  minNgram: number = MIN_NGRAM,
  maxNgram: number = MAX_NGRAM,
): LanguageScan {
  const shift = 32 - bits;
  const scripts = scan.scriptLetters;
  scripts.fill(0);
  scan.foreignLatinLetters = 0;
  scan.foreignLatinWordCount = 0;
  scan.nonAscii = false;
  scan.foreignLatinWords.length = 0;
  let n = 0;
  let used = 0;
  const limit = words.length < MAX_WORDS ? words.length : MAX_WORDS;
  for (let w = 0; w < limit; w++) {
    const word = words[w];
    if (word === SENTENCE_BREAK) continue;
    const first = word.charCodeAt(0);
    if (first === 0x40) continue; // @handle
    const start = first === 0x23 ? 1 : 0; // #hashtag counts without its #
    const len = word.length;
    if (len - start < 1) continue;
    if (len === 2 && word === 'rt') continue;

    // First pass: classify the characters; a word with a digit is a code or a number, not language.
    let digits = false;
    let foreign = 0;
    for (let i = start; i < len; i++) {
      const c = word.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x30 && c <= 0x39) digits = true;
        else if (c >= 0x61 && c <= 0x7a) scripts[LATIN]++;
        continue;
      }
      scan.nonAscii = true;
      const s = scriptOf(c);
      if (s === LATIN) {
        scripts[LATIN]++;
        if (c < 0x300 && !KNOWN_LATIN.has(c)) foreign++;
      } else if (s > 0) {
        scripts[s]++;
        if (c >= 0xd800 && c <= 0xdbff) i++; // one letter, two code units
      }
    }
    if (digits) continue;
    if (foreign > 0) {
      scan.foreignLatinLetters += foreign;
      scan.foreignLatinWordCount++;
      if (scan.foreignLatinWords.length < 3) scan.foreignLatinWords.push(word);
    }

    // Second pass: the n-grams of the boundary-padded word as exact keys of 6-bit codes, and the word.
    const end = len - start > MAX_WORD_CHARS ? start + MAX_WORD_CHARS : len;
    let key = BOUNDARY_CODE;
    let filled = 1; // characters in the key so far, the leading boundary included
    let wordHash = WORD_SEED;
    let previous = -1;
    let collapsing = false;
    for (let i = start; i <= end; i++) {
      let code: number;
      if (i === end) {
        code = BOUNDARY_CODE;
      } else {
        const c = word.charCodeAt(i);
        if (c === previous && collapsing) continue; // the rest of a run of three or more
        if (c !== previous) {
          previous = c;
          collapsing = i + 2 < len && word.charCodeAt(i + 1) === c && word.charCodeAt(i + 2) === c;
        }
        code = c < 0x250 ? CODES[c] : 61 + (c % 3);
        wordHash = Math.imul(wordHash ^ code, FNV_PRIME);
      }
      key = ((key << CODE_BITS) | code) & CODE_MASK;
      filled++;
      // A lone boundary (g = 1 at the end) carries nothing.
      for (let g = i === end && minNgram === 1 ? 2 : minNgram; g <= maxNgram && g <= filled; g++) {
        // The last g codes of the key, tagged with g so that n-grams of different lengths differ.
        const gram = g === MAX_NGRAM ? key : key & ((1 << (CODE_BITS * g)) - 1);
        out[n++] = Math.imul(gram ^ (g << 25), GOLDEN) >>> shift;
      }
    }
    out[n++] = Math.imul(wordHash, GOLDEN) >>> shift;
    scan.wordEnds[used] = n;
    scan.wordIsTag[used] = start;
    used++;
  }
  scan.features = n;
  scan.words = used;
  return scan;
}

/** Index into SCRIPTS for a letter-like UTF-16 code unit at or above 0x80; -1 for marks and symbols. */
function scriptOf(c: number): number {
  if (c <= 0x24f) return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 ? LATIN : -1;
  if (c < 0x370) return -1; // IPA, spacing modifiers, combining marks
  if (c <= 0x3ff) return 2;
  if (c <= 0x52f) return 1;
  if (c <= 0x58f) return 10;
  if (c <= 0x5ff) return 4;
  if (c <= 0x6ff || (c >= 0x750 && c <= 0x77f)) return 3;
  if (c >= 0x900 && c <= 0x97f) return 5;
  if (c >= 0xe00 && c <= 0xe7f) return 6;
  if (c >= 0x10a0 && c <= 0x10ff) return 10;
  if (c >= 0x1100 && c <= 0x11ff) return 7;
  if (c >= 0x1e00 && c <= 0x1eff) return LATIN; // Latin Extended Additional (Vietnamese, Welsh)
  if (c >= 0x2000 && c <= 0x2bff) return -1; // punctuation and symbols
  if (c >= 0x3040 && c <= 0x30ff) return 8;
  if (c >= 0x3130 && c <= 0x318f) return 7;
  if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff)) return 9;
  if (c >= 0xac00 && c <= 0xd7af) return 7;
  if (c >= 0xd800 && c <= 0xdfff) return OTHER_SCRIPT; // astral letters (the tokenizer keeps no emoji)
  if (c >= 0xfb50 && c <= 0xfeff) return c >= 0xfe00 && c <= 0xfe6f ? -1 : 3;
  if (c >= 0xff00 && c <= 0xffef) return c >= 0xff66 ? 8 : -1; // half-width kana; full-width forms
  return OTHER_SCRIPT;
}
