import type { Sentiment } from '@ascolto/domain';
import type { Featurized } from '../features/featurize';
import type { LinearModel } from '../models/linear-model';
import type { SentimentResult } from './score-sentiment';

const MAX_MODEL_REASONS = 3;
const MAX_LEXICON_REASONS = 2;

/**
 * Sentiment from a trained model: the most probable class, a score of P(positive) − P(negative) in
 * [-1, 1], the class probability as confidence, and as reasons the words that pushed the model
 * towards its answer plus the strongest lexicon cues (people recognise those).
 */
export function modelSentiment(featurized: Featurized, model: LinearModel): SentimentResult {
  const prediction = model.predict(featurized.vector);
  const p = (label: Sentiment) => prediction.probabilities[model.classes.indexOf(label)] ?? 0;
  const score = Math.round((p('positive') - p('negative')) * 1000) / 1000;
  const confidence = Math.round(prediction.probabilities[prediction.index] * 100) / 100;
  const words = model.explain(featurized.vector, prediction.index, MAX_MODEL_REASONS);
  const reasons = [`model ${model.file.name}: ${prediction.label} p=${confidence.toFixed(2)}`, ...words];
  if (prediction.label !== 'neutral') {
    const lexicon = featurized.lexicon.reasons.filter((r) => r.startsWith('word') || r.startsWith('phrase') || r.startsWith('negated') || r.startsWith('emoji'));
    reasons.push(...lexicon.slice(0, MAX_LEXICON_REASONS).map((r) => `lexicon ${r}`));
  }
  return { sentiment: prediction.label as Sentiment, score, confidence, reasons };
}
