import type { Client, estypes } from '@elastic/elasticsearch';
import type { Category, LabelExplanation, Mention } from '@ascolto/domain';
import type { MentionIndexManager } from './mention-index-manager';

export interface NearDuplicateGrouperOptions {
  /**
   * Distance between two sketches (`Mention.simhash`), null when either is not a sketch. Injected
   * (the worker passes `hammingDistance` from libs/nlp) so this library stays free of the NLP code.
   */
  distance: (a: string | null, b: string | null) => number | null;
  /** Sketches at or under this distance are near duplicates. */
  maxDistance: number;
  /** A mention joins a head published at most this long before or after it. Default 7 days. */
  windowMs?: number;
  /** Recent heads and decisions remembered in this process. Default 50,000 each. */
  memory?: number;
}

/** What the grouper needs to know about a group head. */
interface Head {
  id: string;
  simhash: string | null;
  keys: readonly string[];
  publishedAt: number;
  category: Category;
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
/** Elasticsearch's default `index.max_result_window`. */
const MAX_CANDIDATES = 10_000;

/**
 * Groups near duplicates (retweets, copy-paste campaigns, one complaint pasted by many accounts)
 * before a chunk is indexed. The first mention seen of a group is its head and keeps its own
 * labels; every later one gets `duplicateOf = head id` and is flushed as `duplicate`, so the inbox
 * shows the head once with "+N similar" and the members one click away.
 *
 * Candidates share a lookup key (`similarityKeys`, computed by the pipeline) and are confirmed by
 * sketch distance. They come from the same chunk, from heads this process saw recently (so chunks
 * whose bulk requests are still in flight, or not yet refreshed, are seen), and from Elasticsearch
 * with one `_msearch` per chunk: heads sharing a key within the time window, and the chunk's own
 * ids (a mention delivered again keeps the decision it got the first time: a group never changes
 * after the fact).
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
  private readonly decided = new Map<string, Decision>();

  constructor(
    private readonly client: Client,
    private readonly manager: MentionIndexManager,
    private readonly options: NearDuplicateGrouperOptions,
  ) {
    this.windowMs = options.windowMs ?? 7 * DAY_MS;
    this.capacity = Math.max(1, options.memory ?? 50_000);
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

    // Publication order, so that within a chunk the earliest post becomes the head (times parsed
    // once: a comparator that parses dates costs more than the rest of the stage).
    const times = new Map<Mention, number>();
    for (const m of pending) times.set(m, Date.parse(m.publishedAt));
    pending.sort((a, b) => times.get(a)! - times.get(b)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const { existing, heads } = await this.lookUp(pending, times);
    const stored = new Map<string, Head[]>();
    for (const head of heads) for (const key of head.keys) push(stored, key, head);

    for (const m of pending) {
      const before = existing.get(m.id);
      if (before) {
        // Delivered again: keep what was decided the first time.
        const decision: Decision = { duplicateOf: before.duplicateOf ?? null, reason: before.explanations?.category?.reasons?.[0] ?? null };
        applyDecision(m, decision);
        this.remember(m, decision);
        continue;
      }
      const match = this.bestHead(m, times.get(m)!, stored);
      const decision: Decision = match
        ? { duplicateOf: match.head.id, reason: `near duplicate of ${match.head.id} (distance ${match.distance})` }
        : { duplicateOf: null, reason: null };
      applyDecision(m, decision);
      this.remember(m, decision);
    }
    return mentions;
  }

  private bestHead(m: Mention, published: number, stored: Map<string, Head[]>): { head: Head; distance: number } | null {
    let best: { head: Head; distance: number } | null = null;
    // Near duplicates share most of their keys: each head is weighed once, not once per key.
    const seen = new Set<string>();
    const consider = (head: Head) => {
      if (head.id === m.id || seen.has(head.id)) return;
      seen.add(head.id);
      if (Math.abs(head.publishedAt - published) > this.windowMs) return;
      if (m.category === 'service' && head.category !== 'service') return;
      const distance = this.distanceTo(m, head);
      if (distance === null || distance > this.options.maxDistance) return;
      if (!best || distance < best.distance || (distance === best.distance && head.publishedAt < best.head.publishedAt)) {
        best = { head, distance };
      }
    };
    for (const key of m.similarityKeys) {
      for (const head of this.headsByKey.get(key) ?? []) consider(head);
      for (const head of stored.get(key) ?? []) consider(head);
    }
    return best;
  }

  private distanceTo(m: Mention, head: Head): number | null {
    // Short texts have no sketch, only an exact-text key: sharing it means the same words.
    if (m.simhash === null && head.simhash === null) return 0;
    return this.options.distance(m.simhash, head.simhash);
  }

  /** One `_msearch`: the chunk's ids that already exist, and heads sharing a key in the window. */
  private async lookUp(pending: Mention[], times: Map<Mention, number>): Promise<{ existing: Map<string, StoredFields>; heads: Head[] }> {
    const ids: string[] = [];
    const keys = new Set<string>();
    let earliest = Infinity;
    let latest = -Infinity;
    for (const m of pending) {
      ids.push(m.id);
      // Mentions that already match a head of this process need no stored heads.
      if (!this.matchesRecentHead(m)) for (const key of m.similarityKeys) keys.add(key);
      const t = times.get(m)!;
      if (t < earliest) earliest = t;
      if (t > latest) latest = t;
    }
    const index = this.manager.readAlias;
    const searches: estypes.MsearchRequestItem[] = [
      { index, ignore_unavailable: true, allow_no_indices: true },
      { query: { ids: { values: ids } }, size: ids.length, _source: ['duplicateOf', 'explanations.category'], track_total_hits: false },
    ];
    if (keys.size > 0) {
      searches.push(
        { index, ignore_unavailable: true, allow_no_indices: true },
        {
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
        },
      );
    }
    const res = await this.client.msearch<StoredFields>({ searches });
    const existing = new Map<string, StoredFields>();
    const heads: Head[] = [];
    res.responses.forEach((response, i) => {
      if ('error' in response) {
        throw new Error(`Near-duplicate look-up failed: ${response.error.type}: ${response.error.reason ?? ''}`);
      }
      for (const hit of response.hits.hits) {
        const source = hit._source;
        if (!source || hit._id === undefined) continue;
        if (i === 0) {
          existing.set(hit._id, source);
        } else if (Array.isArray(source.similarityKeys)) {
          heads.push({
            id: hit._id,
            simhash: source.simhash ?? null,
            keys: source.similarityKeys,
            publishedAt: Date.parse(source.publishedAt),
            category: source.category,
          });
        }
      }
    });
    return { existing, heads };
  }

