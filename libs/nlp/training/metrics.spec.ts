import { scoreTask, sentipolcPolarityScore } from './metrics';

describe('scoreTask', () => {
  it('computes accuracy, per-class F1, macro-F1 and the confusion matrix', () => {
    const gold = ['a', 'a', 'a', 'b', 'b', 'c'];
    const pred = ['a', 'a', 'b', 'b', 'c', 'c'];
    const s = scoreTask(gold, pred, ['a', 'b', 'c']);
    expect(s.n).toBe(6);
    expect(s.accuracy).toBeCloseTo(4 / 6, 12);
    // a: tp 2, fp 0, fn 1 → 0.8; b: tp 1, fp 1, fn 1 → 0.5; c: tp 1, fp 1, fn 0 → 2/3.
    expect(s.perClassF1.a).toBeCloseTo(0.8, 12);
    expect(s.perClassF1.b).toBeCloseTo(0.5, 12);
    expect(s.perClassF1.c).toBeCloseTo(2 / 3, 12);
    expect(s.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(s.confusion).toEqual({ a: { a: 2, b: 1 }, b: { b: 1, c: 1 }, c: { c: 1 } });
  });

  it('averages macro-F1 over the classes the gold labels contain', () => {
    const s = scoreTask(['a', 'a'], ['a', 'b'], ['a', 'b', 'c']);
    expect(s.perClassF1.b).toBe(0);
    expect(s.macroF1).toBeCloseTo(2 / 3, 12);
  });
});

describe('sentipolcPolarityScore', () => {
  it('averages the two flags, each the mean F1 of its two classes', () => {
    const gold = [
      { positive: true, negative: false },
      { positive: false, negative: true },
      { positive: true, negative: true },
      { positive: false, negative: false },
    ];
    const perfect = sentipolcPolarityScore(gold, gold);
    expect(perfect.score).toBe(1);
    const neutral = sentipolcPolarityScore(gold, gold.map(() => ({ positive: false, negative: false })));
    // Each flag: "no" F1 = 2·2/(2·2+2) = 2/3, "yes" F1 = 0 → 1/3.
    expect(neutral.positiveF).toBeCloseTo(1 / 3, 12);
    expect(neutral.score).toBeCloseTo(1 / 3, 12);
  });
});
