import type { TopicDocument, TopicMatcher } from '@ascolto/nlp';
import { TopicSnapshot } from './topic-catalog.service';

const topic = (id: string): TopicMatcher => ({ id, matches: (doc: TopicDocument) => doc.words.includes(id) });

describe(TopicSnapshot.name, () => {
  const byQuery = [topic('q1'), topic('q2')];
  const own = topic('own');
  const shared = topic('shared');
  const snapshot = new TopicSnapshot(
    byQuery,
    new Map([
      ['s1', [own, shared]],
      ['s2', [shared]],
    ]),
  );
  const ids = (matchers: TopicMatcher[]) => matchers.map((m) => m.id);

  it('applies query topics to every batch, and a source-linked topic to its own sources', () => {
    expect(ids(snapshot.forBatch([{ sourceId: 's1' }, { sourceId: 's1' }]))).toEqual(['q1', 'q2', 'own', 'shared']);
    expect(ids(snapshot.forBatch([{ sourceId: 's2' }]))).toEqual(['q1', 'q2', 'shared']);
    expect(ids(snapshot.forBatch([{ sourceId: 'elsewhere' }]))).toEqual(['q1', 'q2']);
  });

  it('gives a mixed batch only the source-linked topics all its sources share', () => {
    expect(ids(snapshot.forBatch([{ sourceId: 's1' }, { sourceId: 's2' }]))).toEqual(['q1', 'q2', 'shared']);
    expect(ids(snapshot.forBatch([{ sourceId: 's1' }, { sourceId: 'elsewhere' }]))).toEqual(['q1', 'q2']);
  });

  it('handles an empty batch and a snapshot without linked topics', () => {
    expect(ids(snapshot.forBatch([]))).toEqual(['q1', 'q2']);
    expect(ids(new TopicSnapshot(byQuery, new Map()).forBatch([{ sourceId: 's1' }]))).toEqual(['q1', 'q2']);
  });

  it('gives the membership rule of one topic: its matcher, and its linked sources for an empty-query topic', () => {
    expect(snapshot.membership('q2')).toEqual({ matcher: byQuery[1], sourceIds: null });
    expect(snapshot.membership('shared')).toEqual({ matcher: shared, sourceIds: ['s1', 's2'] });
    expect(snapshot.membership('own')).toEqual({ matcher: own, sourceIds: ['s1'] });
    expect(snapshot.membership('gone')).toBeNull();
  });
});
