import { pipelineVersionFor, type TrainedWith } from './pipeline-version';

/** The version of this build: the rules, and the corrections the committed models were trained with. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PIPELINE_VERSION = pipelineVersionFor(require('../models/trained-with.json') as TrainedWith);
