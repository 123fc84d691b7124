import { FEATURE_BUFFER_SIZE, LATIN, MAX_WORD_CHARS, extractLanguageFeatures, newLanguageScan } from '../src/language/language-features';
import {
  LANGUAGE_MODEL_FORMAT,
  LANGUAGE_MODEL_VERSION,
  encodeBuckets,
  loadLanguageModel,
  type LanguageModel,
  type LanguageModelFile,
} from '../src/language/language-model';
import { tokenize } from '../src/text/tokenize';
import { listDatasets, readDataset, type DatasetRecord } from './datasets';

/**
 * Trains the Italian-vs-English model of language detection: multinomial naive Bayes over hashed
 * character n-grams and whole words (language-features.ts), from the `lang` field of every dev
 * record. Deterministic: counting is exact integer arithmetic, every list is sorted, weights are
 * quantised to integers and the scale is rounded, so the same records give a byte-identical file
 * whatever their order.
 */

export interface LanguageTrainingOptions {
  /** 2^hashBits feature buckets. */
  hashBits?: number;
  /** Additive (Lidstone) smoothing of the per-class feature counts. */
  smoothing?: number;
  /** Shortest and longest character n-grams used (at most 4). */
  minNgram?: number;
  maxNgram?: number;
  /** Buckets seen fewer times than this (both languages together) get no weight: rare n-grams are mostly names and typos. */
  minCount?: number;
}

export const LANGUAGE_TRAINING_DEFAULTS: Required<LanguageTrainingOptions> = { hashBits: 18, minNgram: 4, maxNgram: 4, smoothing: 0.1, minCount: 3 };

/** Largest quantised weight; the int8 range keeps the dense table at 2^hashBits bytes. */
const QUANT_MAX = 127;
/** Temperatures tried when calibrating (see `fitTemperature`). */
const TEMPERATURES = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 20];

export interface LabelledText {
  text: string;
  lang: string;
}

/** Trains on every dev data set that has it/en labels (the model file `npm run nlp:train` writes). */
export function trainLanguageModel(options: LanguageTrainingOptions = {}): LanguageModelFile {
  const names = listDatasets();
  if (names.length === 0) throw new Error('no data sets found: set ASCOLTO_DATASETS_DIR or put them in ../shared/datasets');
  const records: DatasetRecord[] = [];
  for (const name of names) records.push(...readDataset(name));
  return trainLanguageModelOn(records, names, options);
}

/** Trains on the given records (those labelled `it` or `en`; others are ignored). */
export function trainLanguageModelOn(records: readonly LabelledText[], datasets: readonly string[] = [], options: LanguageTrainingOptions = {}): LanguageModelFile {
  const opts = { ...LANGUAGE_TRAINING_DEFAULTS, ...options };
  const usable = records.filter(isTrainable);
  const weights = naiveBayesWeights(usable, opts);
  const temperature = fitTemperature(usable, opts);
  return buildFile(weights, opts, temperature, [...datasets].sort(), {
    it: usable.filter((r) => r.lang === 'it').length,
    en: usable.filter((r) => r.lang === 'en').length,
  });
}

