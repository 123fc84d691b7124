import { foldLatin } from '../text/fold-latin';
import { SENTENCE_BREAK, type Tokens } from '../text/tokenize';
import { combine, FeatureKind, hashString, seed, step } from './feature-hashing';

/**
 * Turns a tokenised post into hashed features shared by every trained model (sentiment, complaint):
 * one extraction per mention, then each model is a dot product over the same buffer.
 *
 * Features:
 *  - words, folded (diacritics removed, elongations squashed: `grazieeee` → `grazie`), with
 *    Italian elisions split by the tokenizer (`dell'`, `assistenza`);
 *  - an English stem of inflected words (`delayed`, `charges` → `delay`, `charge`), hashed like the
 *    word itself, so the weight of a word is shared by its inflections (the complaints data is
 *    small: most inflections are seen once);
 *  - the same word marked as negated inside a negation scope (`non funziona`, `not working`,
 *    `didn't arrive`): from a negator to the next sentence break, at most NEGATION_SCOPE words;
 *  - word bigrams inside a sentence;
 *  - hashtag words, split at case changes (`#NonFunzionaNiente` → non, funziona, niente);
 *  - emoji and emoticons;
 *  - signals: SHOUTING, exclamation and question marks, elongation, links, handles (and whether one
 *    is a customer-support account: `@AmazonHelp`, `@XboxSupport`, `@ComcastCares`), length, and
 *    the bucketed lexicon score (see sentiment-lexicon.ts), so the lexicon's knowledge of words the
 *    training data never saw still counts.
 *
 * Character n-grams were tried (2–5 and 3–4 grams of each word): in cross-validation they lowered
 * macro-F1 on every task by 0.5–1 point and tripled the cost, so they are not used.
 *
 * Every feature remembers where it came from (`owners`) so a model can say which words decided
 * its label.
 */

/** Bump when anything below changes what features a text produces; models record it. */
export const FEATURE_SET_VERSION = 'fs-2';

export const NEGATION_SCOPE = 3;
const MAX_FEATURES = 16_384;

/** Whole-text signals; their index is part of the owner encoding, so only append. */
export const SIGNALS = [
  'shouting',
  'exclamation',
  'several exclamations',
  'question',
  'link',
  'addressed to an account',
  'elongated word',
  'lexicon: strongly negative',
  'lexicon: negative',
  'lexicon: no sentiment words',
  'lexicon: positive',
  'lexicon: strongly positive',
  'negation',
  'very short text',
  'long text',
  'emoji',
  'addressed to a support account',
] as const;
export type Signal = (typeof SIGNALS)[number];
const SIGNAL_HASHES = SIGNALS.map((name) => hashString(FeatureKind.Signal, name));
const SIGNAL_INDEX = new Map<string, number>(SIGNALS.map((name, i) => [name, i]));

/** Owner codes: ≥ 0 word index; -1-k signal k; ≤ EMOJI_OWNER_BASE emoji index. */
export const EMOJI_OWNER_BASE = -1_000;

export interface FeatureVector {
  /** Unmasked 32-bit feature hashes; repeats allowed (counts). Only the first `count` are valid. */
  hashes: Int32Array;
  owners: Int32Array;
  count: number;
  tokens: Tokens;
}

const NEGATORS = new Set([
  'non', 'mai', 'nessuno', 'nessuna', 'niente', 'nulla', 'né', 'ne', 'nemmeno', 'neanche', 'neppure', 'senza',
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt',
  'wont', 'without', 'neither', 'nor',
]);

function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

/**
 * Folds diacritics, squashes runs of three or more equal letters to one (`grazieeee`, `nooo`),
 * and maps numbers to `0`. Returns the word unchanged (no allocation) when nothing applies.
 */
export function foldWord(word: string): string {
  let plain = true;
  let digits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    if (c >= 0xc0 || (i >= 2 && c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2))) plain = false;
  }
  if (digits === word.length && digits > 0) return '0';
  if (plain) return word;
  let out = '';
  let i = 0;
  while (i < word.length) {
    const c = foldLatin(word.charCodeAt(i));
    let run = 1;
    while (i + run < word.length && foldLatin(word.charCodeAt(i + run)) === c) run++;
    const ch = String.fromCharCode(c);
    out += run >= 3 ? ch : run === 2 ? ch + ch : ch;
    i += run;
  }
  return out;
}

function hasElongation(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2) && c > 0x40) return true;
  }
  return false;
}

/**
 * Parts of a camel-cased hashtag as it was written (`#NonFunzionaNiente`); all-lower or all-upper
 * tags cannot be split without a dictionary and are left to character n-grams.
 */
