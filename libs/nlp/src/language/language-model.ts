import { MAX_NGRAM, MAX_WORD_CHARS } from './language-features';

/**
 * The Italian-vs-English model: one weight per hashed feature bucket (see language-features.ts),
 * the log-likelihood ratio log P(feature | it) − log P(feature | en) of a multinomial naive Bayes
 * model trained by libs/nlp/training/train-language.ts. A text's log-odds for Italian is the sum of
 * its features' weights; the file stores only the buckets that training kept, quantised to
 * integers, as base64 so that the JSON stays small and loads in a millisecond.
 */

export const LANGUAGE_MODEL_FORMAT = 'ascolto-language-model';
export const LANGUAGE_MODEL_VERSION = 1;

export interface LanguageModelFile {
  format: typeof LANGUAGE_MODEL_FORMAT;
  version: typeof LANGUAGE_MODEL_VERSION;
  /** Positive weights favour `positive`, negative ones `negative`. */
  positive: 'it';
  negative: 'en';
  features: {
    hashBits: number;
    minNgram: number;
    maxNgram: number;
    maxWordChars: number;
  };
  /** Where the model came from, so that a model file explains itself. */
  training: {
    datasets: string[];
    records: { it: number; en: number };
    smoothing: number;
    minCount: number;
  };
  /** A weight is its quantised integer × scale. */
  scale: number;
  /**
   * Divides the summed log-odds before the logistic function: naive Bayes counts correlated
   * n-grams of one word as independent evidence and is overconfident; fitted at training time.
   */
  temperature: number;
  /** Number of stored buckets. */
  count: number;
  /** Base64 of the bucket numbers in increasing order, as unsigned LEB128 gaps from the previous one. */
  buckets: string;
  /** Base64 of one signed byte per stored bucket: the quantised weight. */
  weights: string;
}

/** The model ready to score: a dense weight per bucket. */
export interface LanguageModel {
  hashBits: number;
  minNgram: number;
  maxNgram: number;
  /** Quantised weights, indexed by bucket. */
  weights: Int8Array;
  scale: number;
  temperature: number;
}

/** Checks the shape of a parsed model file; throws with the first thing that is wrong. */
export function validateLanguageModelFile(value: unknown): LanguageModelFile {
  const file = value as Partial<LanguageModelFile> | null;
  const fail = (what: string): never => {
    throw new Error(`language model file: ${what}`);
  };
  if (typeof file !== 'object' || file === null) return fail('not an object');
  if (file.format !== LANGUAGE_MODEL_FORMAT) fail(`format is not "${LANGUAGE_MODEL_FORMAT}"`);
  if (file.version !== LANGUAGE_MODEL_VERSION) fail(`version ${String(file.version)} is not ${LANGUAGE_MODEL_VERSION}`);
  if (file.positive !== 'it' || file.negative !== 'en') fail('languages must be it (positive) and en (negative)');
  const f = file.features;
  if (!f || !Number.isInteger(f.hashBits) || f.hashBits < 8 || f.hashBits > 24) fail('features.hashBits must be an integer in [8, 24]');
  if (!f || !Number.isInteger(f.minNgram) || !Number.isInteger(f.maxNgram) || f.minNgram < 1 || f.minNgram > f.maxNgram || f.maxNgram > MAX_NGRAM) {
    fail(`features.minNgram and maxNgram must be integers with 1 ≤ minNgram ≤ maxNgram ≤ ${MAX_NGRAM}`);
  }
  if (f?.maxWordChars !== MAX_WORD_CHARS) fail(`features.maxWordChars must be ${MAX_WORD_CHARS}, the value the detector extracts with`);
  for (const key of ['scale', 'temperature'] as const) {
    if (typeof file[key] !== 'number' || !(file[key] > 0) || !Number.isFinite(file[key])) fail(`${key} must be a positive number`);
  }
  if (!Number.isInteger(file.count) || (file.count as number) < 0) fail('count must be a non-negative integer');
  if (typeof file.buckets !== 'string' || typeof file.weights !== 'string') fail('buckets and weights must be base64 strings');
  if (!file.training || !Array.isArray(file.training.datasets)) fail('training.datasets must be a list');
  return file as LanguageModelFile;
}

/** Decodes a model file into dense weights; throws if the payload does not match `count` and `hashBits`. */
export function loadLanguageModel(value: unknown): LanguageModel {
  const file = validateLanguageModelFile(value);
  const size = 1 << file.features.hashBits;
  const gaps = Buffer.from(file.buckets, 'base64');
  const quantised = Buffer.from(file.weights, 'base64');
  if (quantised.length !== file.count) throw new Error(`language model file: ${quantised.length} weights for count ${file.count}`);
  const weights = new Int8Array(size);
  let bucket = -1;
  let read = 0;
  for (let i = 0; i < file.count; i++) {
    let gap = 0;
    let shift = 0;
    for (;;) {
      if (read >= gaps.length) throw new Error('language model file: bucket list ends early');
      const byte = gaps[read++];
      gap += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) break;
    }
    bucket += gap;
    if (gap === 0 || bucket >= size) throw new Error(`language model file: bucket ${bucket} out of order or beyond 2^${file.features.hashBits}`);
    weights[bucket] = (quantised[i] << 24) >> 24;
  }
  if (read !== gaps.length) throw new Error('language model file: trailing bytes in the bucket list');
  const { hashBits, minNgram, maxNgram } = file.features;
  return { hashBits, minNgram, maxNgram, weights, scale: file.scale, temperature: file.temperature };
}

/** Encodes sorted buckets and their quantised weights the way `loadLanguageModel` reads them. */
export function encodeBuckets(buckets: readonly number[], quantised: readonly number[]): { buckets: string; weights: string } {
  const bytes: number[] = [];
  let previous = -1;
  for (const bucket of buckets) {
    let gap = bucket - previous;
    if (gap <= 0) throw new Error('buckets must be strictly increasing');
    previous = bucket;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap = Math.floor(gap / 0x80);
    }
    bytes.push(gap);
  }
  const signed = Buffer.from(Int8Array.from(quantised).buffer);
  return { buckets: Buffer.from(bytes).toString('base64'), weights: signed.toString('base64') };
}