/** The model file as committed: stable key order, two-space indentation, final newline. */
export function serializeLanguageModel(file: LanguageModelFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Records the model learns from: labelled `it` or `en` and written mostly in Latin letters. The
 * data sets carry one language per set, and a few of their tweets are in Japanese or Arabic; those
 * would only teach the model that kana are English.
 */
function isTrainable(record: LabelledText): boolean {
  if (record.lang !== 'it' && record.lang !== 'en') return false;
  const scan = extractLanguageFeatures(tokenize(record.text).words, 8, SCRATCH, newLanguageScan());
  let nonLatin = 0;
  for (let s = 1; s < scan.scriptLetters.length; s++) nonLatin += scan.scriptLetters[s];
  return scan.words > 0 && nonLatin <= scan.scriptLetters[LATIN];
}

const SCRATCH = new Int32Array(FEATURE_BUFFER_SIZE);

/** Feature counts per language, by bucket. */
function countFeatures(records: readonly LabelledText[], opts: Required<LanguageTrainingOptions>): { it: Float64Array; en: Float64Array } {
  const size = 1 << opts.hashBits;
  const it = new Float64Array(size);
  const en = new Float64Array(size);
  const scan = newLanguageScan();
  for (const record of records) {
    const counts = record.lang === 'it' ? it : en;
    extractLanguageFeatures(tokenize(record.text).words, opts.hashBits, SCRATCH, scan, opts.minNgram, opts.maxNgram);
    for (let i = 0; i < scan.features; i++) counts[SCRATCH[i]]++;
  }
  return { it, en };
}

/** log P(bucket | it) − log P(bucket | en) for buckets seen at least minCount times; 0 elsewhere. */
function naiveBayesWeights(records: readonly LabelledText[], opts: Required<LanguageTrainingOptions>): Float64Array {
  const { it, en } = countFeatures(records, opts);
  const size = it.length;
  let kept = 0;
  let totalIt = 0;
  let totalEn = 0;
  for (let b = 0; b < size; b++) {
    if (it[b] + en[b] >= opts.minCount) {
      kept++;
      totalIt += it[b];
      totalEn += en[b];
    }
  }
  const a = opts.smoothing;
  const denomIt = Math.log(totalIt + a * kept);
  const denomEn = Math.log(totalEn + a * kept);
  const weights = new Float64Array(size);
  for (let b = 0; b < size; b++) {
    if (it[b] + en[b] < opts.minCount) continue;
    weights[b] = Math.log(it[b] + a) - denomIt - (Math.log(en[b] + a) - denomEn);
  }
  return weights;
}

function quantise(weights: Float64Array): { scale: number; buckets: number[]; values: number[] } {
  let max = 0;
  for (const w of weights) if (Math.abs(w) > max) max = Math.abs(w);
  // The scale is rounded before use, so the quantised values follow from the stored scale exactly.
  const scale = max > 0 ? Number((max / QUANT_MAX).toPrecision(6)) : 1;
  const buckets: number[] = [];
  const values: number[] = [];
  for (let b = 0; b < weights.length; b++) {
    const q = Math.max(-QUANT_MAX, Math.min(QUANT_MAX, Math.round(weights[b] / scale)));
    if (q !== 0) {
      buckets.push(b);
      values.push(q);
    }
  }
  return { scale, buckets, values };
}

function buildFile(
  weights: Float64Array,
  opts: Required<LanguageTrainingOptions>,
  temperature: number,
  datasets: string[],
  records: { it: number; en: number },
): LanguageModelFile {
  const { scale, buckets, values } = quantise(weights);
  const encoded = encodeBuckets(buckets, values);
  return {
    format: LANGUAGE_MODEL_FORMAT,
    version: LANGUAGE_MODEL_VERSION,
    positive: 'it',
    negative: 'en',
    features: { hashBits: opts.hashBits, minNgram: opts.minNgram, maxNgram: opts.maxNgram, maxWordChars: MAX_WORD_CHARS },
    training: { datasets, records, smoothing: opts.smoothing, minCount: opts.minCount },
    scale,
    temperature,
    count: buckets.length,
    buckets: encoded.buckets,
    weights: encoded.weights,
  };
}

/**
 * Naive Bayes adds up the n-grams of one word as if they were independent, so its raw log-odds are
 * far too sure. The temperature that divides them is chosen by log-loss on held-out halves: the
 * records are split in two by a hash of their text, a model trained on each half scores the other.
 */
function fitTemperature(records: readonly LabelledText[], opts: Required<LanguageTrainingOptions>): number {
  const halves: LabelledText[][] = [[], []];
  for (const r of records) halves[fnv1a(r.text) & 1].push(r);
  if (halves[0].length === 0 || halves[1].length === 0) return TEMPERATURES[0];
  const scored: { logOdds: number; it: boolean }[] = [];
  for (const k of [0, 1]) {
    const model = toModel(naiveBayesWeights(halves[k], opts), opts);
    for (const r of halves[1 - k]) scored.push({ logOdds: rawLogOdds(model, r.text), it: r.lang === 'it' });
  }
  let best = TEMPERATURES[0];
  let bestLoss = Infinity;
  for (const t of TEMPERATURES) {
    let loss = 0;
    for (const s of scored) {
      const z = s.it ? s.logOdds / t : -s.logOdds / t;
      loss += z >= 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
    }
    if (loss < bestLoss - 1e-9) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

function toModel(weights: Float64Array, opts: Required<LanguageTrainingOptions>): LanguageModel {
  const { scale, buckets, values } = quantise(weights);
  const dense = new Int8Array(1 << opts.hashBits);
  buckets.forEach((b, i) => (dense[b] = values[i]));
  return { hashBits: opts.hashBits, minNgram: opts.minNgram, maxNgram: opts.maxNgram, weights: dense, scale, temperature: 1 };
}

/** Summed log-odds for Italian before calibration. */
function rawLogOdds(model: LanguageModel, text: string): number {
  const scan = extractLanguageFeatures(tokenize(text).words, model.hashBits, SCRATCH, newLanguageScan(), model.minNgram, model.maxNgram);
  let sum = 0;
  for (let i = 0; i < scan.features; i++) sum += model.weights[SCRATCH[i]];
  return sum * model.scale;
}

/** 32-bit FNV-1a of a string: the deterministic split used for calibration and for the cross-validation folds. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // FNV's low bits depend on few input bits; mix before anyone takes `% folds`.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Decodes a freshly trained file the way the detector will (for cross-validation). */
export function modelFromFile(file: LanguageModelFile): LanguageModel {
  return loadLanguageModel(file);
}
