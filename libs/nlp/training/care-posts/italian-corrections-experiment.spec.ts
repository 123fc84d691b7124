import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadDevCorpus } from '../corpus';
import { datasetsDir } from '../datasets';
import { italianComplaintsExperiment, italianSentimentExperiment, ITALIAN_CORRECTION_STEPS } from './italian-corrections-experiment';

describe('what Italian corrections are worth for complaints (docs/quality.md)', () => {
  const runs = italianComplaintsExperiment();

  it('reads every written Italian post once per step, the first with the rules alone', () => {
    expect(runs).toHaveLength(ITALIAN_CORRECTION_STEPS.length);
    expect(runs.map((r) => r.corrections)).toEqual([0, 50, 100, runs[3].corrections]);
    expect(runs[3].corrections).toBeGreaterThan(100);
    for (const run of runs) expect(run.posts).toBe(runs[0].posts);
    expect(runs[0].posts).toBeGreaterThan(150);
  });

  it('finds more complaints with a model trained on them than the rules do', () => {
    // linear-16, files a to r (718 posts): complaint F1 0.898 with the rules, 0.936 from 592 posts;
    // category 93.2 % and 93.5 % (linear-15, a to k: 0.861 and 0.931; linear-13, a to i: 0.810 and
    // 0.932). As the rules learn more, a model of the corrections adds less, and 50 corrections no
    // longer beat the rules (0.895). The model decides complaints, not the queue: it may move a post
    // or two between queues, no more.
    const [rules, , , all] = runs;
    expect(all.complaintF1).toBeGreaterThan(rules.complaintF1 + 0.03);
    expect(all.intentAccuracy).toBeGreaterThan(rules.intentAccuracy);
    // Counted in posts: accuracies differing by exactly two posts must not fail on rounding.
    const rightPosts = (accuracy: number) => Math.round(accuracy * rules.posts);
    expect(rightPosts(all.categoryAccuracy)).toBeGreaterThanOrEqual(rightPosts(rules.categoryAccuracy) - 2);
  });
});

const haveData = existsSync(join(datasetsDir(), 'sentipolc-2016', 'dev.jsonl'));
(haveData ? describe : describe.skip)('what Italian corrections are worth for sentiment on care posts', () => {
  it('reads care posts better once the model has seen some', () => {
    // linear-10: 67.0 % with the shipped model, 74.2 % with 100 posts added to the dev records.
    const runs = italianSentimentExperiment(loadDevCorpus(['absita-2018', 'sentipolc-2016', 'umsab-italian']));
    expect(runs.map((r) => r.corrections)).toEqual([0, 50, 100, runs[3].corrections]);
    expect(runs[2].accuracy).toBeGreaterThan(runs[0].accuracy + 0.03);
  }, 120_000);
});
