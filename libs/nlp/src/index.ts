export { PIPELINE_VERSION } from './version';
export { htmlToText, cleanText, MAX_TEXT_LENGTH } from './text/html-to-text';
export { detectLanguage, type LanguageResult } from './language/detect-language';
export { scoreSentiment, type SentimentResult } from './sentiment/score-sentiment';
export { classifyMention, type ClassificationResult, type ClassificationSignals } from './classify/classify-mention';
export { computePriority, PRIORITY_WEIGHTS, type PriorityInput } from './priority/compute-priority';
export { analyzeMention, toMention, runPipeline, type PipelineOptions } from './pipeline';
export type { TopicDocument, TopicMatcher } from './topics/topic-document';
export { compileTopicQuery, createTopicMatcher, CompiledTopicQuery, type TopicDefinition } from './topics/compile-topic-query';
export { parseTopicQuery, MAX_TOPIC_QUERY_LENGTH, MAX_TOPIC_QUERY_DEPTH, MAX_PROXIMITY, MAX_PHRASE_WORDS, MIN_PREFIX_LENGTH } from './topics/parse-topic-query';
export { printTopicQuery, type TopicQueryNode, type TopicWordNode, type TopicPhraseNode, type TopicLanguageNode, type TopicAndNode, type TopicOrNode, type TopicNotNode } from './topics/topic-query-ast';
export { TopicQueryError } from './topics/topic-query-error';
export { topicDocumentOf, TOPIC_DOCUMENT_FIELDS, type StoredTopicFields } from './topics/topic-document-of';
export { handleAskedFor, labelsFollowTopicAccounts } from './topics/topic-accounts';
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
