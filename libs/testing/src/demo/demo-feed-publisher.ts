import type { FeedItem, LoopbackFeedServer } from '../feeds/loopback-feed-server';
import { DEMO_POSTS, type DemoPost } from './demo-posts';

export interface DemoFeedPublisherOptions {
  /** Seconds between two posts. Default 4. */
  intervalSeconds?: number;
  /** Seeded posts are spread over this many minutes before now, so the inbox shows ages. Default 180. */
  seedSpreadMinutes?: number;
  /** Where the cycle starts; lets two publishers on two paths show different posts. Default 0. */
  offset?: number;
  /** Injectable for tests. */
  now?: () => Date;
  posts?: readonly DemoPost[];
}

/**
 * Keeps a loopback feed alive for the demo: publishes a new post every few seconds, cycling through
 * DEMO_POSTS with small variations (so repeated rounds are not byte-identical and near-duplicate
 * detection has something to do), each with a fresh guid and the current time.
 */
export class DemoFeedPublisher {
  private timer: NodeJS.Timeout | null = null;
  private counter = 0;
  private readonly intervalMs: number;
  private readonly seedSpreadMs: number;
  private readonly now: () => Date;
  private readonly posts: readonly DemoPost[];
  private readonly runId = Date.now().toString(36);

  constructor(
    private readonly server: LoopbackFeedServer,
    private readonly path: string,
    options: DemoFeedPublisherOptions = {},
  ) {
    this.intervalMs = Math.max(0.05, options.intervalSeconds ?? 4) * 1000;
    this.seedSpreadMs = Math.max(0, options.seedSpreadMinutes ?? 180) * 60_000;
    this.now = options.now ?? (() => new Date());
    this.posts = options.posts ?? DEMO_POSTS;
    this.counter = options.offset ?? 0;
  }

  /** Publishes `seed` posts at once (dated over the last `seedSpreadMinutes`), then one per interval. */
  start(seed = 0): void {
    this.seed(seed);
    if (this.timer) return;
    this.timer = setInterval(() => this.publishNext(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  seed(count: number): FeedItem[] {
    const now = this.now().getTime();
    const items: FeedItem[] = [];
    for (let i = 0; i < count; i++) {
      // Oldest first, so that the newest seeded post is the most recent.
      const at = new Date(now - Math.round((this.seedSpreadMs * (count - i)) / Math.max(1, count)));
      items.push(this.publishNext(at));
    }
    return items;
  }

  /** Publishes one post now (or at `at`) and returns the feed item. */
  publishNext(at: Date = this.now()): FeedItem {
    const index = this.counter++;
    const post = this.posts[index % this.posts.length];
    const round = Math.floor(index / this.posts.length);
    const item: FeedItem = {
      guid: `vela-demo-${this.runId}-${index}`,
      title: titleOf(post.text),
      link: `https://social.example/@${post.author.handle}/${this.runId}${index}`,
      description: vary(post, round, index),
      author: `${post.author.name} (@${post.author.handle})`,
      pubDate: at,
    };
    this.server.addItem(this.path, item);
    return item;
  }
}

/** A short plain title, like the ones social networks put in their feeds; markup is not interpreted here. */
function titleOf(text: string): string {
  const plain = text.replace(/<[^<>]{0,500}>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 80 ? `${plain.slice(0, 79)}…` : plain;
}

const IT_CARE_TAILS = ['', ' 🙄', ' Ancora!', ' #VelaMobile', ' …', ' Qualcuno mi risponde?', ' Aggiornamento: ancora così.'];
const EN_CARE_TAILS = ['', ' 🙄', ' Again!', ' #VelaMobile', ' …', ' Any update?', ' Update: still the same.'];
const NEUTRAL_TAILS = ['', ' #VelaMobile', ' …'];

/** Round 0 is the text as written; later rounds add a small tail that fits the kind of post. */
function vary(post: DemoPost, round: number, index: number): string {
  if (round === 0) return post.text;
  const tails = post.expected.category !== 'service' ? NEUTRAL_TAILS : post.language === 'it' ? IT_CARE_TAILS : EN_CARE_TAILS;
  return `${post.text}${tails[(round + index) % tails.length]}`;
}
