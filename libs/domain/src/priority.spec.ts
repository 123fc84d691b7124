import { ageFactor, personSentimentScore, PRIORITY_WEIGHTS, priorityAfterRelabel, priorityBreakdown, priorityFrom, readPriorityFactors, type PriorityLabels } from './priority';

const complaint: PriorityLabels = { sentiment: 'negative', sentimentScore: -0.5, intent: 'complaint', category: 'service' };
const fresh = { urgencyWords: 0, reach: 0, age: 1 };

describe(priorityFrom.name, () => {
  it('adds the weights of the labels and the factors, then ages the sum', () => {
    // 10 base + 25 complaint + 10 service + 20 × 0.5 negative
    expect(priorityFrom(complaint, fresh)).toBe(55);
    expect(priorityFrom(complaint, { urgencyWords: 2, reach: 10, age: 1 })).toBe(55 + 12 + 10);
    expect(priorityFrom(complaint, { ...fresh, age: 0.5 })).toBe(28);
    // Only a negative sentiment adds its score, at most in full.
    expect(priorityFrom({ ...complaint, sentiment: 'positive', sentimentScore: 0.9 }, fresh)).toBe(45);
    expect(priorityFrom({ ...complaint, sentimentScore: -7 }, fresh)).toBe(65);
    expect(priorityFrom({ ...complaint, sentimentScore: Number.NaN }, fresh)).toBe(45);
  });

  it('keeps flushed posts at the flush ceiling and every result in 0–100', () => {
    expect(priorityFrom({ ...complaint, category: 'flush' }, { urgencyWords: 3, reach: 15, age: 1 })).toBe(PRIORITY_WEIGHTS.flushCeiling);
    expect(priorityFrom({ sentiment: 'negative', sentimentScore: -1, intent: 'incident', category: 'service' }, { urgencyWords: 3, reach: 15, age: 1 })).toBe(100);
  });
});

describe(ageFactor.name, () => {
  it('halves every half-life, never below the floor; an unknown or future age counts as fresh', () => {
    expect(ageFactor(0)).toBe(1);
    expect(ageFactor(PRIORITY_WEIGHTS.ageHalfLifeHours)).toBeCloseTo(0.5, 10);
    expect(ageFactor(24 * 30)).toBe(PRIORITY_WEIGHTS.ageFloor);
    expect(ageFactor(-5)).toBe(1);
    expect(ageFactor(Number.NaN)).toBe(1);
  });
});

describe(readPriorityFactors.name, () => {
  it('reads factors as the pipeline stores them', () => {
    expect(readPriorityFactors({ urgencyWords: 2, reach: 7.5, age: 0.6 })).toEqual({ urgencyWords: 2, reach: 7.5, age: 0.6 });
  });

  it('refuses what the pipeline cannot have written (a stored document is not trusted)', () => {
    for (const value of [
      undefined,
      null,
      'x',
      {},
      { urgencyWords: 1.5, reach: 0, age: 1 },
      { urgencyWords: 4, reach: 0, age: 1 },
      { urgencyWords: 0, reach: 16, age: 1 },
      { urgencyWords: 0, reach: -1, age: 1 },
      { urgencyWords: 0, reach: 0, age: 2 },
      { urgencyWords: 0, reach: 0, age: 0.1 },
      { urgencyWords: 0, reach: Number.POSITIVE_INFINITY, age: 1 },
      { urgencyWords: '1', reach: 0, age: 1 },
    ]) {
      expect(readPriorityFactors(value)).toBeNull();
    }
  });
});

describe(priorityAfterRelabel.name, () => {
  it('recomputes from stored factors', () => {
    expect(priorityAfterRelabel(complaint, fresh, 3)).toBe(55);
  });

  it('without usable factors keeps the stored priority, capped once the mention is flushed', () => {
    expect(priorityAfterRelabel(complaint, undefined, 42)).toBe(42);
    expect(priorityAfterRelabel({ ...complaint, category: 'flush' }, undefined, 42)).toBe(PRIORITY_WEIGHTS.flushCeiling);
    expect(priorityAfterRelabel(complaint, { age: 1 }, 42)).toBe(42);
    // A stored priority that is not a number in range is made one.
    expect(priorityAfterRelabel(complaint, null, 'high')).toBe(0);
    expect(priorityAfterRelabel(complaint, null, 250)).toBe(100);
  });
});

describe(personSentimentScore.name, () => {
  it('is certain: −1, 0 or 1', () => {
    expect([personSentimentScore('negative'), personSentimentScore('neutral'), personSentimentScore('positive')]).toEqual([-1, 0, 1]);
  });
});

describe(priorityBreakdown.name, () => {
  it('takes the priority apart into the addends that count, the age and the flush cap', () => {
    const factors = { urgencyWords: 2, reach: 10, age: 0.5 };
    expect(priorityBreakdown(complaint, factors)).toEqual({
      parts: [
        { kind: 'base', points: 10 },
        { kind: 'intent', points: 25 },
        { kind: 'category', points: 10 },
        { kind: 'negativity', points: 10 },
        { kind: 'urgency', points: 12 },
        { kind: 'reach', points: 10 },
      ],
      age: 0.5,
      urgencyWords: 2,
      flushCapped: false,
      total: 39,
    });
    const praise = priorityBreakdown({ sentiment: 'positive', sentimentScore: 0.9, intent: 'praise', category: 'marketing' }, fresh);
    expect(praise.parts).toEqual([{ kind: 'base', points: 10 }]);
    const flushed = priorityBreakdown({ ...complaint, category: 'flush' }, factors);
    expect(flushed).toMatchObject({ flushCapped: true, total: PRIORITY_WEIGHTS.flushCeiling });
  });

  it('always adds up to what priorityFrom says', () => {
    for (const sentiment of ['negative', 'neutral', 'positive'] as const) {
      for (const intent of ['incident', 'complaint', 'question', 'suggestion', 'praise', 'other'] as const) {
        for (const category of ['service', 'marketing', 'flush'] as const) {
          for (const factors of [fresh, { urgencyWords: 3, reach: 15, age: 1 }, { urgencyWords: 1, reach: 3.2, age: 0.37 }]) {
            const labels = { sentiment, sentimentScore: -0.63, intent, category };
            const b = priorityBreakdown(labels, factors);
            const raw = b.parts.reduce((sum, part) => sum + part.points, 0) * b.age;
            expect(b.total).toBe(priorityFrom(labels, factors));
            expect(b.total).toBe(Math.max(0, Math.min(100, Math.round(b.flushCapped ? PRIORITY_WEIGHTS.flushCeiling : raw))));
          }
        }
      }
    }
  });
});
