import type { Client, estypes } from '@elastic/elasticsearch';
import {
  MENTION_SORTS,
  type CorrectableLabel,
  type LabelExplanation,
  type Mention,
  type MentionListItem,
  type MentionListQuery,
  type MentionPage,
  type MentionSort,
  type MentionWorkflow,
} from '@ascolto/domain';
import { WORKFLOW_FIELDS } from './bulk-mention-indexer';
import { decodeCursor, encodeCursor, type SortValue } from './cursor';
import { InvalidQueryError } from './errors';
import { elasticErrorType, isNotFound } from './es-errors';
import type { MentionIndexManager } from './mention-index-manager';
import { buildTextQuery, parseSearchQuery } from './query-parser';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
/** `total` is exact up to here, then a lower bound: counting further costs every query. */
export const TOTAL_HITS_LIMIT = 10_000;

// Every sort ends on `id` so that ties are broken the same way on every page: search_after then
// visits each mention exactly once. `id` is a keyword with doc values; `_id` has none.
const SORTS: Record<MentionSort, estypes.SortCombinations[]> = {
  newest: [{ publishedAt: { order: 'desc' } }, { id: { order: 'asc' } }],
  // `missing` keeps the sort value a small number, so it survives the cursor's JSON round trip.
  priority: [{ priority: { order: 'desc', missing: -1 } }, { publishedAt: { order: 'desc' } }, { id: { order: 'asc' } }],
};

const HIGHLIGHT: estypes.SearchHighlight = {
  // Elasticsearch escapes the mention text and inserts only our tags: the dashboard can render the
  // result as markup without ever rendering a stranger's.
  encoder: 'html',
  pre_tags: ['<em>'],
  post_tags: ['</em>'],
  // Texts past this are highlighted only up to it instead of failing the whole search.
  max_analyzed_offset: 500_000,
  fields: {
    // Whole text, marked; a hit that matched only the title or author still gets its text escaped.
    text: { number_of_fragments: 0, no_match_size: 1_000_000 },
  },
};

const ID_CHUNK = 1_000;

function isoDate(value: string, name: string): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidQueryError(`${name} is not a valid date`);
  return new Date(time).toISOString();
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidQueryError('limit must be a positive whole number');
  return Math.min(limit, MAX_PAGE_SIZE);
}

function checkWorkflowPatch(patch: Partial<MentionWorkflow>): Partial<MentionWorkflow> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!(WORKFLOW_FIELDS as readonly string[]).includes(key)) {
      throw new Error(`"${key}" is not a workflow field; mentions change only through the pipeline`);
    }
    clean[key] = value;
  }
  return clean as Partial<MentionWorkflow>;
}

/** Documents written before near-duplicate grouping have none of its fields. */
function withGroupDefaults(m: Mention): Mention {
  if (m.duplicateOf !== undefined && m.simhash !== undefined && m.similarityKeys !== undefined) return m;
  return { ...m, simhash: m.simhash ?? null, similarityKeys: m.similarityKeys ?? [], duplicateOf: m.duplicateOf ?? null };
}

interface Located {
  index: string;
  source?: Mention;
}

/** A person's labels for one mention, as written by `correctLabels`. */
export interface LabelCorrectionPatch {
  /** New values (a flush reason may be null: cleared because the category is not `flush`). */
  labels: Partial<Pick<Mention, CorrectableLabel>>;
  /** Explanations to replace, by label (`flushReason` has none of its own). */
  explanations: Partial<Record<'sentiment' | 'category' | 'intent', LabelExplanation>>;
  /** Labels to add to `correctedLabels`: a re-delivery keeps their values. */
  corrected: CorrectableLabel[];
  /**
   * Fields that follow from the new labels: the priority they imply, and the sentiment score of a
   * sentiment the person set (see `planCorrection`).
   */
  derived: Partial<Pick<Mention, 'priority' | 'sentimentScore'>>;
}

export class MentionSearchService {
  constructor(
    private readonly client: Client,
    private readonly manager: MentionIndexManager,
  ) {}

