import type { Client } from '@elastic/elasticsearch';
import { popcount32, priorityAfterRelabel, simhashHalves, type Category, type LabelExplanation, type Mention } from '@ascolto/domain';
import type { MentionIndexManager } from './mention-index-manager';
import { RecentMap } from './recent-map';

export interface NearDuplicateGrouperOptions {
  /**
   * Sketches (`Mention.simhash`) at or under this Hamming distance are near duplicates. The worker
   * passes libs/nlp's `NEAR_DUPLICATE_DISTANCE`, calibrated with the sketch.
   */
  maxDistance: number;
  /** A mention joins a head published at most this long before or after it. Default 7 days. */
  windowMs?: number;
  /** Pauses before asking again for documents whose monthly index is still starting (see SHARD_RETRY_DELAYS_MS). */
  shardRetryDelaysMs?: readonly number[];
  /** Recent heads and decisions remembered in this process: at least this many each (decisions up to twice as many). Default 50,000. */
  memory?: number;
}

/** What the grouper needs to know about a group head. */
interface Head {
  id: string;
  /** The sketch's halves, parsed once; null for a short text (exact-text key only). */
  sketch: { hi: number; lo: number } | null;
  keys: readonly string[];
  publishedAt: number;
  category: Category;
  /** Last look-up that weighed this head (see `bestAmong`). */
  stamp: number;
}

interface Match {
  head: Head;
  distance: number;
}

/** A decision already taken for an id (this process, or stored in Elasticsearch). */
interface Decision {
  duplicateOf: string | null;
  reason: string | null;
}

type StoredFields = Pick<Mention, 'id' | 'simhash' | 'similarityKeys' | 'publishedAt' | 'category' | 'duplicateOf'> & {
  explanations?: { category?: LabelExplanation };
};

const DAY_MS = 86_400_000;
/** Recent heads kept per lookup key in this process. */
const MAX_HEADS_PER_KEY = 16;
/** Elasticsearch's default `index.max_result_window`. */
const MAX_CANDIDATES = 10_000;
/**
 * A monthly index another request is creating this instant (the bulk request of the previous chunk
 * of the same batch, which is still in flight) is already in the cluster state while its primary
 * shard starts: a get then answers "no shard available". Its shard is up within moments, so the
 * documents of such an index are asked again after these pauses (3.1 s in all); after that the
 * look-up fails, the run fails and the collector repeats it.
 */
const SHARD_STARTING_ERRORS = new Set(['no_shard_available_action_exception', 'unavailable_shards_exception']);
const SHARD_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1_600];

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Groups near duplicates (retweets, copy-paste campaigns, one complaint pasted by many accounts)
 * before a chunk is indexed. The first mention seen of a group is its head and keeps its own
 * labels; every later one gets `duplicateOf = head id` and is flushed as `duplicate`, so the inbox
 * shows the head once with "+N similar" and the members one click away.
 *
 * Candidates share a lookup key (`similarityKeys`, computed by the pipeline) and are confirmed by
 * sketch distance. They come from the same chunk, from heads this process saw recently (so chunks
 * whose bulk requests are still in flight, or not yet refreshed, are seen), and from Elasticsearch
 * with two requests per chunk, sent together: heads sharing a key within the time window, and
 * which of the chunk's ids already exist (a mention delivered again keeps the decision it got the
 * first time: a group never changes after the fact).
 *
 * A care team must not lose a real complaint because others pasted it: a `service` mention joins
 * only a head that is itself `service`, so the group stays in the service queue and the head
 * carries the count.
 */
export class NearDuplicateGrouper {
  private readonly windowMs: number;
  private readonly capacity: number;
  /** Lookup key → recent heads carrying it (this process). */
  private readonly headsByKey = new Map<string, Head[]>();
  /** Insertion order of the heads above, for eviction. */
  private readonly headOrder: Head[] = [];
  private headOrderStart = 0;
  private stamp = 0;
  private readonly decided: RecentMap<string, Decision>;

  constructor(
    private readonly client: Client,
    private readonly manager: MentionIndexManager,
    private readonly options: NearDuplicateGrouperOptions,
  ) {
    this.windowMs = options.windowMs ?? 7 * DAY_MS;
    this.capacity = Math.max(1, options.memory ?? 50_000);
    this.decided = new RecentMap(this.capacity);
  }

