import { CATEGORIES, INTENTS, SENTIMENTS, type Mention, type PriorityLabels } from '@ascolto/domain';

/** The stored values `labelsWithKept` may take (read from Elasticsearch: any may be missing or malformed). */
export type StoredPriorityLabels = Partial<Pick<Mention, 'sentiment' | 'sentimentScore' | 'category' | 'intent'>>;

/**
 * The labels a priority depends on, as a mention carries them when a write keeps some labels as
 * stored (a person's corrections, a group's flush) and takes the others fresh from the pipeline.
 * A kept label whose stored value is not in the vocabulary counts as absent (the fresh one
 * decides); a kept sentiment keeps its stored score too, when that is a finite number. Shared by
 * re-delivery (`redeliveryDoc`) and re-analysis (`labelsAfterReanalysis`).
 */
export function labelsWithKept(fresh: PriorityLabels, stored: StoredPriorityLabels, kept: ReadonlySet<string>): PriorityLabels {
  const keep = <T extends string>(label: 'sentiment' | 'category' | 'intent', valid: readonly T[], value: T): T => {
    const storedValue = stored[label];
    return kept.has(label) && typeof storedValue === 'string' && (valid as readonly string[]).includes(storedValue) ? (storedValue as T) : value;
  };
  const score = stored.sentimentScore;
  return {
    sentiment: keep('sentiment', SENTIMENTS, fresh.sentiment),
    sentimentScore: kept.has('sentiment') && typeof score === 'number' && Number.isFinite(score) ? score : fresh.sentimentScore,
    category: keep('category', CATEGORIES, fresh.category),
    intent: keep('intent', INTENTS, fresh.intent),
  };
}
