import type { Language } from '@ascolto/domain';
import { FEATURE_SET_VERSION } from '../features/extract-features';
import { LinearModel, type LinearModelFile } from './linear-model';

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
const loadFile = (name: string): LinearModelFile => {
  switch (name) {
    case 'sentiment-en':
      return require('../../models/sentiment-en.json');
    case 'sentiment-it':
      return require('../../models/sentiment-it.json');
    case 'complaint-en':
      return require('../../models/complaint-en.json');
    default:
      throw new Error(`unknown model ${name}`);
  }
};
/* eslint-enable @typescript-eslint/no-require-imports */

let shipped: PipelineModels | null = null;

/** The committed models, loaded on first use (about 3 MB of weights in memory). */
export function shippedModels(): PipelineModels {
  shipped ??= {
    sentiment: {
      en: new LinearModel(loadFile('sentiment-en'), FEATURE_SET_VERSION),
      it: new LinearModel(loadFile('sentiment-it'), FEATURE_SET_VERSION),
    },
    complaint: {
      en: new LinearModel(loadFile('complaint-en'), FEATURE_SET_VERSION),
    },
  };
  return shipped;
}
