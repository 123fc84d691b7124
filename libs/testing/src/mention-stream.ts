import type { RawMention } from '@ascolto/domain';
import { mentionId } from '@ascolto/collectors';
import { DEMO_POSTS } from './demo/demo-posts';

export interface MentionStreamOptions {
  sourceId: string;
  /** Same seed, same stream. */
  seed?: number;
  /** Mentions are spread over this many days before `end`. Default 90 (three monthly indices). */
  days?: number;
  end?: Date;
}

/** Small, fast, seedable PRNG (mulberry32): benchmarks must be reproducible run to run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['Milano', 'Roma', 'Torino', 'Napoli', 'Bologna', 'Firenze', 'Bari', 'Palermo', 'Genova', 'Verona', 'London', 'Berlin'];
const TAILS = ['', '', '', ' #VelaMobile', ' @VelaMobile', ' !!', ' 😡', ' 🙏', ' 👍', ' ...', ' #fibra', ' grazie'];

/**
 * A realistic stream of raw mentions for load tests and benchmarks: the demo posts (written for
 * this project, Italian and English, care and marketing and noise, some with HTML) varied with
 * cities, tails and order numbers, by thousands of authors, over several months.
 */
export function generateRealisticRawMentions(count: number, options: MentionStreamOptions): RawMention[] {
  const random = prng(options.seed ?? 1);
  const end = (options.end ?? new Date('2026-11-20T12:00:00Z')).getTime();
  const span = (options.days ?? 90) * 86_400_000;
  const sourceKey = 'https://forum.vela.example/latest.rss';
  const collectedAt = new Date(end).toISOString();
  const out: RawMention[] = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const post = DEMO_POSTS[Math.floor(random() * DEMO_POSTS.length)];
    const city = CITIES[Math.floor(random() * CITIES.length)];
    const tail = TAILS[Math.floor(random() * TAILS.length)];
    const order = Math.floor(random() * 900_000) + 100_000;
    const text = `${post.text}${tail}${random() < 0.3 ? ` (${city}, ordine ${order})` : ''}`;
    const authorNumber = Math.floor(random() * 20_000);
    const externalId = `bench-${options.seed ?? 1}-${i}`;
    out[i] = {
      id: mentionId('rss', sourceKey, externalId),
      sourceType: 'rss',
      sourceId: options.sourceId,
      sourceKey,
      externalId,
      url: `https://forum.vela.example/t/${i}`,
      title: null,
      content: text,
      author: { name: `${post.author.name} ${authorNumber}`, handle: `${post.author.handle}${authorNumber}`, url: null },
      publishedAt: new Date(end - Math.floor(random() * span)).toISOString(),
      collectedAt,
    };
  }
  return out;
}
