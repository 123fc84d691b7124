import type { Language } from '@ascolto/domain';
import { scoreSentimentFromTokens, type SentimentResult } from '../sentiment/score-sentiment';
import type { Tokens } from '../text/tokenize';
import { extractFeatures, type FeatureVector } from './extract-features';

/**
 * The one way a text becomes model input, used by the pipeline and by training alike (a model is
 * only as good as the agreement between the two). The lexicon score is computed here because it
 * is both a feature and, for languages without a trained model, the sentiment itself.
 */
export interface Featurized {
  vector: FeatureVector;
  lexicon: SentimentResult;
}

/** `keep`: see extractFeatures (training keeps every vector; the pipeline does not). */
export function featurize(tokens: Tokens, language: Language, keep = false): Featurized {
  const lexicon = scoreSentimentFromTokens(tokens, language);
  // Words whose valences cancel out read as "no sentiment words", like a text without any.
  const vector = extractFeatures(tokens, { lexiconScore: lexicon.score, lexiconHits: lexicon.score !== 0 }, keep);
  return { vector, lexicon };
}
