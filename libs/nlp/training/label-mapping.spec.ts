import { labelsOf } from './label-mapping';

const rec = (extra: Record<string, unknown>) => ({ id: '1', text: 't', lang: 'en', ...extra });

describe('labelsOf', () => {
  it('takes PRODUCT.md labels as they are and derives complaint from a corrected intent', () => {
    expect(labelsOf(rec({ sentiment: 'negative', category: 'service', intent: 'incident', flushReason: 'spam' }), 'corrections')).toEqual({
      sentiment: 'negative',
      category: 'service',
      intent: 'incident',
      flushReason: 'spam',
      complaint: 'yes',
      language: 'en',
    });
    expect(labelsOf(rec({ sentiment: null, category: 'nonsense' }), 'x')).toEqual({ language: 'en' });
  });

  it('maps the complaints set, with random tweets as the noise proxy', () => {
    expect(labelsOf(rec({ complaint: true, domain: 'software' }), 'complaints-twitter')).toMatchObject({ complaint: 'yes', intent: 'complaint', category: 'service' });
    expect(labelsOf(rec({ complaint: false, domain: 'software' }), 'complaints-twitter')).toEqual({ complaint: 'no', language: 'en' });
    expect(labelsOf(rec({ complaint: false, domain: 'random_tweet' }), 'complaints-twitter')).toMatchObject({ complaint: 'no', category: 'flush' });
  });

  it("maps airline reasons to complaints, except Can't Tell", () => {
    expect(labelsOf(rec({ sentiment: 'negative', negativeReason: 'Late Flight' }), 'twitter-us-airline-sentiment')).toMatchObject({ complaint: 'yes', category: 'service' });
    expect(labelsOf(rec({ sentiment: 'negative', negativeReason: "Can't Tell" }), 'twitter-us-airline-sentiment').complaint).toBeUndefined();
    expect(labelsOf(rec({ sentiment: 'positive', negativeReason: null }), 'twitter-us-airline-sentiment').complaint).toBe('no');
  });

  it('maps brand support topics and the SENTIPOLC flags', () => {
    expect(labelsOf(rec({ direction: 'inbound', labels: ['Service Praise'] }), 'twcs-brand-topics')).toMatchObject({ intent: 'praise', category: 'marketing' });
    expect(labelsOf(rec({ direction: 'inbound', labels: ['Delivery'] }), 'twcs-brand-topics')).toMatchObject({ category: 'service' });
    expect(labelsOf(rec({ direction: 'outbound', labels: ['Delivery'] }), 'twcs-brand-topics').category).toBeUndefined();
    expect(labelsOf(rec({ overallPositive: true, overallNegative: true }), 'sentipolc-2016')).toMatchObject({ positiveFlag: 'yes', negativeFlag: 'yes' });
  });
});
