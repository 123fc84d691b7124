import type { Language } from '@ascolto/domain';
import { createLanguageDetector, detectLanguage } from '../src/language/detect-language';
import { foldOf } from './folds';
import { modelFromFile, trainLanguageModelOn, type LabelledText, type LanguageTrainingOptions } from './train-language';

/** A labelled text and the data set it comes from. */
export interface LanguageRecord extends LabelledText {
  dataset: string;
}

export interface LanguageScore {
  records: number;
  correct: number;
  /** correct / records, in [0, 1]. */
  accuracy: number;
  /** Gold label → predicted label → count. */
  confusion: Record<string, Record<string, number>>;
}

/** Per data set, in the order the data sets first appear. */
export type LanguageEvaluation = Record<string, LanguageScore>;

/** Scores a detector (by default the committed one) against the `lang` of each record, per data set. */
export function evaluateLanguageDetector(
  records: readonly LanguageRecord[],
  detect: (text: string) => { language: Language | string } = detectLanguage,
): LanguageEvaluation {
  const out: LanguageEvaluation = {};
  for (const record of records) addScore(out, record, detect(record.text).language);
  return finish(out);
}

/**
 * k-fold cross-validation of the whole detector with the training code of the committed model: for
 * each fold a model is trained on the other folds and the held-out fold is scored. Records are
 * assigned to folds by a hash of their normalised text (`groupKey` in folds.ts), so a retweet, a copy, or a
 * tweet that two data sets share (umsab-italian is drawn from sentipolc-2016) is never on both
 * sides.
 */
export function crossValidateLanguageDetector(
  records: readonly LanguageRecord[],
  folds = 5,
  options: LanguageTrainingOptions = {},
): LanguageEvaluation {
  const predicted = crossValidatedPredictions(records, folds, options);
  const out: LanguageEvaluation = {};
  records.forEach((r, i) => addScore(out, r, predicted[i]));
  return finish(out);
}

/** The held-out prediction for every record (see crossValidateLanguageDetector), in record order. */
export function crossValidatedPredictions(records: readonly LanguageRecord[], folds = 5, options: LanguageTrainingOptions = {}): Language[] {
  // The same fold rule as every other cross-validation here (folds.ts): copies share a fold.
  const foldIndex = records.map((r) => foldOf(r.text, folds));
  const predicted: Language[] = new Array(records.length);
  for (let k = 0; k < folds; k++) {
    const train = records.filter((_, i) => foldIndex[i] !== k);
    const detector = createLanguageDetector(modelFromFile(trainLanguageModelOn(train, [], options)));
    records.forEach((r, i) => {
      if (foldIndex[i] === k) predicted[i] = detector.detectLanguage(r.text).language;
    });
  }
  return predicted;
}

/** Scores given predictions (record order) like evaluateLanguageDetector. */
export function scorePredictions(records: readonly LanguageRecord[], predicted: readonly string[]): LanguageEvaluation {
  const out: LanguageEvaluation = {};
  records.forEach((r, i) => addScore(out, r, predicted[i]));
  return finish(out);
}

function addScore(out: LanguageEvaluation, record: LanguageRecord, predicted: string): void {
  const score = (out[record.dataset] ??= { records: 0, correct: 0, accuracy: 0, confusion: {} });
  score.records++;
  if (predicted === record.lang) score.correct++;
  const row = (score.confusion[record.lang] ??= {});
  row[predicted] = (row[predicted] ?? 0) + 1;
}

function finish(out: LanguageEvaluation): LanguageEvaluation {
  for (const score of Object.values(out)) score.accuracy = score.records ? score.correct / score.records : 0;
  return out;
}
