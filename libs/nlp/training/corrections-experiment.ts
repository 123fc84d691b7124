import { FEATURE_SET_VERSION } from '../src/features/extract-features';
import { LinearModel } from '../src/models/linear-model';
import type { CorpusItem } from './corpus';
import { trainSpec } from './cross-validate';
import { TASK_CLASSES } from './label-mapping';
import { scoreTask } from './metrics';
import { CORRECTION_WEIGHT, MODEL_SPECS } from './model-specs';
import { FeatureKind, finalise, hashString } from '../src/features/feature-hashing';

/**
 * How much a few hundred corrections help: a team whose mentions differ from the training data
 * (hotel reviews instead of political tweets; festival tweets about gadgets instead of airline
 * complaints) corrects N labels, `nlp:train --corrections` adds them with weight CORRECTION_WEIGHT,
 * and we measure macro-F1 on that domain's records the corrections did not include (fold 0 of the
 * data set; corrections come from the other folds in a fixed pseudo-random order).
 */
export interface CorrectionsRun {
  dataset: string;
  model: string;
  corrections: number;
  testRecords: number;
  macroF1: number;
  accuracy: number;
}

export const CORRECTION_COUNTS = [0, 100, 300, 600] as const;
const EXPERIMENTS = [
  { dataset: 'absita-2018', model: 'sentiment-it' },
  { dataset: 'brand-emotion-sxsw', model: 'sentiment-en' },
] as const;

export function correctionsExperiment(corpus: readonly CorpusItem[], onStep: () => void = () => undefined): CorrectionsRun[] {
  const runs: CorrectionsRun[] = [];
  for (const experiment of EXPERIMENTS) {
    const spec = MODEL_SPECS.find((s) => s.name === experiment.model)!;
    const inDomain = corpus.filter((item) => item.dataset === experiment.dataset && spec.trainsOn(item));
    // umsab/sentipolc-style overlaps are excluded by text group: nothing from the test fold's groups trains.
    const test = inDomain.filter((item) => item.fold === 0);
    const pool = inDomain
      .filter((item) => item.fold !== 0)
      .map((item) => ({ item, order: finalise(hashString(FeatureKind.Signal, `corrections:${item.record.id}`)) }))
      .sort((a, b) => a.order - b.order || a.item.record.id.localeCompare(b.item.record.id))
      .map(({ item }) => item);
    const base = corpus.filter((item) => item.dataset !== experiment.dataset && item.fold !== 0);
    for (const count of CORRECTION_COUNTS) {
      const corrections = pool.slice(0, count).map((item) => ({ ...item, weight: CORRECTION_WEIGHT }));
      const model = new LinearModel(trainSpec(spec, [...base, ...corrections]), FEATURE_SET_VERSION);
      const gold = test.map((item) => item.labels[spec.task]!);
      const predicted = test.map((item) => model.predict(item.features.vector).label);
      const scores = scoreTask(gold, predicted, TASK_CLASSES[spec.task]);
      runs.push({ dataset: experiment.dataset, model: spec.name, corrections: count, testRecords: test.length, macroF1: scores.macroF1, accuracy: scores.accuracy });
      onStep();
    }
  }
  return runs;
}

export const CORRECTION_STEPS = EXPERIMENTS.length * CORRECTION_COUNTS.length;
