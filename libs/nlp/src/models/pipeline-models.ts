import type { Language } from '@ascolto/domain';
import { FEATURE_SET_VERSION } from '../features/extract-features';
import { isTrained, LinearModel, type LinearModelFile, type UntrainedModelFile } from './linear-model';

/**
 * The trained models the pipeline uses, by task and language. `npm run nlp:train` writes the files
 * in `libs/nlp/models/`; they are imported as JSON so that the bundled api and worker carry them
 * (no file paths to resolve at run time). Evaluation swaps in models trained on other folds.
 */
export interface PipelineModels {
  sentiment: Partial<Record<Language, LinearModel>>;
  /** Complaint vs not (classes `yes`, `no`). */
  complaint: Partial<Record<Language, LinearModel>>;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const loadFile = (name: string): LinearModelFile | UntrainedModelFile => {
  switch (name) {
    case 'sentiment-en':
      return require('../../models/sentiment-en.json');
    case 'sentiment-it':
      return require('../../models/sentiment-it.json');
    case 'complaint-en':
      return require('../../models/complaint-en.json');
    case 'complaint-it':
      return require('../../models/complaint-it.json');
    default:
      throw new Error(`unknown model ${name}`);
  }
};
/* eslint-enable @typescript-eslint/no-require-imports */

let shipped: PipelineModels | null = null;

function model(name: string): LinearModel {
  const file = loadFile(name);
  if (!isTrained(file)) throw new Error(`model ${name} is not trained: ${file.reason}`);
  return new LinearModel(file, FEATURE_SET_VERSION);
}

/** A model the team's corrections may not have trained yet: without it the rules decide alone. */
function optionalModel(name: string): LinearModel | undefined {
  const file = loadFile(name);
  return isTrained(file) ? new LinearModel(file, FEATURE_SET_VERSION) : undefined;
}

/** The committed models, loaded on first use (about 3 MB of weights in memory). */
export function shippedModels(): PipelineModels {
  if (!shipped) {
    const complaintIt = optionalModel('complaint-it');
    shipped = {
      sentiment: { en: model('sentiment-en'), it: model('sentiment-it') },
      // Italian complaints: only the team's corrections label them (model-specs.ts, `minimum`).
      complaint: { en: model('complaint-en'), ...(complaintIt ? { it: complaintIt } : {}) },
    };
  }
  return shipped;
}