  async list(query: MentionListQuery): Promise<MentionPage> {
    const sort = query.sort ?? 'newest';
    if (!MENTION_SORTS.includes(sort)) throw new InvalidQueryError(`Unknown sort "${String(sort)}"`);
    const size = pageSize(query.limit);
    const searchAfter = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
    const { query: esQuery, hasText } = this.buildQuery(query);

    const res = await this.client.search<Mention>({
      index: this.manager.readAlias,
      query: esQuery,
      sort: SORTS[sort],
      // One more than asked tells whether another page exists without a second request.
      size: size + 1,
      search_after: searchAfter,
      track_total_hits: TOTAL_HITS_LIMIT,
      highlight: hasText ? HIGHLIGHT : undefined,
    });

    const hits = res.hits.hits;
    const items: MentionListItem[] = [];
    for (let i = 0; i < Math.min(size, hits.length); i++) {
      const hit = hits[i];
      items.push({ ...withGroupDefaults(hit._source as Mention), highlight: hasText ? (hit.highlight?.text?.[0] ?? null) : null, similarCount: 0 });
    }
    // Members of a group have no members of their own: the count is asked only for the collapsed list.
    if (query.duplicateOf === undefined && items.length > 0) {
      const counts = await this.similarCounts(items.map((item) => item.id));
      for (const item of items) item.similarCount = counts.get(item.id) ?? 0;
    }
    const last = hits.length > size ? hits[size - 1] : undefined;
    const total = res.hits.total;
    return {
      items,
      total: typeof total === 'number' ? total : (total?.value ?? items.length),
      nextCursor: last ? encodeCursor(sort, last.sort as SortValue[]) : null,
    };
  }

  /** Mentions matching the same filters (and `q`) collected strictly after `since`. */
  async countSince(query: MentionListQuery, since: string): Promise<number> {
    const { query: esQuery } = this.buildQuery(query, [{ range: { collectedAt: { gt: isoDate(since, 'since') } } }]);
    const res = await this.client.count({ index: this.manager.readAlias, query: esQuery });
    return res.count;
  }

  async get(id: string): Promise<Mention | null> {
    const found = await this.locate([id], true);
    const source = found.get(id)?.source;
    return source ? withGroupDefaults(source) : null;
  }

  /** The mention and the monthly index that holds it, or null when no mention has this id. */
  async getLocated(id: string): Promise<{ mention: Mention; index: string } | null> {
    const found = (await this.locate([id], true)).get(id);
    return found?.source ? { mention: withGroupDefaults(found.source), index: found.index } : null;
  }

  /**
   * Writes a person's labels on the document in `index` (see `getLocated`). `correct` computes the
   * patch from the document as stored (it may throw to refuse it); the update is conditional on
   * that document's sequence number, so a re-delivery writing in between makes us read and compute
   * again rather than lose either write. Returns the document before and after, or null when the
   * document is gone.
   */
  async correctLabels(
    index: string,
    id: string,
    correct: (current: Mention) => LabelCorrectionPatch,
    opts: { refresh?: 'wait_for' | boolean } = {},
  ): Promise<{ before: Mention; after: Mention } | null> {
    for (let attempt = 1; ; attempt++) {
      let current: estypes.GetResponse<Mention>;
      try {
        current = await this.client.get<Mention>({ index, id, realtime: true });
      } catch (error) {
        // A get of a missing document answers 404 with `found: false`; the client throws for it.
        if (isNotFound(error) && elasticErrorType(error) === undefined) return null;
        throw error;
      }
      if (!current.found || !current._source) return null;
      const before = withGroupDefaults(current._source);
      const patch = correct(before);
      const correctedLabels = [...new Set([...(before.correctedLabels ?? []), ...patch.corrected])];
      // `explanations` is merged key by key: only the corrected labels' explanations are replaced.
      const doc: Partial<Mention> = { ...patch.labels, ...patch.derived, correctedLabels };
      if (Object.keys(patch.explanations).length > 0) (doc as Record<string, unknown>).explanations = patch.explanations;
      try {
        const res = await this.client.update<Mention, Partial<Mention>, Mention>({
          index,
          id,
          doc,
          if_seq_no: current._seq_no,
          if_primary_term: current._primary_term,
          refresh: opts.refresh,
          _source: true,
        });
        const after = res.get?._source;
        return after ? { before, after: withGroupDefaults(after) } : null;
      } catch (error) {
        const type = elasticErrorType(error);
        if (type === 'document_missing_exception') return null;
        if (type === 'version_conflict_engine_exception' && attempt < 5) continue;
        throw error;
      }
    }
  }

