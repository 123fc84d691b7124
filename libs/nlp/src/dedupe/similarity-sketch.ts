import { hammingDistance } from '@ascolto/domain';
import { SENTENCE_BREAK, tokenize } from '../text/tokenize';
import { foldLatin } from '../text/fold-latin';

/**
 * Near-duplicate fingerprints: a 64-bit SimHash over word shingles, and the LSH keys that let an
 * index find candidates without comparing every pair.
 *
 * Normalisation, so that the copies a care team sees as "the same post" get the same words:
 * lower case and punctuation come from `tokenize()`; diacritics are folded here (perché = perche);
 * URLs are skipped by the tokeniser; @handles and a leading `RT @user:` are dropped (a retweet or a
 * copy addressed to someone else is the same text); `#tag` counts as the word `tag`.
 *
 * Everything runs on 32-bit integers (the 64 bits are two halves): no BigInt and no strings are
 * built per word, so a mention costs well under two microseconds on top of the tokens the pipeline
 * already has.
 */

/** Fewer content words than this and a SimHash is noise: such texts only match exactly. */
export const MIN_SKETCH_WORDS = 4;
/**
 * SimHash distance at or under which two mentions that share a lookup key are near duplicates.
 * Calibrated on the demo posts (see docs/decisions.md): one word changed in a 20-word post moves
 * a short text's SimHash by 2–14 bits, while distinct posts about the same brand stay at 18 and
 * above (unrelated texts: 32 on average).
 */
export const NEAR_DUPLICATE_DISTANCE = 12;
/**
 * Lookup keys (LSH bands) per sketch. Each band is two MinHash minima hashed together, so two texts
 * whose features overlap with Jaccard similarity J share a given band with probability J², and at
 * least one of the bands with probability 1 − (1 − J²)^bands: 0.9997 at J = 0.8, 0.97 at J = 0.6,
 * 0.28 at J = 0.2. Unrelated texts share a band only by a 32-bit hash collision, so a lookup
 * returns real candidates, not a share of the whole index.
 */
export const MINHASH_BANDS = 8;

export interface SimilaritySketch {
  /**
   * 16 lower-case hex characters (64-bit SimHash), or null when the text has fewer than
   * `MIN_SKETCH_WORDS` content words: then only an identical text (after normalisation) matches.
   */
  simhash: string | null;
  /**
   * Lookup keys: `MINHASH_BANDS` band keys (`m<band><6 hex>`) for a sketch, or one exact-text key
   * (`x<16 hex>`) for a short text. Empty when the text has no words at all (an image, a link):
   * such mentions are never grouped.
   */
  keys: string[];
}

const NO_SKETCH: SimilaritySketch = Object.freeze({ simhash: null, keys: Object.freeze([]) as unknown as string[] });

/** FNV-1a over the folded word; combining marks and apostrophes are ignored (don't = dont). */
function wordHash(word: string, from: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < word.length; i++) {
    let c = word.charCodeAt(i);
    if (c >= 0xc0) {
      if (c < 0x180) c = foldLatin(c);
      else if (c >= 0x300 && c <= 0x36f) continue;
    } else if (c === 0x27) {
      continue;
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h | 0;
}

/** murmur3's finaliser: spreads every input bit over the output. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

// Scratch space reused by every call (JavaScript runs one call at a time): no allocation per mention.
// Signed 32-bit arrays throughout: values above 2^31 in a Uint32Array leave V8's small-integer fast
// path (each read becomes a heap number), which made this loop several times slower.
let words32 = new Int32Array(256);
let features32 = new Int32Array(512);
/** Bit-sliced counters: plane p holds bit p of the 32 per-bit counts of one half. */
const PLANES = 16;
const hiPlanes = new Int32Array(PLANES);
const loPlanes = new Int32Array(PLANES);
/** Per MinHash bucket, the smallest 31-bit value seen (negative: borrowed by `densify`). */
const minima = new Int32Array(2 * MINHASH_BANDS);
const EMPTY = 0x7fffffff;
/** 16 buckets: the top 4 bits of a feature's second hash pick its bucket. */
const BUCKET_SHIFT = 32 - Math.log2(2 * MINHASH_BANDS);

/**
 * The sketch of a text already tokenised by `tokenize()` (the pipeline's tokens). Never throws.
 */
export function sketchWords(words: readonly string[]): SimilaritySketch {
  if (!Array.isArray(words)) return NO_SKETCH;
  let n = 0;
  let first = true;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (typeof word !== 'string' || word.length === 0 || word === SENTENCE_BREAK) continue;
    const lead = word.charCodeAt(0);
    if (lead === 0x40) continue; // @handle
    // "RT @user: …": the retweet marker is not part of what was said.
    if (first && word === 'rt' && typeof words[i + 1] === 'string' && words[i + 1].charCodeAt(0) === 0x40) continue;
    first = false;
    if (n === words32.length) words32 = grow(words32);
    words32[n++] = wordHash(word, lead === 0x23 ? 1 : 0);
  }
  if (n === 0) return NO_SKETCH;
  if (n < MIN_SKETCH_WORDS) return exactKey(n);

  // Features: every word, and every pair of neighbouring words (order matters, and one changed
  // word touches one word and two pairs only).
  const count = 2 * n - 1;
  if (count > features32.length) features32 = new Int32Array(2 * count);
  for (let i = 0; i < n; i++) features32[i] = fmix(words32[i]);
  for (let i = 1; i < n; i++) features32[n + i - 1] = fmix(Math.imul(words32[i - 1], 0x9e3779b1) ^ words32[i]);

  // SimHash: bit b of the sketch is set when most features have bit b set. Counting is
  // bit-sliced (32 counters added at once with carries), not one bit at a time.
  // MinHash, one permutation: each feature falls in one of the buckets by its top bits and each
  // bucket keeps its smallest value; a hash per feature instead of one per feature and function.
  hiPlanes.fill(0);
  loPlanes.fill(0);
  minima.fill(EMPTY);
  for (let f = 0; f < count; f++) {
    const feature = features32[f];
    addToCounters(hiPlanes, feature);
    const second = fmix(feature ^ 0x5bd1e995);
    addToCounters(loPlanes, second);
    const bucket = second >>> BUCKET_SHIFT;
    const value = (Math.imul(feature ^ second, 0x27d4eb2d) & 0x7fffffff) | 0;
    if (value < minima[bucket]) minima[bucket] = value;
  }
  densify();
  const half = count >>> 1; // set when the count exceeds half the features
  const simhash = hex16(countersAbove(hiPlanes, half), countersAbove(loPlanes, half));
  const keys: string[] = new Array(MINHASH_BANDS);
  for (let band = 0; band < MINHASH_BANDS; band++) {
    keys[band] = bandKey(band, fmix(Math.imul(minima[2 * band], 0x9e3779b1) ^ minima[2 * band + 1]));
  }
  return { simhash, keys };
}

