import type { Category, Intent, Sentiment } from '@ascolto/domain';
import { reachPoints, computePriority, PRIORITY_WEIGHTS } from './compute-priority';

const NOW = new Date('2026-06-15T12:00:00Z');

function priority(p: { sentiment?: Sentiment; score?: number; intent: Intent; category: Category; text?: string; hoursAgo?: number }) {
  return computePriority({
    sentiment: p.sentiment ?? 'neutral',
    sentimentScore: p.score ?? 0,
    intent: p.intent,
    category: p.category,
    text: p.text ?? '',
    publishedAt: new Date(NOW.getTime() - (p.hoursAgo ?? 0) * 3_600_000).toISOString(),
    now: NOW,
  });
}

describe('computePriority', () => {
  it('orders the inbox the way a care lead would', () => {
    const angryOutage = priority({ sentiment: 'negative', score: -0.8, intent: 'incident', category: 'service', text: 'di nuovo senza rete, urgente' });
    const complaint = priority({ sentiment: 'negative', score: -0.5, intent: 'complaint', category: 'service' });
    const question = priority({ intent: 'question', category: 'service' });
    const suggestion = priority({ sentiment: 'positive', score: 0.5, intent: 'suggestion', category: 'marketing' });
    const praise = priority({ sentiment: 'positive', score: 0.9, intent: 'praise', category: 'marketing' });
    const spam = priority({ sentiment: 'negative', score: -0.9, intent: 'complaint', category: 'flush' });
    expect(angryOutage).toBeGreaterThan(complaint);
    expect(complaint).toBeGreaterThan(question);
    expect(question).toBeGreaterThan(suggestion);
    expect(suggestion).toBeGreaterThan(praise);
    expect(praise).toBeGreaterThanOrEqual(spam);
    expect(spam).toBeLessThanOrEqual(PRIORITY_WEIGHTS.flushCeiling);
  });

  it('raises priority for urgency words, up to a cap', () => {
    const base = priority({ intent: 'complaint', category: 'service', text: 'la linea non va' });
    const urgent = priority({ intent: 'complaint', category: 'service', text: 'la linea non va, urgente, subito' });
    const shouting = priority({ intent: 'complaint', category: 'service', text: 'urgente '.repeat(50) });
    expect(urgent).toBe(base + 2 * PRIORITY_WEIGHTS.urgencyPerWord);
    expect(shouting).toBe(base + PRIORITY_WEIGHTS.urgencyMaxWords * PRIORITY_WEIGHTS.urgencyPerWord);
    expect(priority({ intent: 'complaint', category: 'service', text: 'still down for days, asap' })).toBeGreaterThan(base);
  });

  it('raises priority with negativity', () => {
    const mild = priority({ sentiment: 'negative', score: -0.2, intent: 'complaint', category: 'service' });
    const furious = priority({ sentiment: 'negative', score: -0.95, intent: 'complaint', category: 'service' });
    expect(furious).toBeGreaterThan(mild);
  });

  it('lowers priority with age, halving per half-life down to a floor', () => {
    const fresh = priority({ intent: 'complaint', category: 'service' });
    const dayOld = priority({ intent: 'complaint', category: 'service', hoursAgo: PRIORITY_WEIGHTS.ageHalfLifeHours });
    const ancient = priority({ intent: 'complaint', category: 'service', hoursAgo: 24 * 365 });
    expect(dayOld).toBe(Math.round(fresh / 2));
    expect(ancient).toBe(Math.round(fresh * PRIORITY_WEIGHTS.ageFloor));
  });

  it('stays within 0–100 for any input, including nonsense dates and future posts', () => {
    for (const publishedAt of ['not a date', '2999-01-01T00:00:00Z', '1970-01-01T00:00:00Z']) {
      const p = computePriority({ sentiment: 'negative', sentimentScore: -5, intent: 'incident', category: 'service', text: 'urgente asap again', publishedAt, now: NOW });
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(100);
      expect(Number.isInteger(p)).toBe(true);
    }
  });

  it('raises priority with the author\'s reach, by tenfold steps up to a cap', () => {
    expect(reachPoints(undefined)).toBe(0);
    expect(reachPoints(null)).toBe(0);
    expect(reachPoints(50)).toBe(0);
    expect(reachPoints(1_000)).toBeCloseTo(5, 10);
    expect(reachPoints(10_000)).toBeCloseTo(10, 10);
    expect(reachPoints(5_000_000)).toBe(15);
    expect(reachPoints(Number.NaN)).toBe(0);
    const base = { sentiment: 'negative' as const, sentimentScore: -0.6, intent: 'complaint' as const, category: 'service' as const, text: 'la linea non va', publishedAt: NOW, now: NOW };
    expect(computePriority({ ...base, followers: 250_000 })).toBe(computePriority(base) + 15);
  });
});
