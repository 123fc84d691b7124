import type { SentimentResult } from './score-sentiment';
import { CONFIDENT_NEUTRAL, PROBLEM_REPORT_SCORE, problemReportTone, UNSURE_POSITIVE } from './problem-report-tone';

const neutral = (confidence: number, score = 0.05): SentimentResult => ({ sentiment: 'neutral', score, confidence, reasons: ['model sentiment-it: neutral p=0.52'] });

describe(problemReportTone.name, () => {
  it('reads an unsure neutral on a complaint or an outage as negative, and says why first', () => {
    for (const intent of ['complaint', 'incident'] as const) {
      const toned = problemReportTone(neutral(0.52), intent, true);
      expect(toned).toMatchObject({ sentiment: 'negative', score: PROBLEM_REPORT_SCORE, confidence: 0.52 });
      expect(toned.reasons).toEqual(['a problem report in plain words: negative towards the brand (the model read neutral)', 'model sentiment-it: neutral p=0.52']);
    }
    // A neutral already leaning negative keeps its own, stronger score.
    expect(problemReportTone(neutral(0.45, -0.5), 'complaint', true).score).toBe(-0.5);
  });

  it('reads a positive the model is unsure of as negative too: its score goes below the threshold', () => {
    const guess: SentimentResult = { sentiment: 'positive', score: 0.3, confidence: UNSURE_POSITIVE - 0.05, reasons: ['model sentiment-it: positive p=0.45'] };
    const toned = problemReportTone(guess, 'complaint', true);
    expect(toned).toMatchObject({ sentiment: 'negative', score: PROBLEM_REPORT_SCORE, confidence: 0.45 });
    expect(toned.reasons[0]).toBe('a problem report in plain words: negative towards the brand (the model read positive, unsure)');
    const sure: SentimentResult = { ...guess, confidence: UNSURE_POSITIVE };
    expect(problemReportTone(sure, 'incident', true)).toBe(sure);
    expect(problemReportTone(guess, 'question', true)).toBe(guess);
    expect(problemReportTone(guess, 'complaint', false)).toBe(guess);
  });

  it('leaves a confident neutral, a tone the model found, other intents and languages with a complaint model alone', () => {
    const confident = neutral(CONFIDENT_NEUTRAL);
    expect(problemReportTone(confident, 'complaint', true)).toBe(confident);
    const positive: SentimentResult = { sentiment: 'positive', score: 0.6, confidence: 0.7, reasons: [] };
    expect(problemReportTone(positive, 'complaint', true)).toBe(positive);
    const unsure = neutral(0.5);
    expect(problemReportTone(unsure, 'question', true)).toBe(unsure);
    expect(problemReportTone(unsure, 'other', true)).toBe(unsure);
    expect(problemReportTone(unsure, 'complaint', false)).toBe(unsure);
  });
});
