import type { AppStoreFakeServer } from '../fakes/appstore';
import type { DiscourseFakeServer } from '../fakes/discourse';
import type { FakeMastodonServer } from '../fakes/mastodon/fake-mastodon-server';
import { DEMO_POSTS, type DemoPost } from './demo-posts';

/** The loopback fakes the demo listens to besides its RSS feed, and the app whose reviews it reads. */
export interface DemoChannels {
  mastodon: FakeMastodonServer;
  discourse: DiscourseFakeServer;
  appstore: AppStoreFakeServer;
  appId: string;
  country: string;
}

export type DemoChannelName = 'mastodon' | 'discourse' | 'appstore' | 'mentions';

const ROTATION: DemoChannelName[] = ['mastodon', 'discourse', 'appstore', 'mentions'];
export const DEMO_HASHTAG = 'VelaMobile';

/**
 * Keeps the demo's other sources alive: a Mastodon instance with the #VelaMobile hashtag and the
 * mentions of the brand's own account, a care forum on Discourse and the App Store reviews of the
 * Vela app. Each tick publishes the next demo
 * post on the next channel, in the shape that channel's real API gives (HTML status with a hashtag
 * link, a forum post, a star-rated review), so the sources page and the inbox show several source
 * types with different payloads.
 */
export class DemoSourcesPublisher {
  private timer: NodeJS.Timeout | null = null;
  private counter: number;
  private readonly intervalMs: number;

  constructor(
    private readonly channels: DemoChannels,
    options: { intervalSeconds?: number; offset?: number } = {},
  ) {
    this.intervalMs = Math.max(0.05, options.intervalSeconds ?? 6) * 1000;
    // Starts elsewhere in DEMO_POSTS than the RSS publisher, so the two do not post the same text at once.
    this.counter = options.offset ?? Math.floor(DEMO_POSTS.length / 2);
  }

  /** Publishes `seed` posts per channel dated over the last hour, then one post per interval. */
  start(seed = 0): void {
    const now = Date.now();
    for (let i = 0; i < seed * ROTATION.length; i++) {
      this.publishNext(new Date(now - Math.round(((seed * ROTATION.length - i) * 3_600_000) / (seed * ROTATION.length))));
    }
    if (this.timer) return;
    this.timer = setInterval(() => this.publishNext(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Publishes the next post on the next channel; returns where it went. */
  publishNext(at: Date = new Date()): DemoChannelName {
    const index = this.counter++;
    const post = DEMO_POSTS[index % DEMO_POSTS.length];
    const channel = ROTATION[index % ROTATION.length];
    const plain = post.text.replace(/<[^<>]{0,500}>/g, ' ').replace(/\s+/g, ' ').trim();
    switch (channel) {
      case 'mastodon':
        this.channels.mastodon.addStatus({
          content: `<p>${escapeHtml(plain)} <a href="https://${this.channels.mastodon.host}/tags/${DEMO_HASHTAG.toLowerCase()}" class="mention hashtag" rel="tag">#<span>${DEMO_HASHTAG}</span></a></p>`,
          tags: [DEMO_HASHTAG],
          account: { username: post.author.handle, display_name: post.author.name },
          language: post.language,
          createdAt: at,
        });
        break;
      case 'mentions':
        // A post written to the brand's account: it reaches the brand as a mention notification.
        this.channels.mastodon.addMention({
          content: `<p><span class="h-card" translate="no"><a href="${escapeHtml(this.channels.mastodon.brand.url)}" class="u-url mention">@<span>${escapeHtml(this.channels.mastodon.brand.username)}</span></a></span> ${escapeHtml(plain)}</p>`,
          account: { username: post.author.handle, display_name: post.author.name },
          language: post.language,
          createdAt: at,
        });
        break;
      case 'discourse':
        this.channels.discourse.addPost({
          topicTitle: post.language === 'it' ? 'Assistenza Vela Mobile' : 'Vela Mobile support',
          username: post.author.handle,
          name: post.author.name,
          raw: plain,
          cooked: `<p>${escapeHtml(plain)}</p>`,
          createdAt: at,
        });
        break;
      case 'appstore':
        this.channels.appstore.addReview(this.channels.appId, this.channels.country, {
          title: plain.length > 50 ? `${plain.slice(0, 49)}…` : plain,
          text: plain,
          rating: ratingFor(post),
          author: post.author.name,
          updated: at,
        });
        break;
    }
    return channel;
  }
}

/** Stars as a reviewer who wrote this post would give them. */
function ratingFor(post: DemoPost): number {
  if (post.expected.category === 'service') return post.expected.intent === 'praise' ? 5 : post.expected.intent === 'complaint' ? 1 : 3;
  if (post.expected.category === 'marketing') return 4;
  return 2;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
