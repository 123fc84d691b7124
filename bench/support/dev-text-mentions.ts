import type { RawMention } from '@ascolto/domain';
import { listDatasets, readDataset } from '../../libs/nlp/training/datasets';

/**
 * `count` raw mentions carrying the real social texts of the dev data sets (../shared/datasets),
 * cycled when `count` is larger (unless `distinct`, which stops at the last text); one in ten
 * arrives wrapped in HTML, as forum and feed posts do. Empty when the data sets are not there.
 */
export function devTextMentions(count: number, options: { idPrefix?: string; distinct?: boolean } = {}): RawMention[] {
  const texts: string[] = [];
  for (const name of listDatasets()) for (const record of readDataset(name)) texts.push(record.text);
  if (texts.length === 0) return [];
  const idPrefix = options.idPrefix ?? 'bench';
  const now = new Date().toISOString();
  return Array.from({ length: options.distinct ? Math.min(count, texts.length) : count }, (_, i) => {
    const text = texts[i % texts.length];
    return {
      id: `${idPrefix}-${i}`,
      sourceType: 'rss',
      sourceId: 'bench',
      sourceKey: 'bench',
      externalId: String(i),
      url: null,
      title: null,
      content: i % 10 === 0 ? `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>` : text,
      author: { name: 'bench', handle: null, url: null },
      publishedAt: now,
      collectedAt: now,
    } satisfies RawMention;
  });
}