  private matchesRecentHead(m: Mention): boolean {
    let tried: Head | null = null;
    for (const key of m.similarityKeys) {
      for (const head of this.headsByKey.get(key) ?? []) {
        // Most keys of a copy lead to the same head: skip the one just weighed.
        if (head.id === m.id || head === tried) continue;
        tried = head;
        const d = this.distanceTo(m, head);
        if (d !== null && d <= this.options.maxDistance) return true;
      }
    }
    return false;
  }

  private remember(m: Mention, decision: Decision): void {
    this.decided.set(m.id, decision);
    if (this.decided.size > this.capacity) this.decided.delete(this.decided.keys().next().value!);
    if (decision.duplicateOf !== null) return;
    const head: Head = { id: m.id, simhash: m.simhash, keys: m.similarityKeys, publishedAt: Date.parse(m.publishedAt), category: m.category };
    for (const key of head.keys) push(this.headsByKey, key, head);
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

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A member is flushed as a duplicate; its own label is kept in the explanation. */
function applyDecision(m: Mention, decision: Decision): void {
  m.duplicateOf = decision.duplicateOf;
  if (decision.duplicateOf === null) return;
  const own = m.explanations?.category?.label ?? m.category;
  m.category = 'flush';
  m.flushReason = 'duplicate';
  m.explanations = {
    ...m.explanations,
    category: {
      label: 'flush',
      confidence: 1,
      reasons: [decision.reason ?? `near duplicate of ${decision.duplicateOf}`, `own label: ${own}`],
    },
  };
}
