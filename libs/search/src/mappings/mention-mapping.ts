import type { estypes } from '@elastic/elasticsearch';

/**
 * Bump when the mapping or the analysis below changes. At start-up, every monthly index whose
 * `_meta.mappingVersion` is lower gets the new mapping applied in place; a change Elasticsearch
 * cannot apply in place (a field's type, an analyzer of an existing field) stops start-up with the
 * name of the index to reindex.
 */
// 2: near-duplicate grouping (`simhash`, `similarityKeys`, `duplicateOf`): new fields only, so
//    existing indices take it in place.
// 3: `author.followers` (author reach, for priority and sorting): a new field, applied in place.
// 4: `correctedLabels` (labels a person set, kept on re-delivery and filterable in the inbox): a new
//    field, applied in place; documents without it simply have no corrections.
// 5: what collectors of every source report: `editedAt`, `deletedAtSource`, `engagement.*`,
//    `rating` (App Store stars), `inReplyTo`, `sourceLanguage`: new fields, applied in place.
// 6: `priorityFactors` (what a priority is made of besides the labels, so a corrected or flushed
//    mention's priority can be recomputed): stored, not indexed; a new field, applied in place.
// 7: `brandChannel` (the source says the post was written to the brand: a private message, a
//    comment on its Page, a tag of its account), filterable in the inbox; a new field, applied in place.
export const MAPPING_VERSION = 7;

/** Analyzer used by every searchable text field; the query side must use the same one. */
export const MENTION_TEXT_ANALYZER = 'mention_text';

/**
 * Only built-in analysis: the Elasticsearch we test on has no analysis-common module (no
 * language analyzers, folding, elision or stemming), and the official image must accept the same
 * settings. Folded or stemmed forms, when we want them, are computed in the pipeline and indexed
 * as fields of their own.
 */
export const MENTION_ANALYSIS: estypes.IndicesIndexSettingsAnalysis = {
  filter: {
    mention_stop_it: { type: 'stop', stopwords: '_italian_' },
    mention_stop_en: { type: 'stop', stopwords: '_english_' },
  },
  analyzer: {
    [MENTION_TEXT_ANALYZER]: {
      type: 'custom',
      tokenizer: 'standard',
      filter: ['lowercase', 'mention_stop_it', 'mention_stop_en'],
    },
  },
};

// Lucene refuses terms over 32,766 bytes and fails the whole document; values written by strangers
// (URLs, handles, tags) are capped well below that (in characters, 4 bytes each at worst).
const keyword = (ignoreAbove = 1024): estypes.MappingKeywordProperty => ({ type: 'keyword', ignore_above: ignoreAbove });
const sourceOnlyKeyword: estypes.MappingKeywordProperty = { type: 'keyword', index: false, doc_values: false, ignore_above: 4096 };
const searchableText: estypes.MappingTextProperty = { type: 'text', analyzer: MENTION_TEXT_ANALYZER };
const date: estypes.MappingDateProperty = { type: 'date' };

export function mentionMappings(version: number = MAPPING_VERSION): estypes.MappingTypeMapping {
  return {
    // A field nobody declared is a bug in the producer; rejecting it keeps the mapping ours.
    dynamic: 'strict',
    _meta: { mappingVersion: version },
    properties: {
      id: { type: 'keyword' },
      sourceType: keyword(64),
      sourceId: keyword(256),
      sourceKey: keyword(2048),
      externalId: keyword(2048),
      url: sourceOnlyKeyword,
      title: searchableText,
      text: searchableText,
      // Raw source content (may hold HTML): kept for display as text, never searched.
      content: { type: 'text', index: false },
      author: {
        properties: {
          name: { ...searchableText, fields: { keyword: keyword(256) } },
          handle: keyword(512),
          url: sourceOnlyKeyword,
          followers: { type: 'long' },
        },
      },
      publishedAt: date,
      collectedAt: date,
      editedAt: date,
      deletedAtSource: date,
      engagement: {
        properties: {
          replies: { type: 'long' },
          reposts: { type: 'long' },
          likes: { type: 'long' },
          views: { type: 'long' },
        },
      },
      rating: { type: 'byte' },
      inReplyTo: keyword(512),
      sourceLanguage: keyword(16),
      brandChannel: keyword(32),
      language: keyword(16),
      sentiment: keyword(32),
      sentimentScore: { type: 'float' },
      category: keyword(32),
      intent: keyword(32),
      flushReason: keyword(32),
      priority: { type: 'integer' },
      priorityFactors: { type: 'object', enabled: false },
      explanations: { type: 'object', enabled: false },
      pipelineVersion: keyword(64),
      correctedLabels: keyword(32),
      topicIds: keyword(256),
      // Near-duplicate grouping: the sketch is read back, never searched; the keys and the head's id
      // are looked up with terms queries and aggregated for "+N similar".
      simhash: { type: 'keyword', index: false, doc_values: false, ignore_above: 16 },
      similarityKeys: keyword(32),
      duplicateOf: keyword(512),
      status: keyword(32),
      assigneeId: keyword(256),
      ticketId: keyword(256),
      tags: keyword(256),
      triagedAt: date,
      firstResponseAt: date,
      firstResponseSeconds: { type: 'integer' },
    },
  };
}
