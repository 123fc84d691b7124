import { makeMention } from '@ascolto/testing';
import { InvalidCorrectionError, planCorrection } from './label-correction';

describe(planCorrection.name, () => {
  const service = makeMention({ category: 'service', flushReason: null, sentiment: 'positive', intent: 'praise' });
  const flushed = makeMention({ category: 'flush', flushReason: 'spam', sentiment: 'neutral', intent: 'other' });

  it('changes the given label, owns it, and explains it as the person\'s', () => {
    const plan = planCorrection(service, { sentiment: 'negative' }, 'Anna');
    expect(plan.patch).toEqual({
      labels: { sentiment: 'negative' },
      explanations: { sentiment: { label: 'negative', confidence: 1, reasons: ['corrected by Anna'] } },
      corrected: ['sentiment'],
    });
    expect(plan.changes).toEqual([{ label: 'sentiment', kind: 'sentiment', from: 'positive', to: 'negative' }]);
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
      { label: 'category', kind: 'category', from: 'flush', to: 'service' },
      { label: 'flushReason', kind: 'flush_reason', from: 'spam', to: null },
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
    expect(plan.changes).toEqual([{ label: 'flushReason', kind: 'flush_reason', from: 'spam', to: 'duplicate' }]);
  });

  it('refuses an empty correction', () => {
    expect(() => planCorrection(service, {}, 'Anna')).toThrow(/at least one of sentiment, category, intent, flushReason/);
  });
});
