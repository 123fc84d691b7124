import { analyzeMention } from '../pipeline';
import { discountPositiveTone } from './discount-positive-tone';

const positive = { sentiment: 'positive' as const, score: 0.67, confidence: 0.81, reasons: ['model sentiment-en: positive p=0.81'] };

describe('discountPositiveTone', () => {
  it('reads sarcastic positive wording as negative and polite thanks as neutral, saying why', () => {
    expect(discountPositiveTone(positive, 'sarcasm')).toEqual({
      sentiment: 'negative',
      score: -0.67,
      confidence: 0.81,
      reasons: ['sarcasm: positive wording read as negative (+0.67)', 'model sentiment-en: positive p=0.81'],
    });
    expect(discountPositiveTone(positive, 'politeness')).toMatchObject({ sentiment: 'neutral', score: 0 });
    expect(discountPositiveTone(positive, 'politeness').reasons[0]).toBe('thanks after a problem: politeness, not a positive tone (+0.67)');
  });

  it('leaves a sentiment alone when nothing was discounted or it is not positive', () => {
    expect(discountPositiveTone(positive, null)).toBe(positive);
    const negative = { ...positive, sentiment: 'negative' as const, score: -0.4 };
    expect(discountPositiveTone(negative, 'sarcasm')).toBe(negative);
  });

  it('is what the pipeline stores, so the priority counts the tone the post has', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const raw = (content: string) => ({
      id: 'rss-1', sourceType: 'rss' as const, sourceId: 's', sourceKey: 'k', externalId: '1', url: null, title: null, content,
      author: { name: 'Owen', handle: null, url: null }, publishedAt: now.toISOString(), collectedAt: now.toISOString(),
    });
    const polite = analyzeMention(raw('Third day without internet at home. Thanks @VelaMobile'), now);
    expect(polite).toMatchObject({ intent: 'complaint', sentiment: 'neutral', sentimentScore: 0 });
    expect(polite.explanations.sentiment.reasons[0]).toMatch(/^thanks after a problem: politeness/);
    const sarcastic = analyzeMention(raw('Great job @VelaMobile, another outage on a Monday morning. Love it'), now);
    expect(sarcastic.sentiment).toBe('negative');
    expect(sarcastic.sentimentScore).toBeLessThan(0);
    // A sincere thank-you keeps its positive tone.
    expect(analyzeMention(raw('Thanks @VelaMobile, the technician fixed the fibre in an hour'), now).sentiment).toBe('positive');
  });
});
