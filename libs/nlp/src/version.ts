/**
 * Identifies the code and rules that produced a mention's labels, so re-analysis can target old
 * documents. Bump it whenever a rule, lexicon or weight changes what the pipeline outputs.
 */
export const PIPELINE_VERSION = 'linear-10';
