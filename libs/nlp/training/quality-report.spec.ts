import { scoreTask } from './metrics';
import { renderReport, targetsOf } from './quality-report';
import type { EvaluationReport } from './run-evaluation';

function report(airlineGold: string[], airlinePredicted: string[]): EvaluationReport {
  return {
    mode: 'cross-validation',
    files: {
      'twitter-us-airline-sentiment': {
        records: airlineGold.length,
        tasks: {
          sentiment: scoreTask(airlineGold, airlinePredicted, ['negative', 'neutral', 'positive']),
          language: scoreTask(['en', 'en'], ['en', 'it'], ['it', 'en']),
        },
        baselines: { afinn: scoreTask(airlineGold, airlineGold.map(() => 'neutral'), ['negative', 'neutral', 'positive']) },
      },
    },
    corrections: [{ dataset: 'absita-2018', model: 'sentiment-it', corrections: 100, testRecords: 10, macroF1: 0.5, accuracy: 0.6 }],
    italianComplaints: [
      { corrections: 0, posts: 10, complaintF1: 0.5, intentAccuracy: 0.6, categoryAccuracy: 0.7 },
      { corrections: 8, posts: 10, complaintF1: 0.75, intentAccuracy: 0.8, categoryAccuracy: 0.9 },
    ],
    italianSentiment: [{ corrections: 50, posts: 10, accuracy: 0.7, macroF1: 0.65 }],
    written: {
      'care-posts-b': {
        records: 2,
        tasks: { intent: scoreTask(['complaint', 'question'], ['complaint', 'complaint'], ['complaint', 'question', 'praise', 'suggestion', 'incident', 'other']) },
        baselines: {},
      },
    },
  };
}

describe('docs/quality.md', () => {
  const gold = ['negative', 'neutral', 'positive', 'negative'];

  it('reads the targets off the report and says which are met', () => {
    const perfect = targetsOf(report(gold, gold));
    expect(perfect.find((t) => t.what.startsWith('English sentiment'))).toMatchObject({ goal: 0.75, measured: 1 });
    const wrong = targetsOf(report(gold, ['positive', 'positive', 'negative', 'neutral']));
    expect(wrong.find((t) => t.what.startsWith('English sentiment'))!.measured).toBe(0);
    // Language: one of two records right on the only data set.
    expect(wrong.find((t) => t.what.startsWith('Language'))!.measured).toBe(0.5);
  });

  it('renders the targets, the baselines, every confusion matrix and why a missed target is missed', () => {
    const md = renderReport(report(gold, gold), 'npm run nlp:eval');
    expect(md).toContain('| English sentiment macro-F1, airline tweets | 0.750 | 1.000 | yes |');
    expect(md).toContain('| Language detection accuracy, worst data set | 0.990 | 0.500 | no |');
    expect(md).toContain('**Language detection accuracy, worst data set: 0.490 short.**');
    expect(md).not.toContain('English sentiment macro-F1, airline tweets: ');
    expect(md).toContain('| sentiment | afinn baseline | 4 |');
    expect(md).toContain('sentiment (rows: gold, columns: predicted)');
    expect(md).toContain('language (rows: gold, columns: predicted)');
    expect(md).toContain('| absita-2018 | sentiment-it | 100 | 10 | 60.0 | 0.500 |');
    expect(md).toContain('### Italian complaints');
    expect(md).toContain('| 8 | 10 | 0.750 | 80.0 | 90.0 |');
    expect(md).toContain('### Italian sentiment on care posts');
    expect(md).toContain('| 50 | 10 | 70.0 | 0.650 |');
    expect(md).toContain('## Care posts written by us');
    expect(md).toContain('### care-posts-b (2 posts)');
    expect(md).toContain('| intent | Ascolto | 2 | 50.0 |');
  });
});
