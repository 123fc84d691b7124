// Elasticsearch side of Ascolto: configuration, the monthly mention indices, the bulk indexer and
// the inbox search. Plain classes over a `Client`; the apps wire them into Nest.
export { checkSearchHealth, createSearchClient, loadSearchConfig, type SearchConfig, type SearchHealth } from './config';
export { InvalidQueryError } from './errors';
export { isElasticOutcomeUnknown } from './es-errors';
export { MAPPING_VERSION, MENTION_ANALYSIS, MENTION_TEXT_ANALYZER, mentionMappings } from './mappings/mention-mapping';
export { MentionIndexManager, monthlyIndexName } from './mention-index-manager';
export {
  BulkMentionIndexer,
  PRESERVED_ON_REDELIVERY,
  redeliveryDoc,
  WORKFLOW_FIELDS,
  type BulkFailure,
  type BulkMentionIndexerOptions,
  type BulkReport,
} from './bulk-mention-indexer';
export { NearDuplicateGrouper, type NearDuplicateGrouperOptions } from './near-duplicate-grouper';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MentionSearchService, TOTAL_HITS_LIMIT, type LabelCorrectionPatch } from './mention-search.service';
export {
  changesToRecord,
  InvalidCorrectionError,
  KIND_OF,
  ownedLabels,
  planCorrection,
  withoutLabels,
  type CorrectionKind,
  type CorrectionPlan,
  type LabelChange,
} from './label-correction';
export {
  MAX_QUERY_LENGTH,
  MAX_QUERY_TERMS,
  buildTextQuery,
  hasPositiveTerm,
  parseSearchQuery,
  type ParsedQuery,
  type QueryTerm,
} from './query-parser';
export { decodeCursor, encodeCursor, type SortValue } from './cursor';
export {
  MentionTopicRetagger,
  RetagAbortedError,
  TOPICS_CHANGED_VERSION,
  type MentionTopicRetaggerOptions,
  type RetagDoc,
  type RetagProgress,
  type RetagRunOptions,
  type TopicRetagPlan,
} from './mention-topic-retagger';
export {
  MentionReanalyser,
  ReanalysisAbortedError,
  type AnalyseStored,
  type MentionReanalyserOptions,
  type ReanalysisFailure,
  type ReanalysisProgress,
  type ReanalysisRunOptions,
} from './mention-reanalyser';
export {
  correctedLabelsOf,
  planReanalysis,
  REANALYSED_FIELDS,
  REANALYSIS_SOURCE_FIELDS,
  reanalysisInput,
  type ReanalysisPatch,
  type ReanalysisResult,
  type ReanalysisStored,
} from './reanalysis-plan';
