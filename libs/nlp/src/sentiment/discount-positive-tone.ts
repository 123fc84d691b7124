import type { SentimentResult } from './score-sentiment';

/** Why the classifier found a post's positive wording not meant as positive (classify-mention.ts). */
export type ToneDiscount = 'sarcasm' | 'politeness';

/**
 * The sentiment once the classifier has read the post: "Great job, another outage" is negative
 * however positive its words, and in "Day 3 without wifi. Thanks" the thanks are politeness, not a
 * positive tone (neutral). The models cannot tell, since they weigh the words one by one; the rules
 * that found the sarcasm or the politeness can. Only a positive sentiment changes. The reason says
 * why, so the dashboard shows it under the sentiment's own reasons.
 */
export function discountPositiveTone(sentiment: SentimentResult, discount: ToneDiscount | null): SentimentResult {
  if (!discount || sentiment.sentiment !== 'positive') return sentiment;
  if (discount === 'sarcasm') {
    return {
      ...sentiment,
      sentiment: 'negative',
      score: -sentiment.score,
      reasons: [`sarcasm: positive wording read as negative (+${sentiment.score})`, ...sentiment.reasons],
    };
  }
  return {
    ...sentiment,
    sentiment: 'neutral',
    score: 0,
    reasons: [`thanks after a problem: politeness, not a positive tone (+${sentiment.score})`, ...sentiment.reasons],
  };
}
