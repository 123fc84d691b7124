import { finalise } from '../features/feature-hashing';
import { EMOJI_OWNER_BASE, SIGNALS, ownerName, type FeatureVector } from '../features/extract-features';

/**
 * A trained linear classifier over hashed features (multinomial logistic regression), as stored in
 * `libs/nlp/models/*.json` by `npm run nlp:train`. Weights are 8-bit quantised to keep the files
 * small; scoring is a sum of table lookups, so every model costs about a microsecond per mention.
 */
export interface LinearModelFile {
  format: 'ascolto-linear-1';
  name: string;
  /** Feature set the weights belong to (`FEATURE_SET_VERSION`); a mismatch refuses to load. */
  featureSet: string;
  classes: string[];
  /** log2 of the number of hash buckets. */
  bits: number;
  bias: number[];
  /** Signed 8-bit weights, bucket-major (`bucket * classes.length + class`), base64. */
  weights: string;
  /** A stored weight `q` means `q * weightScale`. */
  weightScale: number;
  /** Where the training data came from; shown in docs/quality.md. */
  trainedOn: Array<{ dataset: string; records: number }>;
  /** Training settings, for reproducibility. */
  settings: Record<string, number | string | boolean>;
}

/**
 * What `npm run nlp:train` writes for a model its data cannot train yet (`ModelSpec.minimum`): the
 * pipeline goes without it, and the reason says what is missing.
 */
export interface UntrainedModelFile {
  format: 'ascolto-untrained-1';
  name: string;
  reason: string;
}

export function isTrained(file: LinearModelFile | UntrainedModelFile): file is LinearModelFile {
  return file.format === 'ascolto-linear-1';
}

export interface Prediction {
  index: number;
  label: string;
  /** Softmax probability of each class, in `classes` order. */
  probabilities: number[];
}

export class LinearModel {
  readonly classes: readonly string[];
  private readonly weights: Int8Array;
  private readonly mask: number;
  private readonly bias: Float64Array;
  private readonly scale: number;
  private readonly scores: Float64Array;

  constructor(readonly file: LinearModelFile, expectedFeatureSet: string) {
    if (file.format !== 'ascolto-linear-1') throw new Error(`model ${file.name}: unknown format ${String(file.format)}`);
    if (file.featureSet !== expectedFeatureSet) {
      throw new Error(`model ${file.name} was trained on feature set ${file.featureSet}, the code extracts ${expectedFeatureSet}: run npm run nlp:train`);
    }
    const bytes = Buffer.from(file.weights, 'base64');
    const expected = (1 << file.bits) * file.classes.length;
    if (bytes.length !== expected) throw new Error(`model ${file.name}: ${bytes.length} weights, expected ${expected}`);
    this.weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.classes = file.classes;
    this.mask = (1 << file.bits) - 1;
    this.bias = Float64Array.from(file.bias);
    this.scale = file.weightScale;
    this.scores = new Float64Array(file.classes.length);
  }

  /** Raw class scores (logits) for a feature vector. */
  logits(vector: FeatureVector): Float64Array {
    const k = this.classes.length;
    const scores = this.scores;
    scores.fill(0);
    const { hashes, count } = vector;
    const w = this.weights;
    for (let i = 0; i < count; i++) {
      const base = (finalise(hashes[i]) & this.mask) * k;
      for (let c = 0; c < k; c++) scores[c] += w[base + c];
    }
    const value = count > 0 ? this.scale / Math.sqrt(count) : 0;
    for (let c = 0; c < k; c++) scores[c] = scores[c] * value + this.bias[c];
    return scores;
  }

  predict(vector: FeatureVector): Prediction {
    const logits = this.logits(vector);
    const probabilities = softmax(logits);
    let best = 0;
    for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
    return { index: best, label: this.classes[best], probabilities };
  }

  /**
   * The words, emoji and signals that pushed the text towards `classIndex` the most (against the
   * average of the other classes), strongest first, as `"cancelled" +1.4`. Character n-grams and
   * bigrams count for the word they belong to, so the reasons read as words.
   */
  explain(vector: FeatureVector, classIndex: number, max = 3): string[] {
    const k = this.classes.length;
    const words = vector.tokens.words.length;
    const emojiBase = words + SIGNAL_COUNT;
    // Contributions accumulate in a dense scratch array indexed by owner (words, then signals,
    // then emoji) rather than a Map: this runs for every mention.
    const slots = emojiBase + vector.tokens.emoji.length;
    const sums = slots <= EXPLAIN_SCRATCH.length ? EXPLAIN_SCRATCH : new Float64Array(slots);
    sums.fill(0, 0, slots);
    const value = vector.count > 0 ? this.scale / Math.sqrt(vector.count) : 0;
    const w = this.weights;
    for (let i = 0; i < vector.count; i++) {
      const base = (finalise(vector.hashes[i]) & this.mask) * k;
      let margin: number;
      if (k > 1) {
        let others = 0;
        for (let c = 0; c < k; c++) if (c !== classIndex) others += w[base + c];
        margin = w[base + classIndex] - others / (k - 1);
      } else {
        margin = w[base];
      }
      const owner = vector.owners[i];
      const slot = owner >= 0 ? owner : owner <= EMOJI_OWNER_BASE ? emojiBase + (EMOJI_OWNER_BASE - owner) : words + (-1 - owner);
      if (slot < slots) sums[slot] += margin * value;
    }
    // Top `max` slots by a few linear passes (max is tiny), ties to the earlier slot.
    const picked: number[] = [];
    for (let round = 0; round < max; round++) {
      let best = -1;
      for (let s = 0; s < slots; s++) {
        if (sums[s] > MIN_REASON_CONTRIBUTION && (best < 0 || sums[s] > sums[best]) && !picked.includes(s)) best = s;
      }
      if (best < 0) break;
      picked.push(best);
    }
    return picked.map((s) => {
      const owner = s < words ? s : s < emojiBase ? -1 - (s - words) : EMOJI_OWNER_BASE - (s - emojiBase);
      return `${ownerName(vector, owner)} +${sums[s].toFixed(1)}`;
    });
  }
}

const SIGNAL_COUNT = SIGNALS.length;
const MIN_REASON_CONTRIBUTION = 0.05;
const EXPLAIN_SCRATCH = new Float64Array(4_096);

export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  const out = new Array<number>(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}
