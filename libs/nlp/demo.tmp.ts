import { DEMO_POSTS, DEMO_TOPIC } from '../testing/src/demo/demo-posts';
import { analyzeMention } from './src/pipeline';
import { createTopicMatcher } from './src/topics/compile-topic-query';
const now = new Date('2026-06-15T12:00:00Z');
const topics = [createTopicMatcher({ id: 'demo', query: DEMO_TOPIC.query, languages: [...DEMO_TOPIC.languages] })];
let ok = 0, intentOk = 0;
for (const [i, post] of DEMO_POSTS.entries()) {
  const a = analyzeMention({ id: `x${i}`, sourceType: 'rss', sourceId: 's', sourceKey: 'k', externalId: String(i), url: null, title: null, content: post.text, author: { name: 'x', handle: null, url: null }, publishedAt: now.toISOString(), collectedAt: now.toISOString() } as any, now, { topics });
  if (a.category === post.expected.category) ok++; else console.log('CAT', post.expected.category, '->', a.category, a.flushReason, '|', post.text.slice(0, 110), '|', a.explanations.category.reasons[0]);
  if ((post.expected as any).intent && a.intent === (post.expected as any).intent) intentOk++;
}
console.log(ok, '/', DEMO_POSTS.length, 'intent', intentOk);
