import type { Category, Intent, Sentiment } from '@ascolto/domain';
import { tokenize, type Tokens } from '../text/tokenize';

/**
 * All priority weights in one place. Priority orders the inbox: the first post a care agent should
 * read scores highest. 0–100, built as:
 *
 *   base + intent + category + negativity × |score| (negative posts only) + urgency words (capped)
 *   + reach (authors with an audience: `reachPerDecade` points per tenfold followers above
 *     `reachFrom`, at most `reachMax`; sources that do not report followers add nothing)
 *   then multiplied by an age factor (halves every `ageHalfLifeHours`, never below `ageFloor`)
 *   and capped at `flushCeiling` for flushed posts.
 */
export const PRIORITY_WEIGHTS = {
  base: 10,
  intent: { incident: 35, complaint: 25, question: 15, suggestion: 5, praise: 0, other: 0 } satisfies Record<Intent, number>,
  category: { service: 10, marketing: 0, flush: 0 } satisfies Record<Category, number>,
  /** Added as `negativity × |sentimentScore|` when the sentiment is negative. */
  negativity: 20,
  /** Points per urgency word, up to `urgencyMaxWords` words. */
  urgencyPerWord: 6,
  urgencyMaxWords: 3,
  urgencyWords: [
    'urgente', 'urgenza', 'subito', 'immediatamente', 'ancora', 'di nuovo', 'ennesima', 'da giorni', 'da settimane', 'bloccato',
    'bloccata', 'emergenza', 'lavoro', 'smart working', 'anziano', 'anziana', 'ospedale', 'disdetta', 'avvocato', 'denuncia',
    'agcom', 'urgent', 'asap', 'immediately', 'again', 'still', 'emergency', 'for days', 'for weeks', 'lawyer', 'cancel', 'hospital',
    'work from home',
  ],
  /** 1,000 followers → 5, 10,000 → 10, 100,000 or more → 15. */
  reachFrom: 100,
  reachPerDecade: 5,
  reachMax: 15,
  ageHalfLifeHours: 24,
  ageFloor: 0.35,
  /** Flushed posts never rise above this, however negative. */
  flushCeiling: 5,
} as const;

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
  return computePriorityFromTokens(input, tokenize(input.text));
}

export function computePriorityFromTokens(input: Omit<PriorityInput, 'text'>, tokens: Tokens): number {
  const w = PRIORITY_WEIGHTS;
  let score = w.base + (w.intent[input.intent] ?? 0) + (w.category[input.category] ?? 0);
  if (input.sentiment === 'negative' && Number.isFinite(input.sentimentScore)) {
    score += w.negativity * Math.min(1, Math.abs(input.sentimentScore));
  }
  score += w.urgencyPerWord * Math.min(w.urgencyMaxWords, countUrgencyWords(tokens.words));
  score += reachPoints(input.followers);

  const published = input.publishedAt instanceof Date ? input.publishedAt.getTime() : Date.parse(input.publishedAt);
  const ageHours = Number.isFinite(published) ? Math.max(0, (input.now.getTime() - published) / 3_600_000) : 0;
  score *= Math.max(w.ageFloor, Math.pow(0.5, ageHours / w.ageHalfLifeHours));

  if (input.category === 'flush') score = Math.min(score, w.flushCeiling);
  return Math.max(0, Math.min(100, Math.round(score)));
}

/** Points for the author's audience (see PRIORITY_WEIGHTS); 0 when unknown or implausible. */
export function reachPoints(followers: number | null | undefined): number {
  const w = PRIORITY_WEIGHTS;
  if (typeof followers !== 'number' || !Number.isFinite(followers) || followers <= w.reachFrom) return 0;
  return Math.min(w.reachMax, w.reachPerDecade * Math.log10(followers / w.reachFrom));
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
