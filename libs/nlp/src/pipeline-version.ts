/**
 * Identifies the code and rules that produced a mention's labels. Bump it whenever a rule, lexicon
 * or the training code changes what the pipeline outputs.
 */
export const RULES_VERSION = 'linear-16';

/** What `npm run nlp:train` wrote into libs/nlp/models/trained-with.json: the corrections it added. */
export interface TrainedWith {
  corrections: number;
  /** Hash of the corrections (8 hex digits), absent without any. */
  fingerprint?: string;
}

/**
 * The version stored with every mention. Models retrained with the team's corrections carry the
 * corrections' fingerprint ("linear-16+c1a2b3c4d"), so a build with them re-labels, in the
 * background, every mention labelled before (BackgroundReanalysisJob targets other versions).
 */
export function pipelineVersionFor(trainedWith: TrainedWith): string {
  return trainedWith.fingerprint ? `${RULES_VERSION}+c${trainedWith.fingerprint}` : RULES_VERSION;
}