export function hashtagParts(original: string): string[] {
  const body = original.startsWith('#') ? original.slice(1) : original;
  const parts = body
    .split(/_+|(?<=[\p{Ll}\d])(?=\p{Lu})|(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/u)
    .filter((p) => p.length > 0)
    .map((p) => p.toLowerCase());
  return parts.length > 1 ? parts : [];
}

/** Lexicon score buckets, as signal names. */
export function lexiconSignal(score: number, hits: boolean): Signal {
  if (!hits) return 'lexicon: no sentiment words';
  if (score <= -0.5) return 'lexicon: strongly negative';
  if (score < 0) return 'lexicon: negative';
  if (score >= 0.5) return 'lexicon: strongly positive';
  if (score > 0) return 'lexicon: positive';
  return 'lexicon: no sentiment words';
}

export interface FeatureContext {
  /** Lexicon sentiment score in [-1, 1] and whether any lexicon word or emoji counted. */
  lexiconScore: number;
  lexiconHits: boolean;
}

/** What the features need to know about one token; the same for every occurrence of the token. */
interface WordInfo {
  word: number;
  /** Hash of the word's stem (as a word), 0 when stemming leaves the word as it is. */
  stem: number;
  negated: number;
  tag: number;
  isTag: boolean;
  negator: boolean;
  elongated: boolean;
}

/**
 * Token → its hashes. Social text repeats a small vocabulary, so most tokens are seen before and
 * folding and hashing them again was the larger part of extraction. Bounded: cleared when full, so
 * a stream of unique strings (ids, spam) cannot grow it. Small on purpose: at 50,000 entries (all
 * 43,000 distinct words of the dev texts) the table took 3–4 MB and its look-ups missed the CPU
 * caches like the computation they saved; at 4,096 the frequent words stay and the table stays
 * in the core's cache (same speed on the dev texts, 13 % faster on the demo stream, process
 * against process, alternated).
 */
const WORD_CACHE = new Map<string, WordInfo>();
const WORD_CACHE_LIMIT = 4_096;

function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

function wordInfo(raw: string): WordInfo {
  const cached = WORD_CACHE.get(raw);
  if (cached) return cached;
  const isTag = raw.charCodeAt(0) === 0x23;
  const word = foldWord(isTag ? raw.slice(1) : raw);
  let h = seed(FeatureKind.Word);
  let n = seed(FeatureKind.NegatedWord);
  for (let k = 0; k < word.length; k++) {
    h = step(h, word.charCodeAt(k));
    n = step(n, word.charCodeAt(k));
  }
  const stemmed = isTag ? word : stemEnglish(word);
  const info: WordInfo = {
    word: h,
    stem: stemmed === word ? 0 : hashString(FeatureKind.Word, stemmed),
    negated: n,
    tag: isTag ? hashString(FeatureKind.HashtagPart, word) : 0,
    isTag,
    negator: isNegator(word),
    elongated: hasElongation(raw),
  };
  // Tokens with digits (order numbers, dates, prices) are mostly one-offs: caching them would only
  // grow the table past what stays in the CPU cache.
  if (hasDigit(raw)) return info;
  if (WORD_CACHE.size >= WORD_CACHE_LIMIT) WORD_CACHE.clear();
  WORD_CACHE.set(raw, info);
  return info;
}

// Reused by every call (the pipeline is synchronous); the result gets its own right-sized copies.
const SCRATCH_HASHES = new Int32Array(MAX_FEATURES);
const SCRATCH_OWNERS = new Int32Array(MAX_FEATURES);

/**
 * Extracts features. By default the vector's arrays are shared scratch buffers (only the first
 * `count` entries are valid), good until the next call: the pipeline scores them at once and
 * allocating per mention showed up as a third of the stage's time. `keep` returns arrays of their
 * own, exactly `count` long, for training, which holds every vector.
 */
// Module-level cursor instead of a closure over a local counter: this is the hottest loop of the
// pipeline, and a captured, mutated local forces a heap-allocated context per call.
let cursor = 0;

function push(h: number, owner: number): void {
  if (cursor < MAX_FEATURES) {
    SCRATCH_HASHES[cursor] = h;
    SCRATCH_OWNERS[cursor] = owner;
    cursor++;
  }
}

function signal(name: Signal): void {
  const k = SIGNAL_INDEX.get(name)!;
  push(SIGNAL_HASHES[k], -1 - k);
}

export function extractFeatures(tokens: Tokens, context: FeatureContext, keep = false): FeatureVector {
  cursor = 0;
  const words = tokens.words;
  let negatedLeft = 0;
  let sawNegation = false;
  let prevHash = 0;
  let prevValid = false;
  let elongated = false;
  let supportAccount = false;

  for (let i = 0; i < words.length; i++) {
    const raw = words[i];
    if (raw === SENTENCE_BREAK) {
      negatedLeft = 0;
      prevValid = false;
      continue;
    }
    const first = raw.charCodeAt(0);
    if (first === 0x40) {
      // Handles say who is addressed, not what is said; one shared feature, and one more when a
      // customer-support account is addressed.
      if (!supportAccount) supportAccount = isSupportHandle(raw);
      prevValid = false;
      continue;
    }
    const info = wordInfo(raw);
    if (info.elongated) elongated = true;

    // Word (or negated word); a hashtag also as a tag, never negated.
    push(info.isTag || negatedLeft === 0 ? info.word : info.negated, i);
    if (info.isTag) push(info.tag, i);
    if (info.stem !== 0) push(info.stem, i);

    // Bigram with the previous word of the same sentence.
    if (prevValid) push(combine(prevHash, info.word), i);
    prevHash = info.word;
    prevValid = true;

    if (negatedLeft > 0) negatedLeft--;
    if (info.negator) {
      negatedLeft = NEGATION_SCOPE;
      sawNegation = true;
    }
  }

  if (tokens.tags.length) {
    for (const tag of tokens.tags) {
      for (const part of hashtagParts(tag)) {
        const owner = words.indexOf(tag.toLowerCase());
        push(hashString(FeatureKind.Word, foldWord(part)), owner);
      }
    }
  }

  for (let e = 0; e < tokens.emoji.length; e++) push(hashString(FeatureKind.Emoji, tokens.emoji[e]), EMOJI_OWNER_BASE - e);
  if (tokens.emoji.length > 0) signal('emoji');
  if (tokens.letters >= 8 && tokens.upperLetters / tokens.letters > 0.7) signal('shouting');
  if (tokens.exclamationMarks > 0) signal('exclamation');
  if (tokens.exclamationMarks > 1) signal('several exclamations');
  if (tokens.questionMarks > 0) signal('question');
  if (tokens.urls > 0) signal('link');
  if (tokens.mentions > 0) signal('addressed to an account');
  if (supportAccount) signal('addressed to a support account');
  if (elongated || tokens.longestRepeat >= 4) signal('elongated word');
  if (sawNegation) signal('negation');
  if (tokens.wordCount <= 3) signal('very short text');
  else if (tokens.wordCount >= 40) signal('long text');
  signal(lexiconSignal(context.lexiconScore, context.lexiconHits));

  if (!keep) return { hashes: SCRATCH_HASHES, owners: SCRATCH_OWNERS, count: cursor, tokens };
  const hashes = new Int32Array(cursor);
  const owners = new Int32Array(cursor);
  for (let i = 0; i < cursor; i++) {
    hashes[i] = SCRATCH_HASHES[i];
    owners[i] = SCRATCH_OWNERS[i];
  }
  return { hashes, owners, count: cursor, tokens };
}

/**
 * A light English stemmer for inflections only (plural and third person `-s`, `-ies`, `-ed`, `-ied`,
 * `-ing`, adverbs in `-ly`, possessive `'s`); no derivational suffixes, no dictionary. Its output is
 * a feature, never shown, so `charg` from `charging` is fine. Italian words rarely end in these
 * English suffixes and pass through.
 */
export function stemEnglish(word: string): string {
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  const n = w.length;
  if (n > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (n > 4 && (w.endsWith('ied') || w.endsWith('ies'))) return `${w.slice(0, -3)}y`;
  if (n > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (n > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  if (n > 5 && w.endsWith('ly')) return w.slice(0, -2);
  return w;
}

/**
 * Handles of customer-care accounts, as brands name them: `@AmazonHelp`, `@AppleSupport`,
 * `@ComcastCares`, `@BurberryService`, `@hm_custserv`, `@HondaCustSvc`, `@AskPlayStation`. `raw` is
 * the lower-cased token with its `@`.
 */
export function isSupportHandle(raw: string): boolean {
  return (
    raw.includes('help') ||
    raw.includes('support') ||
    raw.includes('care') ||
    raw.includes('service') ||
    raw.includes('custserv') ||
    raw.includes('custsvc') ||
    raw.startsWith('@ask')
  );
}

/** Human name of a feature owner, for explanations. */
export function ownerName(vector: FeatureVector, owner: number): string {
  if (owner >= 0) return `"${vector.tokens.words[owner]}"`;
  if (owner <= EMOJI_OWNER_BASE) return vector.tokens.emoji[EMOJI_OWNER_BASE - owner] ?? 'emoji';
  return SIGNALS[-1 - owner] ?? 'signal';
}
