import type { TopicMatcher } from '@ascolto/nlp';
import { analyzeMention, withSanePublishedAt } from '@ascolto/nlp';
import { reanalysisInput, type AnalyseStored } from '@ascolto/search';
import type { TopicSnapshot } from '../topics/topic-catalog.service';

/**
 * The pipeline as ingest runs it, applied to a stored mention: the same sanitised publication date
 * (`withSanePublishedAt`, used for the priority only: the stored date and therefore the monthly
 * index do not move), the mention's collection time as "now" (see `reanalysisInput`) and the
 * account's topics as the mention's source sees them (query topics, plus the empty-query topics
 * linked to its source), so `topicIds` come out as ingest would compute them today.
 */
export function storedMentionPipeline(topics: TopicSnapshot, clock: Date): AnalyseStored {
  const bySource = new Map<string, TopicMatcher[]>();
  return (stored) => {
    const { raw, now } = reanalysisInput(stored, clock);
    const sourceId = typeof raw.sourceId === 'string' ? raw.sourceId : '';
    let matchers = bySource.get(sourceId);
    if (!matchers) {
      matchers = topics.forBatch([{ sourceId }]);
      bySource.set(sourceId, matchers);
    }
    return analyzeMention(withSanePublishedAt(raw), now, { topics: matchers });
  };
}
