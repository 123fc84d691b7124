import { FEATURE_SET_VERSION } from '../src/features/extract-features';
import { LinearModel, type LinearModelFile } from '../src/models/linear-model';
import type { CorpusItem } from './corpus';
import { FOLDS } from './folds';
import type { ModelSpec } from './model-specs';
import { DEFAULT_TRAINING, trainLinearModel, type LinearTrainingOptions, type TrainingExample } from './train-linear';

export type TrainingSettings = Omit<LinearTrainingOptions, 'name' | 'classes' | 'trainedOn'>;

/** Trains one model on the given items (those the spec accepts, and those it adapts from). */
export function trainSpec(spec: ModelSpec, items: readonly CorpusItem[], settings: TrainingSettings = DEFAULT_TRAINING): LinearModelFile {
  const examples: TrainingExample[] = [];
  const perDataset = new Map<string, number>();
  for (const item of items) {
    let label: string;
    let domain = 0;
    if (spec.trainsOn(item)) {
      label = spec.labelOf ? spec.labelOf(item) : item.labels[spec.task]!;
    } else {
      const adapted = spec.adaptsFrom?.(item);
      if (!adapted) continue;
      ({ label, domain } = adapted);
    }
    const index = spec.classes.indexOf(label);
    if (index < 0) throw new Error(`${spec.name}: no class ${label}`);
    examples.push({ vector: item.features.vector, label: index, weight: item.weight, domain });
    perDataset.set(item.dataset, (perDataset.get(item.dataset) ?? 0) + 1);
  }
  return trainLinearModel(examples, {
    ...settings,
    ...spec.training,
    name: spec.name,
    classes: [...spec.classes],
    trainedOn: [...perDataset.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([dataset, records]) => ({ dataset, records })),
  });
}

/**
 * Out-of-fold predictions: for each fold, a model trained on every other fold (of all data sets,
 * plus `extraTraining` such as corrections) predicts the items of that fold. Returned as one
 * model per fold, so the caller can run the whole pipeline with them.
 */
export function crossValidatedModels(
  spec: ModelSpec,
  corpus: readonly CorpusItem[],
  settings: TrainingSettings = DEFAULT_TRAINING,
  extraTraining: readonly CorpusItem[] = [],
): LinearModel[] {
  const models: LinearModel[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const training = corpus.filter((item) => item.fold !== fold).concat(extraTraining.filter((item) => item.fold !== fold));
    models.push(new LinearModel(trainSpec(spec, training, settings), FEATURE_SET_VERSION));
  }
  return models;
}
