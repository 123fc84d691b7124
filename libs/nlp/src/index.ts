export { PIPELINE_VERSION } from './version';
export { htmlToText, cleanText, MAX_TEXT_LENGTH } from './text/html-to-text';
export { detectLanguage, type LanguageResult } from './language/detect-language';
export { scoreSentiment, type SentimentResult } from './sentiment/score-sentiment';
export { classifyMention, type ClassificationResult, type ClassificationSignals } from './classify/classify-mention';
export { computePriority, PRIORITY_WEIGHTS, type PriorityInput } from './priority/compute-priority';
export { analyzeMention, toMention, runPipeline } from './pipeline';
export { sanePublishedAt, withSanePublishedAt, EARLIEST_PUBLISHED_AT } from './normalise/published-at';
export {
  MIN_SKETCH_WORDS,
  MINHASH_BANDS,
  NEAR_DUPLICATE_DISTANCE,
  hammingDistance,
  sketchText,
  sketchWords,
  type SimilaritySketch,
} from './dedupe/similarity-sketch';
