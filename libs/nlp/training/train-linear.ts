import { finalise } from '../src/features/feature-hashing';
import type { FeatureVector } from '../src/features/extract-features';
import { FEATURE_SET_VERSION } from '../src/features/extract-features';
import type { LinearModelFile } from '../src/models/linear-model';

/**
 * Multinomial logistic regression over hashed features, trained with AdaGrad and L2. Written here
 * rather than taken from a library because it is small, the hot path must read the same hashed
 * features, and training must be exactly reproducible: examples are visited in an order fixed by a
 * seeded generator and all arithmetic is IEEE double, so the same data gives byte-identical files.
 */

export interface TrainingExample {
  vector: Pick<FeatureVector, 'hashes' | 'count'>;
  /** Index into `classes`. */
  label: number;
  /** Sample weight (e.g. a person's correction counts more than a crowd label). Default 1. */
  weight?: number;
  /**
   * 0 (default): the data the model is for. 1, 2…: another source of related, differently labelled
   * data. Such examples train the shared weights and a copy of the weights of their own, which
   * absorbs what is peculiar to their source and is thrown away ("frustratingly easy domain
   * adaptation", Daumé III 2007): the model file holds shared + domain-0 weights, so scoring is
   * unchanged.
   */
  domain?: number;
}

export interface LinearTrainingOptions {
  name: string;
  classes: string[];
  bits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weigh classes inversely to their frequency, which favours macro-F1 over accuracy. */
  balanced: boolean;
  seed: number;
  trainedOn: LinearModelFile['trainedOn'];
}

export const DEFAULT_TRAINING: Omit<LinearTrainingOptions, 'name' | 'classes' | 'trainedOn'> = {
  bits: 18,
  epochs: 12,
  learningRate: 0.1,
  l2: 1e-6,
  balanced: true,
  seed: 20_261_122,
};

/** Small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function trainLinearModel(examples: readonly TrainingExample[], options: LinearTrainingOptions): LinearModelFile {
  const k = options.classes.length;
  const size = 1 << options.bits;
  const mask = size - 1;
  const weights = new Float64Array(size * k);
  const gradSq = new Float64Array(size * k);
  const bias = new Float64Array(k);
  const biasGradSq = new Float64Array(k);
  // Each domain's own copy of weights and bias (none when every example is domain 0).
  const domains = examples.reduce((max, e) => Math.max(max, e.domain ?? 0), 0);
  const copies = Array.from({ length: domains > 0 ? domains + 1 : 0 }, () => ({
    weights: new Float64Array(size * k),
    gradSq: new Float64Array(size * k),
    bias: new Float64Array(k),
    biasGradSq: new Float64Array(k),
  }));

  // Buckets and feature value per example, computed once.
  const buckets = examples.map((e) => {
    const out = new Int32Array(e.vector.count);
    for (let i = 0; i < e.vector.count; i++) out[i] = finalise(e.vector.hashes[i]) & mask;
    return out;
  });
  const values = examples.map((e) => (e.vector.count > 0 ? 1 / Math.sqrt(e.vector.count) : 0));

  const classCounts = new Float64Array(k);
  for (const e of examples) classCounts[e.label] += e.weight ?? 1;
  const total = classCounts.reduce((a, b) => a + b, 0);
  const classWeight = Array.from(classCounts, (count) => (options.balanced && count > 0 ? total / (k * count) : 1));

  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  const probs = new Float64Array(k);
  const lr = options.learningRate;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    // Fisher–Yates with the seeded generator.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const idx of order) {
      const example = examples[idx];
      const b = buckets[idx];
      const x = values[idx];
      const own = copies.length > 0 ? copies[example.domain ?? 0] : null;
      for (let c = 0; c < k; c++) probs[c] = bias[c];
      for (let i = 0; i < b.length; i++) {
        const base = b[i] * k;
        for (let c = 0; c < k; c++) probs[c] += weights[base + c] * x;
      }
      if (own) {
        for (let c = 0; c < k; c++) probs[c] += own.bias[c];
        for (let i = 0; i < b.length; i++) {
          const base = b[i] * k;
          for (let c = 0; c < k; c++) probs[c] += own.weights[base + c] * x;
        }
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (probs[c] > max) max = probs[c];
      let sum = 0;
      for (let c = 0; c < k; c++) {
        probs[c] = Math.exp(probs[c] - max);
        sum += probs[c];
      }
      const sampleWeight = (example.weight ?? 1) * classWeight[example.label];
      for (let c = 0; c < k; c++) {
        const g = (probs[c] / sum - (c === example.label ? 1 : 0)) * sampleWeight;
        if (g === 0) continue;
        biasGradSq[c] += g * g;
        bias[c] -= (lr * g) / Math.sqrt(biasGradSq[c] + 1e-8);
        for (let i = 0; i < b.length; i++) {
          const at = b[i] * k + c;
          const gw = g * x + options.l2 * weights[at];
          gradSq[at] += gw * gw;
          weights[at] -= (lr * gw) / Math.sqrt(gradSq[at] + 1e-8);
        }
        if (own) {
          own.biasGradSq[c] += g * g;
          own.bias[c] -= (lr * g) / Math.sqrt(own.biasGradSq[c] + 1e-8);
          for (let i = 0; i < b.length; i++) {
            const at = b[i] * k + c;
            const gw = g * x + options.l2 * own.weights[at];
            own.gradSq[at] += gw * gw;
            own.weights[at] -= (lr * gw) / Math.sqrt(own.gradSq[at] + 1e-8);
          }
        }
      }
    }
  }

  if (copies.length > 0) {
    for (let i = 0; i < weights.length; i++) weights[i] += copies[0].weights[i];
    for (let c = 0; c < k; c++) bias[c] += copies[0].bias[c];
  }
  return serialise(weights, bias, options, domains);
}

/** 8-bit quantisation with one scale per model; values are rounded the same way on every run. */
function serialise(weights: Float64Array, bias: Float64Array, options: LinearTrainingOptions, otherDomains: number): LinearModelFile {
  let maxAbs = 0;
  for (let i = 0; i < weights.length; i++) {
    const a = Math.abs(weights[i]);
    if (a > maxAbs) maxAbs = a;
  }
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const quantised = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) quantised[i] = Math.max(-127, Math.min(127, Math.round(weights[i] / scale)));
  return {
    format: 'ascolto-linear-1',
    name: options.name,
    featureSet: FEATURE_SET_VERSION,
    classes: [...options.classes],
    bits: options.bits,
    bias: Array.from(bias, (b) => Number(b.toFixed(6))),
    weights: Buffer.from(quantised.buffer).toString('base64'),
    weightScale: Number(scale.toPrecision(8)),
    trainedOn: options.trainedOn,
    settings: {
      bits: options.bits,
      epochs: options.epochs,
      learningRate: options.learningRate,
      l2: options.l2,
      balanced: options.balanced,
      seed: options.seed,
      ...(otherDomains > 0 ? { adaptedFromDomains: otherDomains } : {}),
    },
  };
}
