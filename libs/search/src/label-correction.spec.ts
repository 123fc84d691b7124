import { makeMention } from '@ascolto/testing';
import { changesToRecord, InvalidCorrectionError, ownedLabels, planCorrection, withoutLabels, type LabelChange } from './label-correction';

describe(planCorrection.name, () => {
  const service = makeMention({ category: 'service', flushReason: null, sentiment: 'positive', intent: 'praise' });
  const flushed = makeMention({ category: 'flush', flushReason: 'spam', sentiment: 'neutral', intent: 'other' });

  it('changes the given label, owns it, and explains it as the person\'s', () => {
    const plan = planCorrection(service, { sentiment: 'negative' }, 'Anna');
    expect(plan.patch).toEqual({
      labels: { sentiment: 'negative' },
      explanations: { sentiment: { label: 'negative', confidence: 1, reasons: ['corrected by Anna'] } },
      corrected: ['sentiment'],
      // No stored factors (a document from before them): the priority stays as stored.
      derived: { priority: service.priority, sentimentScore: -1 },
    });
    expect(plan.changes).toEqual([
      { label: 'sentiment', kind: 'sentiment', from: 'positive', to: 'negative', confidence: service.explanations.sentiment.confidence },
    ]);
  });

  it('a confirmed label becomes the person\'s but is not a change', () => {
    const plan = planCorrection(service, { intent: 'praise', sentiment: 'neutral' }, 'Anna');
    expect(plan.patch.corrected).toEqual(['sentiment', 'intent']);
    expect(plan.changes.map((c) => c.label)).toEqual(['sentiment']);
  });

  it('a category other than flush clears the flush reason, and both become the person\'s', () => {
    const plan = planCorrection(flushed, { category: 'service' }, 'Anna');
    expect(plan.patch.labels).toEqual({ category: 'service', flushReason: null });
    expect(plan.patch.corrected).toEqual(['category', 'flushReason']);
    expect(plan.changes).toEqual([
      { label: 'category', kind: 'category', from: 'flush', to: 'service', confidence: flushed.explanations.category.confidence },
      // The flush reason has no confidence of its own.
      { label: 'flushReason', kind: 'flush_reason', from: 'spam', to: null, confidence: null },
    ]);
    // The flush reason has no explanation of its own; the category's is replaced.
    expect(Object.keys(plan.patch.explanations)).toEqual(['category']);
  });

  it('flush needs a reason, given now or already there', () => {
    expect(() => planCorrection(service, { category: 'flush' }, 'Anna')).toThrow(
      new InvalidCorrectionError(['flushReason is required when the category becomes flush']),
    );
    const withReason = planCorrection(service, { category: 'flush', flushReason: 'bot' }, 'Anna');
    expect(withReason.patch.labels).toEqual({ category: 'flush', flushReason: 'bot' });
    // Re-stating flush on a flushed mention keeps its reason.
    const again = planCorrection(flushed, { category: 'flush' }, 'Anna');
    expect(again.patch.labels).toEqual({ category: 'flush', flushReason: 'spam' });
    expect(again.changes).toEqual([]);
  });

  it('a flush reason alone needs the mention to be flush, and pins the category with it', () => {
    expect(() => planCorrection(service, { flushReason: 'spam' }, 'Anna')).toThrow(/flushReason can be set only with category flush \(the category would be service\)/);
    expect(() => planCorrection(flushed, { category: 'marketing', flushReason: 'spam' }, 'Anna')).toThrow(InvalidCorrectionError);
    const plan = planCorrection(flushed, { flushReason: 'duplicate' }, 'Anna');
    expect(plan.patch.corrected).toEqual(['category', 'flushReason']);
    expect(plan.changes).toEqual([{ label: 'flushReason', kind: 'flush_reason', from: 'spam', to: 'duplicate', confidence: null }]);
  });

  it('refuses an empty correction', () => {
    expect(() => planCorrection(service, {}, 'Anna')).toThrow(/at least one of sentiment, category, intent, flushReason/);
  });

  describe('the priority follows the labels the mention now carries', () => {
    // A day-old post with one urgency word, by an author with 10,000 followers.
    const factors = { urgencyWords: 1, reach: 10, age: 0.5 };
    const spam = makeMention({ category: 'flush', flushReason: 'spam', sentiment: 'neutral', sentimentScore: 0.1, intent: 'other', priority: 5, priorityFactors: factors });
    const praise = makeMention({ category: 'service', flushReason: null, sentiment: 'positive', sentimentScore: 0.7, intent: 'praise', priority: 18, priorityFactors: factors });

    it('a complaint taken out of flush rises in the queue', () => {
      const plan = planCorrection(spam, { category: 'service', intent: 'complaint' }, 'Anna');
      // (10 base + 25 complaint + 10 service + 6 urgency + 10 reach) × 0.5
      expect(plan.patch.derived).toEqual({ priority: 31 });
    });

    it('a sentiment the person sets is certain: score −1, 0 or 1, and a negative one counts in full', () => {
      expect(planCorrection(praise, { sentiment: 'negative' }, 'Anna').patch.derived).toEqual({ priority: 28, sentimentScore: -1 });
      expect(planCorrection(praise, { sentiment: 'neutral' }, 'Anna').patch.derived).toEqual({ priority: 18, sentimentScore: 0 });
      // Confirming the pipeline's label also makes it certain.
      expect(planCorrection(praise, { sentiment: 'positive' }, 'Anna').patch.derived).toEqual({ priority: 18, sentimentScore: 1 });
    });

    it('a post the person flushes sinks to the flush ceiling', () => {
      const plan = planCorrection(praise, { category: 'flush', flushReason: 'no_action' }, 'Anna');
      expect(plan.patch.derived).toEqual({ priority: 5 });
    });

    it('without stored factors the stored priority stays, capped when flushed', () => {
      const old = { ...praise, priority: 64, priorityFactors: undefined };
      expect(planCorrection(old, { intent: 'complaint' }, 'Anna').patch.derived).toEqual({ priority: 64 });
      expect(planCorrection(old, { category: 'flush', flushReason: 'spam' }, 'Anna').patch.derived).toEqual({ priority: 5 });
      // Malformed factors count as none.
      const broken = { ...old, priorityFactors: { urgencyWords: 'x', reach: 0, age: 1 } as never };
      expect(planCorrection(broken, { intent: 'complaint' }, 'Anna').patch.derived).toEqual({ priority: 64 });
    });
  });

  it('lists labels in a fixed order, whatever the order of the request', () => {
    const plan = planCorrection(flushed, { intent: 'complaint', flushReason: 'bot', sentiment: 'negative' }, 'Anna');
    expect(plan.patch.corrected).toEqual(['sentiment', 'category', 'intent', 'flushReason']);
    expect(plan.changes.map((c) => c.label)).toEqual(['sentiment', 'intent', 'flushReason']);
  });
});

