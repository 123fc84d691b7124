/**
 * 32-bit FNV-1a over UTF-16 code units, with a seed per feature kind so that the word "non", the
 * negated word "non" and the character n-gram "non" land in different buckets. Chosen for speed:
 * features are hashed on the fly, never materialised as strings, so the hot path allocates almost
 * nothing. Collisions are harmless for linear models at our table sizes (2^18 buckets).
 */

export const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Feature kinds; the value seeds the hash. Changing one changes every trained model. */
export const enum FeatureKind {
  Word = 0x01,
  NegatedWord = 0x02,
  Bigram = 0x03,
  Emoji = 0x05,
  Signal = 0x06,
  HashtagPart = 0x07,
}

export function seed(kind: FeatureKind): number {
  return Math.imul(FNV_OFFSET ^ kind, FNV_PRIME);
}

export function hashString(kind: FeatureKind, text: string): number {
  let h = seed(kind);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Combines two hashes (for word bigrams); order matters. */
export function combine(a: number, b: number): number {
  let h = seed(FeatureKind.Bigram);
  h = Math.imul(h ^ (a & 0xffff), FNV_PRIME);
  h = Math.imul(h ^ (a >>> 16), FNV_PRIME);
  h = Math.imul(h ^ (b & 0xffff), FNV_PRIME);
  return Math.imul(h ^ (b >>> 16), FNV_PRIME);
}

/** Spreads the bits before masking to a table size (FNV's low bits are weak for short keys). */
export function finalise(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function step(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}
