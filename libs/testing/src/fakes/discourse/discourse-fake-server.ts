import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback Discourse forum: `/posts.json` (newest first by id, 50 a page, `before=` exclusive,
 * no paging hint), `/search.json` (posts with a blurb only, `grouped_search_result.more_posts`),
 * `/posts/{id}.json`, the optional `Api-Key` / `Api-Username` headers of private forums, and the
 * 429 Discourse sends (`Retry-After`, `Discourse-Rate-Limit-Error-Code`, `extras.wait_seconds`).
 * Field names, types and nullability follow real responses (SOURCES.md §5, corrections 51–54).
 */

export interface DiscoursePostInput {
  topicId?: number;
  topicTitle?: string;
  username?: string;
  /** Null or "" for most real users. */
  name?: string | null;
  cooked?: string;
  raw?: string;
  createdAt?: Date;
  replyToPostNumber?: number | null;
  likes?: number;
  reads?: number;
  replyCount?: number;
  /** Written by a moderator or admin of the forum (the brand's staff on its own forum). */
  staff?: boolean;
}

export interface StoredDiscoursePost {
  id: number;
  topic_id: number;
  post_number: number;
  reply_to_post_number: number | null;
  topic_slug: string;
  topic_title: string;
  topic_html_title: string;
  category_id: number;
  username: string;
  name: string | null;
  user_id: number;
  avatar_template: string;
  created_at: string;
  updated_at: string;
  last_version_at: string;
  version: number;
  cooked: string;
  raw: string;
  excerpt: string;
  truncated: boolean;
  post_url: string;
  reply_count: number;
  reads: number;
  readers_count: number;
  score: number;
  like_count: number;
  actions_summary: Array<{ id: number; count: number }>;
  hidden: boolean;
  deleted_at: string | null;
  user_deleted: boolean;
  post_type: number;
  trust_level: number;
  admin: boolean;
  moderator: boolean;
  staff: boolean;
  yours: boolean;
  quote_count: number;
  incoming_link_count: number;
  display_username: string | null;
  primary_group_name: string | null;
  user_title: string | null;
  wiki: boolean;
  can_edit: boolean;
  can_delete: boolean;
}

const WITHDRAWN = '<p>(post withdrawn by author, will be automatically deleted in 24 hours unless flagged)</p>';

export class DiscourseFakeServer extends FakeApiServer {
  /** Posts per `/posts.json` page (Discourse: 50). Tests may shrink it to walk pages quickly. */
  pageSize = 50;
  searchPageSize = 50;
  /**
   * Older Discourse versions paged `/posts.json` by id windows: `before=N` gave the posts with
   * `N - window < id <= N` (N included), newest first, so pages were short or empty in the middle.
   */
  legacyIdWindow: number | null = null;
  /** When set, every request must carry these (a private forum); otherwise 403 invalid_access. */
  requiredKey: { key: string; username: string } | null = null;
  private readonly posts = new Map<number, StoredDiscoursePost>();
  private readonly topics = new Map<number, { title: string; slug: string; count: number }>();
  private nextId = 1_000;
  private nextTopic = 100;
  private clock = Date.UTC(2026, 10, 20, 8, 0, 0);

  constructor() {
    super();
    this.route('GET', '/posts.json', (req) => this.guard(req) ?? this.latest(req));
    this.route('GET', '/search.json', (req) => this.guard(req) ?? this.search(req));
    this.route('GET', /^\/posts\/(?<id>\d+)\.json$/, (req) => this.guard(req) ?? this.show(req));
  }

  /** Adds a post (a new topic unless `topicId` is given) and returns it as the forum stores it. */
  addPost(input: DiscoursePostInput = {}): StoredDiscoursePost {
    const id = this.nextId++;
    let topicId = input.topicId;
    if (topicId === undefined || !this.topics.has(topicId)) {
      topicId = topicId ?? this.nextTopic++;
      const title = input.topicTitle ?? `Argomento ${topicId}`;
      this.topics.set(topicId, { title, slug: slugify(title), count: 0 });
    }
    const topic = this.topics.get(topicId)!;
    topic.count++;
    this.clock += 1_000;
    const created = (input.createdAt ?? new Date(this.clock)).toISOString();
    const username = input.username ?? `utente_${id}`;
    const raw = input.raw ?? `Messaggio numero ${id} sul forum.`;
    const cooked = input.cooked ?? `<p>${raw.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`;
    const likes = input.likes ?? 0;
    const post: StoredDiscoursePost = {
      id,
      topic_id: topicId,
      post_number: topic.count,
      reply_to_post_number: input.replyToPostNumber ?? null,
      topic_slug: topic.slug,
      topic_title: topic.title,
      topic_html_title: topic.title.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
      category_id: 4,
      username,
      name: input.name === undefined ? null : input.name,
      user_id: 10 + (id % 50),
      avatar_template: `/user_avatar/forum.example.it/${username}/{size}/77_2.png`,
      created_at: created,
      updated_at: created,
      last_version_at: created,
      version: 1,
      cooked,
      raw,
      excerpt: raw.slice(0, 100),
      truncated: raw.length > 100,
      post_url: `/t/${topic.slug}/${topicId}/${topic.count}`,
      reply_count: input.replyCount ?? 0,
      reads: input.reads ?? 1,
      readers_count: 0,
      score: 0.2,
      like_count: likes,
      actions_summary: likes ? [{ id: 2, count: likes }] : [],
      hidden: false,
      deleted_at: null,
      user_deleted: false,
      post_type: 1,
      trust_level: 1,
      admin: false,
      moderator: input.staff === true,
      staff: input.staff === true,
      yours: false,
      quote_count: 0,
      incoming_link_count: 0,
      display_username: input.name ?? null,
      primary_group_name: null,
      user_title: null,
      wiki: false,
      can_edit: false,
      can_delete: false,
    };
    this.posts.set(id, post);
    return post;
  }