/**
 * A short text leaves buckets empty; an empty bucket borrows the value of the next non-empty one
 * (circularly), marked with how far it looked, so that two texts with the same features still
 * get the same keys, and an empty bucket does not match every other empty bucket.
 */
function densify(): void {
  const buckets = minima.length;
  for (let i = 0; i < buckets; i++) {
    if (minima[i] !== EMPTY) continue;
    for (let step = 1; step < buckets; step++) {
      const donor = minima[(i + step) % buckets];
      if (donor !== EMPTY && donor >= 0) {
        // Negative values mark borrowed ones, so a borrowed value is never lent on.
        minima[i] = -1 - (fmix(donor + step) & 0x3fffffff);
        break;
      }
    }
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(a.length * 2);
  grown.set(a);
  return grown;
}

/** Adds one to the counters of the bits set in `x` (a ripple carry through the planes). */
function addToCounters(planes: Int32Array, x: number): void {
  let carry = x | 0;
  for (let p = 0; carry !== 0 && p < PLANES; p++) {
    const next = planes[p] & carry;
    planes[p] ^= carry;
    carry = next;
  }
}

/** The bits whose counter is greater than `threshold`, compared plane by plane from the top. */
function countersAbove(planes: Int32Array, threshold: number): number {
  let greater = 0;
  let equal = -1;
  for (let p = PLANES - 1; p >= 0; p--) {
    const plane = planes[p];
    if ((threshold >>> p) & 1) {
      equal &= plane;
    } else {
      greater |= equal & plane;
      equal &= ~plane;
    }
  }
  return greater;
}

function exactKey(n: number): SimilaritySketch {
  // Two independent 32-bit hashes of the word sequence: 64 bits, so unrelated short texts collide
  // with negligible probability.
  let a = 0x2545f491;
  let b = 0x6b43a9b5;
  for (let i = 0; i < n; i++) {
    a = fmix(Math.imul(a, 0x01000193) ^ words32[i]);
    b = fmix(Math.imul(b ^ words32[i], 0x9e3779b1) + i);
  }
  return { simhash: null, keys: ['x' + hex16(a, b)] };
}

// Hex digits as character codes: a key is made by one String.fromCharCode call (a flat string),
// several times cheaper than concatenating pieces.
const HEX_CODES = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const hexAt = (v: number, shift: number) => HEX_CODES[(v >>> shift) & 0xf];

function hex16(hi: number, lo: number): string {
  return String.fromCharCode(
    hexAt(hi, 28), hexAt(hi, 24), hexAt(hi, 20), hexAt(hi, 16), hexAt(hi, 12), hexAt(hi, 8), hexAt(hi, 4), hexAt(hi, 0),
    hexAt(lo, 28), hexAt(lo, 24), hexAt(lo, 20), hexAt(lo, 16), hexAt(lo, 12), hexAt(lo, 8), hexAt(lo, 4), hexAt(lo, 0),
  );
}

/** `<prefix><band digit><6 hex>`: 24 bits are plenty for a band key (with the band in front, a chance match is one in 16 million). */
function bandKey(band: number, v: number): string {
  return String.fromCharCode(0x6d, 0x30 + band, hexAt(v, 20), hexAt(v, 16), hexAt(v, 12), hexAt(v, 8), hexAt(v, 4), hexAt(v, 0));
}

/** The sketch of a plain text (tokenises it first). Never throws. */
export function sketchText(text: string): SimilaritySketch {
  return sketchWords(tokenize(typeof text === 'string' ? text : '').words);
}

// Comparing sketches belongs to the stored format (libs/domain); exported here too for callers of this module.
export { hammingDistance };
