import type { RawMention } from '@ascolto/domain';
import { analyzeMention, toMention } from '../pipeline';
import { createTopicMatcher } from './compile-topic-query';
import { topicDocumentOf } from './topic-document-of';

let n = 0;
function raw(content: string, title: string | null = null): RawMention {
  n++;
  return {
    id: `m${n}`,
    sourceType: 'rss',
    sourceId: 's1',
    sourceKey: 'https://forum.example/feed',
    externalId: `e${n}`,
    url: `https://forum.example/t/${n}`,
    title,
    content,
    author: { name: 'Utente', handle: 'utente', url: null },
    publishedAt: '2026-11-20T08:00:00.000Z',
    collectedAt: '2026-11-20T08:01:00.000Z',
  } as RawMention;
}

// Titles that add words, titles the body starts with (with and without an ellipsis), HTML in both,
// an empty body, hashtags and handles, Italian and English.
const CORPUS: RawMention[] = [
  raw('<p>Il rimborso non è mai arrivato, scrivo da tre settimane</p>', 'Rimborso negato da Vela Mobile'),
  raw('Refund still pending after 3 weeks @VelaMobile #fail', null),
  raw('La fibra è lenta da giorni, chi altro?', 'La fibra è lenta da giorni…'),
  raw('La fibra è lenta da giorni, chi altro?', 'La fibra è lenta...'),
  raw('', '<b>Schermo rotto</b> appena comprato'),
  raw('<p>Schermo rotto appena comprato</p>', 'Schermo rotto appena comprato'),
  raw('Best apple pie recipe ever', 'Recipes'),
  raw('Ottimo servizio clienti, grazie #VelaMobile', 'Complimenti'),
  raw('<p>Ho chiesto il <a href="https://x.example">rimborso</a> ieri.</p><p>Nessuna risposta.</p>', 'Assistenza &amp; rimborsi'),
  raw('Le mele della nonna', 'Apple news: nuovo iPhone'),
  raw('Where is my order? Tracking says delivered', 'Order 123'),
  raw('Servizio pessimo. Rete assente a Milano', null),
];

const TOPICS = [
  { id: 'refund', query: 'rimborso OR refund OR rimbors*' },
  { id: 'title-only', query: 'negato OR recipes OR complimenti OR "apple news" OR assistenza' },
  { id: 'phrase', query: '"fibra lenta"~2 OR "schermo rotto"' },
  { id: 'italian', query: '(servizio OR fibra OR rimborso OR schermo) lang:it' },
  { id: 'english', query: '(order OR refund OR apple OR best) lang:en' },
  { id: 'tags', query: '#velamobile OR @velamobile' },
  { id: 'exclusions', query: 'apple -(mele OR pie)' },
  { id: 'english-only', query: 'order OR refund', languages: ['en'] },
].map(createTopicMatcher);

describe(topicDocumentOf.name, () => {
  it('gives every topic the same answer as the pipeline gave when it analysed the mention', () => {
    const now = new Date('2026-11-20T09:00:00.000Z');
    let tagged = 0;
    for (const item of CORPUS) {
      const analysis = analyzeMention(item, now, { topics: TOPICS });
      const stored = toMention(item, analysis);
      const doc = topicDocumentOf(JSON.parse(JSON.stringify(stored)));
      const again = TOPICS.filter((topic) => topic.matches(doc)).map((topic) => topic.id);
      expect({ id: item.id, topicIds: again }).toEqual({ id: item.id, topicIds: analysis.topicIds });
      tagged += analysis.topicIds.length;
    }
    // The corpus must exercise the matchers, not agree on "nothing matches".
    expect(tagged).toBeGreaterThan(CORPUS.length);
  });

  it('reads the title the pipeline joined to the body, and not a title the body repeats', () => {
    expect(topicDocumentOf({ text: 'Il rimborso non arriva', title: 'Rimborso negato', language: 'it' }).words).toEqual([
      'rimborso',
      'negato',
      '.',
      'il',
      'rimborso',
      'non',
      'arriva',
    ]);
    expect(topicDocumentOf({ text: 'La fibra è lenta da giorni', title: 'La fibra è lenta…', language: 'it' }).words).toEqual(
      topicDocumentOf({ text: 'La fibra è lenta da giorni', title: null, language: 'it' }).words,
    );
  });

  it('keeps the stored language, but detects it again when a person corrected it', () => {
    const text = 'Il servizio clienti non risponde da una settimana e il rimborso non arriva';
    expect(topicDocumentOf({ text, language: 'en' }).language).toBe('en');
    expect(topicDocumentOf({ text, language: 'en', correctedLabels: ['language'] }).language).toBe('it');
  });

  it('never throws on a malformed document', () => {
    expect(topicDocumentOf({})).toEqual({ text: '', words: [], language: expect.any(String) });
    expect(topicDocumentOf({ text: 42, title: {}, language: 'xx' }).text).toBe('');
  });
});
