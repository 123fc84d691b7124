import type { PipelineModels } from '../src/models/pipeline-models';
import { loadDevCorpus, type CorpusItem } from './corpus';
import { crossValidatedModels } from './cross-validate';
import { analyseItems, predictedLabel } from './evaluate';
import { FOLDS } from './folds';
import { TASK_CLASSES } from './label-mapping';
import { scoreTask } from './metrics';
import { MODEL_SPECS, type ModelSpec } from './model-specs';

/**
 * Complaint detection alone, cross-validated exactly as `npm run nlp:eval` does it (same folds, the
 * whole pipeline with per-fold sentiment and complaint models), for variants of the complaint
 * model's training; seconds instead of the full evaluation's minutes. Prints complaint macro-F1 and
 * the F1 of the complaint class on the complaints set for each variant:
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register libs/nlp/training/complaint-experiment.ts
 */

const shipped = MODEL_SPECS.find((spec) => spec.name === 'complaint-en')!;

/** The training choices docs/decisions.md reports, each removed from or added to the shipped spec. */
const VARIANTS: Array<{ name: string; spec: ModelSpec }> = [
  { name: 'shipped', spec: shipped },
  { name: 'without the airline weight copy', spec: { ...shipped, adaptsFrom: undefined } },
  { name: 'two classes (random posts are "no")', spec: { ...shipped, classes: ['yes', 'no'], labelOf: undefined } },
  { name: 'class-balanced', spec: { ...shipped, training: { ...shipped.training, balanced: true } } },
  {
    name: 'airline as plain complaint data, no copy',
    spec: {
      ...shipped,
      adaptsFrom: (item) => {
        const adapted = shipped.adaptsFrom?.(item);
        return adapted && { ...adapted, domain: 0 };
      },
    },
  },
  { name: 'two classes, balanced, no airline (as before)', spec: { ...shipped, classes: ['yes', 'no'], labelOf: undefined, adaptsFrom: undefined, training: {} } },
];

export function complaintScores(corpus: readonly CorpusItem[], sentiment: Array<PipelineModels['sentiment']>, spec: ModelSpec): { macroF1: number; complaintF1: number } {
  const complaint = crossValidatedModels(spec, corpus);
  const perFold: PipelineModels[] = complaint.map((model, fold) => ({ sentiment: sentiment[fold], complaint: { en: model } }));
  const target = corpus.filter((item) => item.dataset === 'complaints-twitter');
  const analyses = analyseItems(target, (item) => perFold[item.fold]);
  const scores = scoreTask(
    target.map((item) => item.labels.complaint!),
    analyses.map((analysis) => predictedLabel('complaint', analysis)!),
    TASK_CLASSES.complaint,
  );
  return { macroF1: scores.macroF1, complaintF1: scores.perClassF1.yes ?? 0 };
}

if (require.main === module) {
  const corpus = loadDevCorpus();
  const sentiment: Array<PipelineModels['sentiment']> = Array.from({ length: FOLDS }, () => ({}));
  for (const spec of MODEL_SPECS.filter((s) => s.task === 'sentiment')) {
    crossValidatedModels(spec, corpus).forEach((model, fold) => (sentiment[fold][spec.language] = model));
  }
  const only = process.argv[2];
  for (const variant of VARIANTS) {
    if (only && !variant.name.includes(only)) continue;
    const { macroF1, complaintF1 } = complaintScores(corpus, sentiment, variant.spec);
    console.log(`${variant.name.padEnd(48)} complaint macro-F1 ${macroF1.toFixed(3)}  complaint-class F1 ${complaintF1.toFixed(3)}`);
  }
}
