import { ageFactor, PRIORITY_WEIGHTS, priorityFrom, reachPoints, type Category, type Intent, type PriorityFactors, type Sentiment } from '@ascolto/domain';
import { collapseDurations } from '../text/durations';
import { tokenize, type Tokens } from '../text/tokenize';

// The weights and the formula live in @ascolto/domain (PRIORITY_WEIGHTS, `priorityFrom`), since a
// label corrected or flushed after ingest recomputes the priority there. The pipeline measures
// here what no label changes: urgency words, the author's reach, the post's age.
export { PRIORITY_WEIGHTS, reachPoints };

export interface PriorityInput {
  sentiment: Sentiment;
  sentimentScore: number;
  intent: Intent;
  category: Category;
  text: string;
  /** ISO 8601 or a Date. */
  publishedAt: string | Date;
  now: Date;
  /** The author's followers, when the source reports them. */
  followers?: number | null;
}

const urgencySingle = new Set<string>();
/** First word → the remaining words of each urgency phrase starting with it. */
const urgencyPhrases = new Map<string, string[][]>();
for (const entry of PRIORITY_WEIGHTS.urgencyWords) {
  const [first, ...rest] = entry.split(' ');
  if (rest.length === 0) urgencySingle.add(first);
  else urgencyPhrases.set(first, [...(urgencyPhrases.get(first) ?? []), rest]);
}

/** 0–100; see PRIORITY_WEIGHTS. */
export function computePriority(input: PriorityInput): number {
  return priorityFrom(input, priorityFactorsFromTokens(input, tokenize(input.text)));
}

/** What the priority of this post is made of besides its labels (stored with the mention). */
export function priorityFactorsFromTokens(input: Pick<PriorityInput, 'publishedAt' | 'now' | 'followers'>, tokens: Tokens): PriorityFactors {
  const published = input.publishedAt instanceof Date ? input.publishedAt.getTime() : Date.parse(input.publishedAt);
  const ageHours = Number.isFinite(published) ? (input.now.getTime() - published) / 3_600_000 : 0;
  return {
    // "da 3 giorni" is the listed "da giorni" (durations.ts).
    urgencyWords: Math.min(PRIORITY_WEIGHTS.urgencyMaxWords, countUrgencyWords(collapseDurations(tokens.words))),
    reach: reachPoints(input.followers),
    age: ageFactor(ageHours),
  };
}

export function countUrgencyWords(words: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < words.length && count < PRIORITY_WEIGHTS.urgencyMaxWords; i++) {
    const word = words[i];
    if (urgencySingle.has(word)) {
      count++;
      continue;
    }
    const phrases = urgencyPhrases.get(word);
    if (!phrases) continue;
    for (const rest of phrases) {
      let ok = i + rest.length < words.length;
      for (let k = 0; ok && k < rest.length; k++) ok = words[i + 1 + k] === rest[k];
      if (ok) {
        count++;
        break;
      }
    }
  }
  return count;
}
