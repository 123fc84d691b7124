import { makeMention } from '@ascolto/testing';
import { redeliveryDoc } from './bulk-mention-indexer';

describe(redeliveryDoc.name, () => {
  // What the pipeline says on re-delivery: a positive praise, one urgency word, fresh.
  const delivered = makeMention({
    sentiment: 'positive',
    sentimentScore: 0.8,
    intent: 'praise',
    category: 'service',
    flushReason: null,
    priority: 26,
    priorityFactors: { urgencyWords: 1, reach: 0, age: 1 },
  });

  it('sends everything but what people own when nobody corrected a label', () => {
    const doc = redeliveryDoc(delivered);
    expect(doc).toMatchObject({ sentiment: 'positive', sentimentScore: 0.8, intent: 'praise', priority: 26 });
    for (const field of ['status', 'assigneeId', 'ticketId', 'tags', 'collectedAt', 'duplicateOf', 'correctedLabels']) expect(doc).not.toHaveProperty(field);
  });

  it("leaves out the person's labels and their explanations, and computes the priority with them", () => {
    const doc = redeliveryDoc(delivered, { correctedLabels: ['sentiment', 'intent'], sentiment: 'negative', sentimentScore: -1, intent: 'complaint', category: 'marketing' });
    expect(doc).not.toHaveProperty('sentiment');
    expect(doc).not.toHaveProperty('sentimentScore');
    expect(doc).not.toHaveProperty('intent');
    expect(doc.explanations).not.toHaveProperty('sentiment');
    expect(doc.explanations).not.toHaveProperty('intent');
    // The category was not corrected: the pipeline's service counts. 10 + 25 + 10 + 20 + 6.
    expect(doc).toMatchObject({ category: 'service', priority: 71 });
  });

  it('a person who flushed the mention keeps it at the flush ceiling', () => {
    const doc = redeliveryDoc(delivered, { correctedLabels: ['category', 'flushReason'], category: 'flush' });
    expect(doc).not.toHaveProperty('category');
    expect(doc).not.toHaveProperty('flushReason');
    expect(doc.priority).toBe(5);
  });

  it('trusts nothing a stored document says: unknown names and invalid values are ignored', () => {
    const doc = redeliveryDoc(delivered, { correctedLabels: ['text', 'status', 'intent'] as never, intent: 'shouting' as never, sentiment: 'negative' });
    // Only real labels are left out; `text` is a field, not a label, and stays in the update.
    expect(doc).toHaveProperty('text', delivered.text);
    expect(doc).not.toHaveProperty('intent');
    // An invalid stored intent counts as absent (the pipeline's praise), and the sentiment was not corrected.
    expect(doc.priority).toBe(26);
    expect(redeliveryDoc(delivered, { correctedLabels: 'sentiment' as never })).toMatchObject({ sentiment: 'positive', priority: 26 });
  });
});