  /**
   * How many near duplicates are grouped under each of `ids` (mentions whose `duplicateOf` is the
   * id). One aggregation for a whole page, not a query per mention; ids without members are absent.
   */
  async similarCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return counts;
    const res = await this.client.search({
      index: this.manager.readAlias,
      size: 0,
      track_total_hits: false,
      query: { terms: { duplicateOf: unique } },
      aggs: { heads: { terms: { field: 'duplicateOf', size: unique.length } } },
    });
    const buckets = (res.aggregations?.heads as estypes.AggregationsStringTermsAggregate | undefined)?.buckets;
    for (const bucket of Array.isArray(buckets) ? buckets : []) counts.set(String(bucket.key), bucket.doc_count);
    return counts;
  }

  /** The mentions that exist among `ids`, in the order asked (duplicates once). */
  async getMany(ids: readonly string[]): Promise<Mention[]> {
    const unique = [...new Set(ids)];
    const found = await this.locate(unique, true);
    return unique.flatMap((id) => {
      const source = found.get(id)?.source;
      return source ? [source] : [];
    });
  }

  /**
   * Reflects triage/ticket state on the document. Returns the updated mention, or null when no
   * mention has this id.
   */
  async updateWorkflow(
    id: string,
    patch: Partial<MentionWorkflow>,
    opts: { refresh?: 'wait_for' | boolean } = {},
  ): Promise<Mention | null> {
    const doc = checkWorkflowPatch(patch);
    const where = (await this.locate([id], false)).get(id);
    if (!where) return null;
    try {
      const res = await this.client.update<Mention, Partial<MentionWorkflow>, Mention>({
        index: where.index,
        id,
        doc,
        refresh: opts.refresh,
        // A concurrent re-delivery may update the same document; both are partial, so re-apply.
        retry_on_conflict: 5,
        _source: true,
      });
      return res.get?._source ?? null;
    } catch (error) {
      if (elasticErrorType(error) === 'document_missing_exception') return null;
      throw error;
    }
  }

  /**
   * Same patch on many mentions (a ticket's, a bulk triage). Returns the updated mentions; ids
   * that do not exist are skipped. Throws if any existing mention could not be updated — the
   * others stay updated, and repeating the call is harmless.
   */
  async updateWorkflowMany(
    ids: readonly string[],
    patch: Partial<MentionWorkflow>,
    opts: { refresh?: 'wait_for' | boolean } = {},
  ): Promise<Mention[]> {
    const doc = checkWorkflowPatch(patch);
    const unique = [...new Set(ids)];
    const located = await this.locate(unique, false);
    const updated: Mention[] = [];
    const failures: string[] = [];
    const targets = unique.filter((id) => located.has(id));
    for (let start = 0; start < targets.length; start += ID_CHUNK) {
      const slice = targets.slice(start, start + ID_CHUNK);
      const operations: object[] = [];
      for (const id of slice) {
        operations.push({ update: { _index: located.get(id)!.index, _id: id, retry_on_conflict: 5, _source: true } }, { doc });
      }
      const res = await this.client.bulk<Mention>({ operations, refresh: opts.refresh });
      res.items.forEach((item, i) => {
        const r = item.update!;
        if (r.status < 300) {
          const source = r.get?._source;
          if (source) updated.push(source as Mention);
        } else if (r.error?.type !== 'document_missing_exception') {
          failures.push(`${slice[i]}: ${r.error?.type ?? r.status}: ${r.error?.reason ?? ''}`);
        }
      });
    }
    if (failures.length > 0) {
      throw new Error(`Workflow update failed for ${failures.length} mention(s): ${failures.slice(0, 5).join('; ')}`);
    }
    return updated;
  }

  private buildQuery(
    query: MentionListQuery,
    extraFilters: estypes.QueryDslQueryContainer[] = [],
  ): { query: estypes.QueryDslQueryContainer; hasText: boolean } {
    const filter: estypes.QueryDslQueryContainer[] = [];
    const terms = (field: string, values: readonly string[] | undefined) => {
      if (values === undefined) return;
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
        throw new InvalidQueryError(`${field} must be a list of values`);
      }
      // An empty list means "no filter" (a UI with nothing ticked), not "match nothing".
      if (values.length > 0) filter.push({ terms: { [field]: [...values] } });
    };
    terms('sentiment', query.sentiment);
    terms('category', query.category);
    terms('intent', query.intent);
    terms('flushReason', query.flushReason);
    terms('status', query.status);
    terms('sourceId', query.sourceId);
    terms('topicIds', query.topicId);
    terms('sourceType', query.sourceType);
    terms('brandChannel', query.brandChannel);
    terms('language', query.language);
    terms('correctedLabels', query.corrected);
    if (query.from !== undefined || query.to !== undefined) {
      const range: estypes.QueryDslDateRangeQuery = {};
      if (query.from !== undefined) range.gte = isoDate(query.from, 'from');
      if (query.to !== undefined) range.lt = isoDate(query.to, 'to');
      filter.push({ range: { publishedAt: range } });
    }
    filter.push(...extraFilters);
    // Near-duplicate groups: one group's members on request, otherwise only heads and unique mentions.
    const mustNot: estypes.QueryDslQueryContainer[] = [];
    if (query.duplicateOf !== undefined) {
      if (typeof query.duplicateOf !== 'string' || query.duplicateOf.length === 0) throw new InvalidQueryError('duplicateOf must be a mention id');
      filter.push({ term: { duplicateOf: query.duplicateOf } });
    } else {
      mustNot.push({ exists: { field: 'duplicateOf' } });
    }

    const q = query.q?.trim();
    const text = q ? buildTextQuery(parseSearchQuery(query.q!)) : undefined;
    const bool: estypes.QueryDslBoolQuery = { filter, must_not: mustNot };
    if (text) bool.must = [text];
    return { query: { bool }, hasText: text !== undefined };
  }

  /**
   * Where each id lives (and its source when asked). Searches the read alias first; ids it does
   * not see — written less than a refresh interval ago — are looked up with a real-time multi-get
   * over the alias's indices, so a mention indexed a moment ago can be triaged at once.
   */
  private async locate(ids: readonly string[], withSource: boolean): Promise<Map<string, Located>> {
    const found = new Map<string, Located>();
    if (ids.length === 0) return found;
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const slice = ids.slice(start, start + ID_CHUNK);
      const res = await this.client.search<Mention>({
        index: this.manager.readAlias,
        query: { ids: { values: slice } },
        size: slice.length,
        _source: withSource,
        track_total_hits: false,
      });
      for (const hit of res.hits.hits) {
        if (hit._id !== undefined) found.set(hit._id, { index: hit._index, source: hit._source });
      }
    }
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length === 0) return found;
    const indices = await this.manager.aliasIndices();
    const docs: estypes.MgetOperation[] = [];
    for (const id of missing) for (const index of indices) docs.push({ _index: index, _id: id });
    for (let start = 0; start < docs.length; start += 5_000) {
      const res = await this.client.mget<Mention>({ docs: docs.slice(start, start + 5_000), _source: withSource, realtime: true });
      for (const doc of res.docs) {
        if ('found' in doc && doc.found) found.set(doc._id, { index: doc._index, source: doc._source });
        else if ('error' in doc && doc.error.type !== 'index_not_found_exception') {
          throw new Error(`Looking up mention ${doc._id} failed: ${doc.error.type}: ${doc.error.reason}`);
        }
      }
    }
    return found;
  }
}