  /**
   * Sets `duplicateOf` (and the duplicate labels) on the chunk's mentions, in place; returns the
   * same array. Throws when Elasticsearch cannot answer (the caller's run fails and is repeated).
   */
  async group(mentions: Mention[]): Promise<Mention[]> {
    const pending: Mention[] = [];
    for (const m of mentions) {
      if (!Array.isArray(m.similarityKeys) || m.similarityKeys.length === 0) continue;
      const known = this.decided.get(m.id);
      if (known) applyDecision(m, known);
      else pending.push(m);
    }
    if (pending.length === 0) return mentions;

    // Publication order, so that within a chunk the earliest post becomes the head. Times and
    // sketches are parsed once per mention: parsing in the comparator or per candidate cost more
    // than the rest of the stage.
    const n = pending.length;
    const times = new Float64Array(n);
    const sketches: Array<{ hi: number; lo: number } | null> = new Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = Date.parse(pending[i].publishedAt);
      sketches[i] = simhashHalves(pending[i].simhash);
    }
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => times[a] - times[b] || (pending[a].id < pending[b].id ? -1 : pending[a].id > pending[b].id ? 1 : 0));

    // Heads this process already knows; only mentions without one need Elasticsearch's.
    const recent: Array<Match | null> = new Array(n).fill(null);
    const needHeads: number[] = [];
    for (const i of order) {
      recent[i] = this.bestAmong(pending[i], sketches[i], times[i], this.headsByKey, undefined);
      if (!recent[i]) needHeads.push(i);
    }
    const { existing, heads } = await this.lookUp(pending, needHeads, times);
    const stored = new Map<string, Head[]>();
    for (const head of heads) for (const key of head.keys) push(stored, key, head);
    const chunkHeads = new Map<string, Head[]>();

    for (const i of order) {
      const m = pending[i];
      const before = existing.get(m.id);
      if (before) {
        // Delivered again: keep what was decided the first time.
        const decision: Decision = { duplicateOf: before.duplicateOf ?? null, reason: before.explanations?.category?.reasons?.[0] ?? null };
        applyDecision(m, decision);
        this.remember(m, sketches[i], times[i], decision, chunkHeads);
        continue;
      }
      const match = better(recent[i], this.bestAmong(m, sketches[i], times[i], stored, chunkHeads));
      const decision: Decision = match
        ? { duplicateOf: match.head.id, reason: `near duplicate of ${match.head.id} (distance ${match.distance})` }
        : { duplicateOf: null, reason: null };
      applyDecision(m, decision);
      this.remember(m, sketches[i], times[i], decision, chunkHeads);
    }
    return mentions;
  }

  /** The closest head (then the earliest) among those sharing a key with `m` in the given tables. */
  private bestAmong(
    m: Mention,
    sketch: { hi: number; lo: number } | null,
    published: number,
    first: Map<string, Head[]>,
    second: Map<string, Head[]> | undefined,
  ): Match | null {
    // Near duplicates share most of their keys: each head is weighed once per call, marked with a
    // stamp instead of collected in a set (no allocation per mention).
    const stamp = ++this.stamp;
    const max = this.options.maxDistance;
    let best: Match | null = null;
    for (const key of m.similarityKeys) {
      for (let t = 0; t < 2; t++) {
        const list = (t === 0 ? first : second)?.get(key);
        if (!list) continue;
        for (const head of list) {
          if (head.stamp === stamp || head.id === m.id) continue;
          head.stamp = stamp;
          if (Math.abs(head.publishedAt - published) > this.windowMs) continue;
          if (m.category === 'service' && head.category !== 'service') continue;
          let distance: number;
          if (sketch && head.sketch) distance = popcount32(sketch.hi ^ head.sketch.hi) + popcount32(sketch.lo ^ head.sketch.lo);
          // Short texts have no sketch, only an exact-text key: sharing it means the same words.
          else if (!sketch && !head.sketch) distance = 0;
          else continue;
          if (distance > max) continue;
          best = better(best, { head, distance });
          // The same text: no head can be closer, and looking further only costs time.
          if (distance === 0) return best;
        }
      }
    }
    return best;
  }

  /**
   * Two requests at once: which of the chunk's mentions already exist (a multi-get, each id in the
   * monthly index its publication date puts it in, where the indexer writes it), and the heads
   * sharing a key in the window (one search over the read alias). The existence check used to be
   * an `ids` query over the alias, which looks every id up in every monthly index: its cost grew
   * with retention, and on three months it was half of what the look-up cost Elasticsearch.
   */
  private async lookUp(
    pending: Mention[],
    needHeads: number[],
    times: Float64Array,
  ): Promise<{ existing: Map<string, StoredFields>; heads: Head[] }> {
    const docs: Array<{ _index: string; _id: string }> = [];
    for (const m of pending) {
      let index: string;
      try {
        index = this.manager.indexNameFor(m.publishedAt);
      } catch {
        continue; // no valid date: the indexer refuses the mention, so nothing can exist
      }
      docs.push({ _index: index, _id: m.id });
    }
    const keys = new Set<string>();
    let earliest = Infinity;
    let latest = -Infinity;
    for (const i of needHeads) {
      for (const key of pending[i].similarityKeys) keys.add(key);
      if (times[i] < earliest) earliest = times[i];
      if (times[i] > latest) latest = times[i];
    }
    const [existing, heads] = await Promise.all([this.readExisting(docs), keys.size > 0 ? this.readHeads(keys, earliest, latest) : []]);
    return { existing, heads };
  }

  private async readExisting(docs: Array<{ _index: string; _id: string }>): Promise<Map<string, StoredFields>> {
    const existing = new Map<string, StoredFields>();
    if (docs.length === 0) return existing;
    const delays = this.options.shardRetryDelaysMs ?? SHARD_RETRY_DELAYS_MS;
    let asked = docs;
    for (let attempt = 0; asked.length > 0; attempt++) {
      // Not real-time, like the search it replaces: mentions still in flight are known from this
      // process's memory, and a real-time get of an unrefreshed document would force a refresh.
      const res = await this.client.mget<StoredFields>({ docs: asked, _source: ['duplicateOf', 'explanations.category'], realtime: false });
      const again: typeof docs = [];
      // Answers come in the order of the request.
      res.docs.forEach((doc, i) => {
        if ('error' in doc) {
          // A month nobody has written to yet: nothing of it can exist.
          if (doc.error.type === 'index_not_found_exception') return;
          if (SHARD_STARTING_ERRORS.has(doc.error.type) && attempt < delays.length) {
            again.push(asked[i]);
            return;
          }
          throw new Error(`Near-duplicate look-up failed: ${doc.error.type}: ${doc.error.reason ?? ''}`);
        }
        if (doc.found && doc._source) existing.set(doc._id, doc._source);
      });
      if (again.length > 0) await pause(delays[attempt]);
      asked = again;
    }
    return existing;
  }

  private async readHeads(keys: Set<string>, earliest: number, latest: number): Promise<Head[]> {
    const res = await this.client.search<StoredFields>({
      index: this.manager.readAlias,
      ignore_unavailable: true,
      allow_no_indices: true,
      query: {
        bool: {
          filter: [
            { terms: { similarityKeys: [...keys] } },
            { range: { publishedAt: { gte: new Date(earliest - this.windowMs).toISOString(), lte: new Date(latest + this.windowMs).toISOString() } } },
          ],
          // Heads only: a member is never the head of another group.
          must_not: [{ exists: { field: 'duplicateOf' } }],
        },
      },
      size: MAX_CANDIDATES,
      sort: [{ publishedAt: { order: 'asc' } }, { id: { order: 'asc' } }],
      _source: ['id', 'simhash', 'similarityKeys', 'publishedAt', 'category'],
      track_total_hits: false,
    });
    const heads: Head[] = [];
    for (const hit of res.hits.hits) {
      const source = hit._source;
      if (!source || hit._id === undefined || !Array.isArray(source.similarityKeys)) continue;
      heads.push({
        id: hit._id,
        sketch: simhashHalves(source.simhash),
        keys: source.similarityKeys,
        publishedAt: Date.parse(source.publishedAt),
        category: source.category,
        stamp: 0,
      });
    }
    return heads;
  }

  private remember(m: Mention, sketch: Head['sketch'], published: number, decision: Decision, chunkHeads: Map<string, Head[]>): void {
    this.decided.set(m.id, decision);
    if (decision.duplicateOf !== null) return;
    const head: Head = { id: m.id, sketch, keys: m.similarityKeys, publishedAt: published, category: m.category, stamp: 0 };
    for (const key of head.keys) {
      push(chunkHeads, key, head);
      const list = push(this.headsByKey, key, head);
      // A key shared by very many heads (a template many people fill in differently) would make
      // every look-up long: keep its newest heads; older ones stay reachable through other keys.
      if (list.length > MAX_HEADS_PER_KEY) list.shift();
    }
    this.headOrder.push(head);
    if (this.headOrder.length - this.headOrderStart > this.capacity) this.forgetOldestHead();
  }

  private forgetOldestHead(): void {
    const old = this.headOrder[this.headOrderStart++];
    for (const key of old.keys) {
      const list = this.headsByKey.get(key);
      if (!list) continue;
      const rest = list.filter((h) => h !== old);
      if (rest.length) this.headsByKey.set(key, rest);
      else this.headsByKey.delete(key);
    }
    // Compact now and then instead of shifting the array on every eviction.
    if (this.headOrderStart > this.capacity) {
      this.headOrder.splice(0, this.headOrderStart);
      this.headOrderStart = 0;
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): T[] {
  const list = map.get(key);
  if (list) {
    list.push(value);
    return list;
  }
  const created = [value];
  map.set(key, created);
  return created;
}

function better(a: Match | null, b: Match | null): Match | null {
  if (!a) return b;
  if (!b) return a;
  if (b.distance !== a.distance) return b.distance < a.distance ? b : a;
  return b.head.publishedAt < a.head.publishedAt ? b : a;
}

/**
 * A member is flushed as a duplicate; its own label is kept in the explanation, and its priority
 * drops to what a flushed post gets (the head carries the group's place in the queue).
 */
function applyDecision(m: Mention, decision: Decision): void {
  m.duplicateOf = decision.duplicateOf;
  if (decision.duplicateOf === null) return;
  const own = m.explanations?.category?.label ?? m.category;
  m.category = 'flush';
  m.flushReason = 'duplicate';
  m.priority = priorityAfterRelabel(m, m.priorityFactors, m.priority);
  m.explanations = {
    ...m.explanations,
    category: {
      label: 'flush',
      confidence: 1,
      reasons: [decision.reason ?? `near duplicate of ${decision.duplicateOf}`, `own label: ${own}`],
    },
  };
}
