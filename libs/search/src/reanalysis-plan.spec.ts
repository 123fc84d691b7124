import { makeMention } from '@ascolto/testing';
import type { Mention } from '@ascolto/domain';
import { planReanalysis, REANALYSED_FIELDS, reanalysisInput, type ReanalysisResult } from './reanalysis-plan';

const explain = (label: string, reason: string) => ({ label, confidence: 0.9, reasons: [reason] });

/** What a newer pipeline says about a mention (hand-written: libs/search does not run the pipeline). */
function analysis(overrides: Partial<ReanalysisResult> = {}): ReanalysisResult {
  return {
    text: 'The new app keeps logging me out',
    language: 'en',
    sentiment: 'negative',
    sentimentScore: -0.6,
    category: 'service',
    intent: 'incident',
    flushReason: null,
    // 10 base + 35 incident + 10 service + 20 × 0.6 negative + 6 for one urgency word (fresh, no known audience).
    priority: 73,
    priorityFactors: { urgencyWords: 1, reach: 0, age: 1 },
    explanations: {
      language: explain('en', 'new: function words'),
      sentiment: explain('negative', 'new: model'),
      category: explain('service', 'new: brand word'),
      intent: explain('incident', 'new: "logging me out"'),
    },
    pipelineVersion: 'v-new',
    simhash: '0123456789abcdef',
    similarityKeys: ['b0:aa', 'b1:bb'],
    topicIds: ['topic-app'],
    ...overrides,
  };
}

/** A document an older pipeline labelled. */
function stored(overrides: Partial<Mention> = {}): Mention {
  return makeMention({
    pipelineVersion: 'v-old',
    category: 'marketing',
    intent: 'other',
    sentiment: 'positive',
    flushReason: null,
    simhash: null,
    similarityKeys: [],
    ...overrides,
  });
}

describe(planReanalysis.name, () => {
  it('replaces every analysis field, and only those', () => {
    const patch = planReanalysis(analysis(), stored())!;
    expect(Object.keys(patch).sort()).toEqual([...REANALYSED_FIELDS].sort());
    expect(patch).toEqual({ ...analysis() });
  });

  it('never writes workflow, raw, grouping or correction fields', () => {
    const patch = planReanalysis(analysis(), stored({ status: 'done', assigneeId: 'u1', tags: ['vip'], deletedAtSource: '2026-03-02T00:00:00.000Z' }))!;
    for (const field of ['status', 'assigneeId', 'ticketId', 'tags', 'triagedAt', 'firstResponseAt', 'firstResponseSeconds', 'content', 'title', 'author', 'publishedAt', 'collectedAt', 'deletedAtSource', 'duplicateOf', 'correctedLabels', 'id']) {
      expect(patch).not.toHaveProperty(field);
    }
  });

  it('keeps the labels a person corrected, with their explanations', () => {
    const patch = planReanalysis(analysis(), stored({ correctedLabels: ['sentiment', 'intent'] }))!;
    expect(patch).not.toHaveProperty('sentiment');
    expect(patch).not.toHaveProperty('intent');
    expect(Object.keys(patch.explanations!).sort()).toEqual(['category', 'language']);
    // The rest is the new pipeline's, except the score of the sentiment the person set.
    expect(patch).not.toHaveProperty('sentimentScore');
    expect(patch).toMatchObject({ category: 'service', pipelineVersion: 'v-new', priorityFactors: { urgencyWords: 1, reach: 0, age: 1 } });
    // The priority is the one the kept labels imply (positive, other; the pipeline's service and
    // urgency word): 10 + 0 + 10 + 6, not the pipeline's 73 for a negative incident.
    expect(patch.priority).toBe(26);
  });

  it('computes the priority of a near-duplicate member with its flush, and keeps a stored priority when the pipeline measured nothing', () => {
    expect(planReanalysis(analysis(), stored({ duplicateOf: 'rss-head', category: 'flush', flushReason: 'duplicate' }))!.priority).toBe(5);
    const unreadable = analysis({ priority: 30, priorityFactors: null });
    expect(planReanalysis(unreadable, stored())!.priority).toBe(30);
  });

  it('keeps a corrected category and flush reason together', () => {
    const patch = planReanalysis(analysis(), stored({ category: 'flush', flushReason: 'spam', correctedLabels: ['category', 'flushReason'] }))!;
    expect(patch).not.toHaveProperty('category');
    expect(patch).not.toHaveProperty('flushReason');
    expect(patch.explanations).not.toHaveProperty('category');
    expect(patch.intent).toBe('incident');
  });

  it('ignores values in correctedLabels that are not labels', () => {
    const patch = planReanalysis(analysis(), stored({ correctedLabels: ['status' as never] }))!;
    expect(patch.category).toBe('service');
  });

  it('keeps a near-duplicate member flushed as a duplicate, with the grouper\'s explanation, and re-analyses the rest', () => {
    const patch = planReanalysis(analysis(), stored({ duplicateOf: 'rss-head', category: 'flush', flushReason: 'duplicate' }))!;
    expect(patch).not.toHaveProperty('category');
    expect(patch).not.toHaveProperty('flushReason');
    expect(patch).not.toHaveProperty('duplicateOf');
    expect(patch.explanations).not.toHaveProperty('category');
    expect(patch).toMatchObject({ sentiment: 'negative', intent: 'incident', simhash: '0123456789abcdef', similarityKeys: ['b0:aa', 'b1:bb'] });
  });

  it('re-analyses a group head (duplicateOf null) entirely', () => {
    expect(planReanalysis(analysis(), stored({ duplicateOf: null }))!.category).toBe('service');
  });

  it('targets documents without any version too', () => {
    const old = stored();
    delete (old as Partial<Mention>).pipelineVersion;
    expect(planReanalysis(analysis(), old)?.pipelineVersion).toBe('v-new');
  });

  it('has nothing to do on a document already at this version', () => {
    expect(planReanalysis(analysis(), stored({ pipelineVersion: 'v-new' }))).toBeNull();
  });
});