  post(id: number): StoredDiscoursePost | undefined {
    return this.posts.get(id);
  }

  /** An edit: same id, new `cooked`/`raw`, `version` + 1, new `updated_at`. */
  editPost(id: number, raw: string, cooked = `<p>${raw}</p>`): StoredDiscoursePost {
    const post = this.posts.get(id);
    if (!post) throw new Error(`no post ${id}`);
    this.clock += 1_000;
    const at = new Date(this.clock).toISOString();
    Object.assign(post, { raw, cooked, version: post.version + 1, updated_at: at, last_version_at: at });
    return post;
  }

  /** The author withdrew the post: it stays listed, with Discourse's placeholder text. */
  withdrawPost(id: number): void {
    const post = this.posts.get(id);
    if (!post) throw new Error(`no post ${id}`);
    this.clock += 1_000;
    Object.assign(post, { user_deleted: true, cooked: WITHDRAWN, updated_at: new Date(this.clock).toISOString() });
  }

  /** Staff deleted it: anonymous readers no longer see it at all. */
  deletePost(id: number): void {
    const post = this.posts.get(id);
    if (post) post.deleted_at = new Date(this.clock).toISOString();
  }

  /** The next `times` requests answer 429 as Discourse does (per-IP limit). */
  rateLimit(waitSeconds: number, times = 1, path?: RegExp): void {
    this.fault({
      path,
      times,
      response: {
        status: 429,
        headers: { 'Retry-After': String(waitSeconds), 'Discourse-Rate-Limit-Error-Code': 'ip_10_secs_limit', 'content-type': 'application/json; charset=utf-8' },
        body: {
          errors: [`You’ve performed this action too many times. Please wait ${waitSeconds} seconds before trying again.`],
          error_type: 'rate_limit',
          extras: { wait_seconds: waitSeconds, time_left: `${waitSeconds} seconds` },
        },
      },
    });
  }

  private guard(req: FakeRequest): FakeResponse | null {
    if (!this.requiredKey) return null;
    if (req.headers['api-key'] === this.requiredKey.key && req.headers['api-username'] === this.requiredKey.username) return null;
    return {
      status: 403,
      body: { errors: ['You are not permitted to view the requested resource. The API username or key is invalid.'], error_type: 'invalid_access' },
    };
  }

  private visible(): StoredDiscoursePost[] {
    return [...this.posts.values()].filter((p) => p.deleted_at === null).sort((a, b) => b.id - a.id);
  }

  private latest(req: FakeRequest): FakeResponse {
    const before = Number(req.query.get('before') ?? '0');
    if (this.legacyIdWindow !== null) {
      const last = before > 0 ? before : (this.visible()[0]?.id ?? 0);
      const window = this.legacyIdWindow;
      return { body: { latest_posts: this.visible().filter((p) => p.id <= last && p.id > last - window) } };
    }
    const posts = this.visible()
      .filter((p) => !(before > 0) || p.id < before)
      .slice(0, this.pageSize);
    return { body: { latest_posts: posts } };
  }

  private show(req: FakeRequest): FakeResponse {
    const post = this.posts.get(Number(req.params.id));
    if (!post || post.deleted_at) return { status: 404, body: { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' } };
    return { body: post };
  }

  private search(req: FakeRequest): FakeResponse {
    const q = req.query.get('q') ?? '';
    const page = Math.max(1, Number(req.query.get('page') ?? '1') || 1);
    const terms = [...q.replace(/\border:\w+/g, '').matchAll(/"([^"]+)"|(\S+)/g)].map((m) => (m[1] ?? m[2]).toLowerCase());
    const hits = this.visible().filter((p) => terms.every((t) => `${p.raw} ${p.topic_title}`.toLowerCase().includes(t)));
    const slice = hits.slice((page - 1) * this.searchPageSize, page * this.searchPageSize);
    const topicIds = [...new Set(slice.map((p) => p.topic_id))];
    return {
      body: {
        posts: slice.map((p) => ({
          id: p.id,
          name: p.name,
          username: p.username,
          avatar_template: p.avatar_template,
          created_at: p.created_at,
          like_count: p.like_count,
          blurb: p.raw.slice(0, 200),
          post_number: p.post_number,
          topic_id: p.topic_id,
        })),
        topics: topicIds.map((id) => {
          const t = this.topics.get(id)!;
          return { id, title: t.title, fancy_title: t.title, slug: t.slug, posts_count: t.count, category_id: 4 };
        }),
        users: [],
        categories: [],
        tags: [],
        groups: [],
        grouped_search_result: {
          more_posts: hits.length > page * this.searchPageSize ? true : null,
          more_users: null,
          more_categories: null,
          term: q,
          search_log_id: 1,
          more_full_page_results: null,
          can_create_topic: false,
          error: null,
          post_ids: slice.map((p) => p.id),
          user_ids: [],
          category_ids: [],
          tag_ids: [],
          group_ids: [],
        },
      },
    };
  }
}

function slugify(title: string): string {
  return (
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'topic'
  );
}