describe(ownedLabels.name, () => {
  it('owns the labels given, and category and flush reason together', () => {
    expect(ownedLabels({ intent: 'praise', sentiment: 'neutral' })).toEqual(['sentiment', 'intent']);
    expect(ownedLabels({ category: 'service' })).toEqual(['category', 'flushReason']);
    expect(ownedLabels({ flushReason: 'spam' })).toEqual(['category', 'flushReason']);
    expect(ownedLabels({})).toEqual([]);
  });
});

describe(withoutLabels.name, () => {
  it('drops the labels a later correction took', () => {
    expect(withoutLabels({ sentiment: 'negative', intent: 'complaint' }, ['sentiment'])).toEqual({ intent: 'complaint' });
    expect(withoutLabels({ sentiment: 'negative' }, ['sentiment', 'intent'])).toEqual({});
    expect(withoutLabels({ sentiment: 'negative' }, [])).toEqual({ sentiment: 'negative' });
  });

  it('drops category and flush reason together', () => {
    expect(withoutLabels({ category: 'flush', flushReason: 'spam', intent: 'other' }, ['flushReason'])).toEqual({ intent: 'other' });
    expect(withoutLabels({ flushReason: 'spam', sentiment: 'neutral' }, ['category'])).toEqual({ sentiment: 'neutral' });
  });
});

describe(changesToRecord.name, () => {
  const mention = makeMention({ sentiment: 'positive', intent: 'praise', category: 'service', flushReason: null });
  const toNegative: LabelChange = { label: 'sentiment', kind: 'sentiment', from: 'positive', to: 'negative', confidence: 0.9 };
  const toComplaint: LabelChange = { label: 'intent', kind: 'intent', from: 'praise', to: 'complaint', confidence: 0.8 };

  it('records what was planned on the document written', () => {
    const written = planCorrection(mention, { sentiment: 'negative' }, 'Anna').changes;
    expect(changesToRecord(written, [toNegative], mention)).toEqual(written);
  });

  it('keeps a planned change the document already held (written before a crash), with what it replaced then', () => {
    const held = { ...mention, sentiment: 'negative' as const, intent: 'complaint' as const };
    const written = planCorrection(held, { sentiment: 'negative', intent: 'complaint' }, 'Anna').changes;
    expect(written).toEqual([]);
    expect(changesToRecord(written, [toNegative, toComplaint], held)).toEqual([toNegative, toComplaint]);
  });

  it('drops a planned change the document does not hold', () => {
    // The pipeline re-delivered the mention meanwhile and now says neutral: the written plan replaces neutral.
    const moved = { ...mention, sentiment: 'neutral' as const };
    const written = planCorrection(moved, { sentiment: 'negative', intent: 'complaint' }, 'Anna').changes;
    expect(changesToRecord(written, [toNegative, toComplaint], moved)).toEqual(written);
    expect(written[0]).toMatchObject({ label: 'sentiment', from: 'neutral' });
    // A later correction set the sentiment to something else: the earlier one is not recorded from the plan.
    const later = { ...mention, sentiment: 'neutral' as const, intent: 'complaint' as const };
    expect(changesToRecord([], [toNegative, toComplaint], later)).toEqual([toComplaint]);
  });

  it('records each label once, in the fixed order', () => {
    const written: LabelChange[] = [{ ...toComplaint, from: 'question' }];
    const held = { ...mention, sentiment: 'negative' as const };
    expect(changesToRecord(written, [toComplaint, toNegative], held)).toEqual([toNegative, written[0]]);
  });
});