describe(reanalysisInput.name, () => {
  const clock = new Date('2026-11-23T06:00:00.000Z');

  it('uses the collection time as "now", so priority ages as it did at ingest', () => {
    const m = stored({ publishedAt: '2026-03-01T10:00:00.000Z', collectedAt: '2026-03-01T10:05:00.000Z' });
    const { raw, now } = reanalysisInput(m, clock);
    expect(now.toISOString()).toBe('2026-03-01T10:05:00.000Z');
    expect(raw).toMatchObject({ id: m.id, content: m.content, title: m.title, author: m.author, publishedAt: m.publishedAt, sourceId: m.sourceId });
  });

  it('falls back to the publication date, then to the run\'s clock, when dates are missing or invalid', () => {
    expect(reanalysisInput({ publishedAt: '2026-03-01T10:00:00.000Z', collectedAt: 'yesterday' }, clock).now.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(reanalysisInput({ publishedAt: 'not a date' }, clock).now).toEqual(clock);
    expect(reanalysisInput({}, clock).now).toEqual(clock);
  });

  it('passes a review\'s stars on, since they decide its sentiment', () => {
    expect(reanalysisInput({ id: 'x', rating: 1 }, clock).raw.rating).toBe(1);
    expect(reanalysisInput({ id: 'x' }, clock).raw.rating).toBeNull();
  });

  it('passes the channel a post reached the brand through on, since it keeps a post without cues', () => {
    expect(reanalysisInput({ id: 'x', brandChannel: 'own_page' }, clock).raw.brandChannel).toBe('own_page');
    expect(reanalysisInput({ id: 'x' }, clock).raw.brandChannel).toBeNull();
  });

  it('passes a missing content on as missing (the pipeline decides what that means)', () => {
    expect(reanalysisInput({ id: 'x' }, clock).raw.content).toBeUndefined();
  });
});
