import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback stand-in for Algolia's HN Search API (`hn.algolia.com/api/v1`), for tests and the
 * demo. It answers `search_by_date` newest first with Algolia's paging fields, applies `query`
 * (all words, the last one as a prefix), `tags` (comma = AND, parentheses = OR) and
 * `numericFilters` on `created_at_i`, and reproduces what SOURCES.md §0.4 and corrections 28–31
 * name: many hits in the same second, the 1,000-hit pagination cap (`nbPages` stops at it and
 * pages beyond answer nothing), keys left out where the value is null (today's hits) or `""`
 * (2014's), and items that appear late in the index with an older `created_at_i`. No rate-limit
 * headers: Algolia sends none.
 */

export interface HnFakeItem {
  objectID: string;
  kind: 'story' | 'comment';
  created_at_i: number;
  author: string;
  title?: string;
  url?: string;
  story_text?: string;
  comment_text?: string;
  points?: number | null;
  num_comments?: number;
  story_id?: number;
  story_title?: string;
  story_url?: string;
  parent_id?: number;
  /** Not in the index yet (index lag); `reveal()` adds it. */
  hidden?: boolean;
  /** How empty fields are written: omitted (2026, default) or as `""`/null (2014). */
  style?: 'modern' | '2014';
}

const PAGINATION_LIMIT = 1_000;

export class FakeHackerNewsServer extends FakeApiServer {
  private readonly items = new Map<string, HnFakeItem>();
  private nextId = 43_000_000;

  constructor() {
    super();
    this.route('GET', '/api/v1/search_by_date', (req) => this.search(req, 'date'));
    this.route('GET', '/api/v1/search', (req) => this.search(req, 'relevance'));
    this.route('GET', /^\/api\/v1\/items\/(?<id>\d+)$/, (req) => {
      const item = this.items.get(req.params.id);
      return item && !item.hidden ? { body: this.hit(item) } : { status: 404, body: { status: 404, error: 'Not Found' } };
    });
  }

  /** Adds a story; returns its id. */
  addStory(spec: Partial<HnFakeItem> & { created_at_i: number; title: string }): string {
    return this.add({ kind: 'story', author: 'pg_fan', ...spec });
  }

  /** Adds a comment; returns its id. */
  addComment(spec: Partial<HnFakeItem> & { created_at_i: number; comment_text: string }): string {
    return this.add({ kind: 'comment', author: 'throwaway_dev', story_id: 42_000_000, story_title: 'Ask HN: Best support tools?', parent_id: 42_000_000, ...spec });
  }

  private add(spec: Partial<HnFakeItem> & Pick<HnFakeItem, 'kind' | 'created_at_i' | 'author'>): string {
    const objectID = spec.objectID ?? String(++this.nextId);
    this.items.set(objectID, { ...spec, objectID } as HnFakeItem);
    return objectID;
  }

  update(objectID: string, patch: Partial<HnFakeItem>): void {
    const item = this.items.get(objectID);
    if (!item) throw new Error(`no HN item ${objectID}`);
    Object.assign(item, patch);
  }

  /** Removes an item from the index (HN's dead/flagged items simply disappear). */
  remove(objectID: string): void {
    this.items.delete(objectID);
  }

  /** Makes a hidden item searchable (it was created earlier; the index caught up now). */
  reveal(objectID: string): void {
    this.update(objectID, { hidden: false });
  }

  clear(): void {
    this.items.clear();
  }

  /** Search requests made so far, with their parsed parameters. */
  searches(): Array<{ query: string; tags: string | null; numericFilters: string | null; page: number; hitsPerPage: number }> {
    return this.requestsTo(/^\/api\/v1\/search/).map((r) => ({
      query: r.query.get('query') ?? '',
      tags: r.query.get('tags'),
      numericFilters: r.query.get('numericFilters'),
      page: Number(r.query.get('page') ?? 0),
      hitsPerPage: Number(r.query.get('hitsPerPage') ?? 20),
    }));
  }

  private search(req: FakeRequest, order: 'date' | 'relevance'): FakeResponse {
    const started = Date.now();
    const query = req.query.get('query') ?? '';
    const hitsPerPage = clampInt(req.query.get('hitsPerPage'), 20, 0, 1_000);
    const page = clampInt(req.query.get('page'), 0, 0, 10_000);
    let tagFilter: (tags: string[]) => boolean;
    let numeric: (t: number, item: HnFakeItem) => boolean;
    try {
      tagFilter = parseTags(req.query.get('tags'));
      numeric = parseNumericFilters(req.query.get('numericFilters'));
    } catch (error) {
      return { status: 400, body: { message: (error as Error).message, status: 400 } };
    }
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = [...this.items.values()]
      .filter((item) => !item.hidden)
      .filter((item) => tagFilter(this.tagsOf(item)))
      .filter((item) => numeric(item.created_at_i, item))
      .filter((item) => matchesWords(item, words))
      // Newest first; Algolia breaks ties arbitrarily, here by id (descending) to stay stable.
      .sort((a, b) => (order === 'date' ? b.created_at_i - a.created_at_i || compareIds(b.objectID, a.objectID) : 0));
    const reachable = matches.slice(0, PAGINATION_LIMIT);
    const nbPages = hitsPerPage === 0 ? 0 : Math.ceil(reachable.length / hitsPerPage);
    const hits = hitsPerPage === 0 ? [] : reachable.slice(page * hitsPerPage, (page + 1) * hitsPerPage);
    const params = new URLSearchParams(req.query);
    return {
      body: {
        hits: hits.map((item) => this.hit(item, words)),
        nbHits: matches.length,
        page,
        nbPages,
        hitsPerPage,
        exhaustiveNbHits: true,
        exhaustiveTypo: true,
        exhaustive: { nbHits: true, typo: true },
        query,
        params: params.toString(),
        processingTimeMS: Date.now() - started,
        processingTimingsMS: { request: { roundTrip: 0 } },
        serverTimeMS: Date.now() - started + 1,
      },
    };
  }

  private tagsOf(item: HnFakeItem): string[] {
    const tags = [item.kind, `author_${item.author}`];
    if (item.kind === 'story') tags.push(`story_${item.objectID}`);
    else if (item.story_id) tags.push(`story_${item.story_id}`);
    if (item.kind === 'story' && /^(Ask HN)/i.test(item.title ?? '')) tags.push('ask_hn');
    if (item.kind === 'story' && /^(Show HN)/i.test(item.title ?? '')) tags.push('show_hn');
    return tags;
  }

  /** A hit as Algolia writes it: null-valued keys omitted (today) or `""`/null (2014). */
  private hit(item: HnFakeItem, words: string[] = []): Record<string, unknown> {
    const old = item.style === '2014';
    const empty = (value: unknown, oldValue: unknown): unknown => (value === undefined || value === null ? (old ? oldValue : undefined) : value);
    const created = new Date(item.created_at_i * 1000).toISOString().replace('.000Z', 'Z');
    const story = item.kind === 'story';
    const hit: Record<string, unknown> = {
      _highlightResult: {
        author: { matchLevel: 'none', matchedWords: [], value: item.author },
        ...(story ? { title: highlight(item.title ?? '', words) } : { comment_text: highlight(item.comment_text ?? '', words) }),
      },
      _tags: this.tagsOf(item),
      author: item.author,
      children: story ? [] : undefined,
      comment_text: story ? empty(undefined, null) : item.comment_text,
      created_at: created,
      created_at_i: item.created_at_i,
      num_comments: story ? (item.num_comments ?? 0) : empty(undefined, null),
      objectID: item.objectID,
      parent_id: story ? empty(undefined, null) : item.parent_id,
      points: story ? (item.points ?? 1) : empty(item.points, old ? 1 : null),
      story_id: story ? Number(item.objectID) : item.story_id,
      story_text: story ? empty(item.story_text, '') : empty(undefined, null),
      story_title: story ? empty(undefined, null) : item.story_title,
      story_url: story ? empty(undefined, null) : empty(item.story_url, null),
      title: story ? item.title : empty(undefined, null),
      updated_at: new Date((item.created_at_i + 90) * 1000).toISOString(),
      url: story ? empty(item.url, '') : empty(undefined, null),
    };
    for (const key of Object.keys(hit)) if (hit[key] === undefined) delete hit[key];
    return hit;
  }
}

function clampInt(value: string | null, fallback: number, min: number, max: number): number {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** `story`, `(story,comment)`, `story,author_pg`: comma = AND, parentheses = OR. */
function parseTags(value: string | null): (tags: string[]) => boolean {
  if (!value) return () => true;
  const groups: string[][] = [];
  const re = /\(([^()]*)\)|([^,()]+)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(value))) {
    if (match[1] !== undefined) groups.push(match[1].split(',').map((t) => t.trim()).filter(Boolean));
    else if (match[2].trim()) groups.push([match[2].trim()]);
  }
  if (!groups.length) throw new Error(`invalid tags parameter: ${value}`);
  return (tags) => groups.every((group) => group.some((tag) => tags.includes(tag)));
}

/** `created_at_i>=1,created_at_i<=2` (comma = AND) over `created_at_i`, `points`, `num_comments`. */
function parseNumericFilters(value: string | null): (t: number, item: HnFakeItem) => boolean {
  if (!value) return () => true;
  const tests = value.split(',').map((part) => {
    const m = /^\s*(created_at_i|points|num_comments)\s*(>=|<=|=|>|<|!=)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m) throw new Error(`invalid numericFilters: ${part}`);
    const [, field, op, raw] = m;
    const n = Number(raw);
    return (item: HnFakeItem) => {
      const v = field === 'created_at_i' ? item.created_at_i : field === 'points' ? (item.points ?? 0) : (item.num_comments ?? 0);
      switch (op) {
        case '>=': return v >= n;
        case '<=': return v <= n;
        case '>': return v > n;
        case '<': return v < n;
        case '=': return v === n;
        default: return v !== n;
      }
    };
  });
  return (_t, item) => tests.every((test) => test(item));
}

function matchesWords(item: HnFakeItem, words: string[]): boolean {
  if (!words.length) return true;
  const text = [item.title, item.story_text, item.comment_text, item.url, item.author, item.story_title]
    .filter(Boolean)
    .join(' ')
    .replace(/<[^>]*>/g, ' ')
    .toLowerCase();
  const tokens = text.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  return words.every((word, i) => {
    const w = word.replace(/[^\p{L}\p{N}_]/gu, '');
    if (!w) return true;
    return tokens.some((token) => token === w || (i === words.length - 1 && token.startsWith(w)));
  });
}

function highlight(value: string, words: string[]): Record<string, unknown> {
  const matched = words.filter((w) => value.toLowerCase().includes(w));
  let out = value;
  for (const word of matched) out = out.replace(new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), (m) => `<em>${m}</em>`);
  return { value: out, matchLevel: matched.length === 0 ? 'none' : matched.length === words.length ? 'full' : 'partial', matchedWords: matched };
}
