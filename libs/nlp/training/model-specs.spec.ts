import { toCorpusItem } from './corpus';
import { MODEL_SPECS, missingTrainingData } from './model-specs';

const spec = (name: string) => MODEL_SPECS.find((s) => s.name === name)!;
// Corrections as `export-corrections` writes them: PRODUCT.md's intent, which gives the complaint label.
const corrections = (complaints: number, others: number, lang = 'it') =>
  Array.from({ length: complaints + others }, (_, i) =>
    toCorpusItem('corrections', { id: `c${i}`, text: `Post numero ${i} sul servizio`, lang, intent: i < complaints ? 'complaint' : 'question' }),
  );

describe('missingTrainingData', () => {
  it('keeps complaint-it untrained without Italian complaint labels, and says what is missing', () => {
    expect(missingTrainingData(spec('complaint-it'), [])).toBe('needs 100 it records labelled for complaint, at least 30 of each class (has 0: 0 yes, 0 no)');
    expect(missingTrainingData(spec('complaint-it'), corrections(60, 39))).toContain('(has 99: 60 yes, 39 no)');
    expect(missingTrainingData(spec('complaint-it'), corrections(20, 100))).toContain('(has 120: 20 yes, 100 no)');
    // English corrections do not count for the Italian model.
    expect(missingTrainingData(spec('complaint-it'), corrections(60, 60, 'en'))).toContain('(has 0:');
  });

  it('lets complaint-it train from enough Italian corrections of both kinds', () => {
    expect(missingTrainingData(spec('complaint-it'), corrections(30, 70))).toBeNull();
  });

  it('never holds back a model without a minimum', () => {
    expect(missingTrainingData(spec('complaint-en'), [])).toBeNull();
    expect(missingTrainingData(spec('sentiment-it'), [])).toBeNull();
  });
});
