import { analyzeMention, createTopicMatcher } from '@ascolto/nlp';
import type { RawMention } from '@ascolto/domain';
import { DEMO_POSTS, DEMO_TOPIC } from './demo-posts';

describe('DEMO_POSTS', () => {
  it('has about 80 posts, roughly two thirds Italian', () => {
    expect(DEMO_POSTS.length).toBeGreaterThanOrEqual(75);
    expect(DEMO_POSTS.length).toBeLessThanOrEqual(90);
    const italian = DEMO_POSTS.filter((p) => p.language === 'it').length / DEMO_POSTS.length;
    expect(italian).toBeGreaterThan(0.55);
    expect(italian).toBeLessThan(0.75);
  });

  it('covers every kind of post the product sorts', () => {
    const kinds = new Set(DEMO_POSTS.map((p) => `${p.expected.category}/${p.expected.intent}`));
    for (const kind of ['service/complaint', 'service/incident', 'service/question', 'marketing/praise', 'marketing/suggestion', 'marketing/other']) {
      expect(kinds).toContain(kind);
    }
    const flushReasons = new Set(DEMO_POSTS.map((p) => p.expected.flushReason).filter(Boolean));
    expect(flushReasons).toEqual(new Set(['spam', 'bot', 'off_topic']));
  });

  it('includes harmless HTML and hostile markup in text and in author names', () => {
    const all = DEMO_POSTS.flatMap((p) => [p.text, p.author.name]);
    expect(all.some((t) => t.includes('<script>alert(1)</script>'))).toBe(true);
    expect(DEMO_POSTS.some((p) => p.author.name.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(DEMO_POSTS.some((p) => /<p>|<br>|<a href/.test(p.text))).toBe(true);
  });

  it('has unique texts and realistic authors', () => {
    expect(new Set(DEMO_POSTS.map((p) => p.text)).size).toBe(DEMO_POSTS.length);
    for (const p of DEMO_POSTS) {
      expect(p.author.handle).toMatch(/^[a-z0-9_]+$/i);
      expect(p.author.name.length).toBeGreaterThan(1);
    }
  });

  // A regression guard for the rule-based pipeline on content it was tuned with (so this is not an
  // accuracy figure), read through the demo's topic as the demo reads it. The sailing posts are
  // keyword collisions that only the topic's exclusions tell from the brand.
  it('is labelled by the pipeline like a person would, for nearly all posts', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    const topics = [createTopicMatcher({ id: 'demo', query: DEMO_TOPIC.query, languages: [...DEMO_TOPIC.languages] })];
    let category = 0;
    let language = 0;
    for (const [i, post] of DEMO_POSTS.entries()) {
      const raw: RawMention = {
        id: `rss-${i}`, sourceType: 'rss', sourceId: 's', sourceKey: 'k', externalId: String(i), url: null, title: null,
        content: post.text, author: { name: post.author.name, handle: null, url: null }, publishedAt: now.toISOString(), collectedAt: now.toISOString(),
      };
      const a = analyzeMention(raw, now, { topics });
      if (post.expected.flushReason === 'off_topic') expect({ text: post.text, flushReason: a.flushReason }).toEqual({ text: post.text, flushReason: 'off_topic' });
      if (a.category === post.expected.category) category++;
      if (a.language === post.language) language++;
    }
    expect(category / DEMO_POSTS.length).toBeGreaterThanOrEqual(0.9);
    expect(language / DEMO_POSTS.length).toBeGreaterThanOrEqual(0.95);
  });
});
