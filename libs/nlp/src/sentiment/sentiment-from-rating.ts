import type { SentimentResult } from './score-sentiment';

/**
 * A review's star rating is its author's own verdict, so where a source gives one (App Store
 * reviews, imported review rows) it decides the sentiment: 1–2 stars negative, 3 neutral, 4–5
 * positive, with the score (stars − 3) / 2. The text still decides the intent and the category
 * ("5 stars, but the app crashes on login" is a positive complaint), and the model's own reading
 * stays in the reasons. Null when there is no usable rating (absent, not an integer from 1 to 5:
 * source payloads are not trusted).
 */
export function sentimentFromRating(fromWords: SentimentResult, rating: unknown): SentimentResult | null {
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) return null;
  return {
    sentiment: rating <= 2 ? 'negative' : rating === 3 ? 'neutral' : 'positive',
    score: (rating - 3) / 2,
    confidence: 0.95,
    reasons: [`star rating ${rating}/5`, ...fromWords.reasons],
  };
}
