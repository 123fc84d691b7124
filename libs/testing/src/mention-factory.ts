// Realistic, varied and deterministic mentions for tests and demos: the n-th mention made after a
// reset is always the same, so failures reproduce and ids can be asserted.
import { newMentionWorkflow, type Category, type FlushReason, type Intent, type Language, type Mention, type Sentiment } from '@ascolto/domain';
import { mentionId } from '../../collectors/src/mention-id';

interface Template {
  language: Language;
  category: Category;
  intent: Intent;
  sentiment: Sentiment;
  flushReason?: FlushReason;
  title: string | null;
  text: string;
}

const BRANDS = ['Fibra Aurora', 'TrenoLesto', 'Banca Lume', 'CasaNido', 'Voli Brezza'];
const ORDER = () => String(100000 + Math.floor(random() * 899999));

// `{b}` is a brand, `{n}` an order/practice number, `{d}` a number of days.
const TEMPLATES: Template[] = [
  { language: 'it', category: 'service', intent: 'complaint', sentiment: 'negative', title: 'Rimborso mai arrivato', text: 'Ho chiesto il rimborso a {b} per l\'ordine {n} da {d} giorni e ancora nessuna risposta. Servizio clienti pessimo.' },
  { language: 'it', category: 'service', intent: 'incident', sentiment: 'negative', title: null, text: 'La linea di {b} è down in tutta Milano da stamattina, internet non funziona e il numero verde è sempre occupato.' },
  { language: 'it', category: 'service', intent: 'question', sentiment: 'neutral', title: 'Come cambio l\'IBAN?', text: 'Qualcuno sa come si cambia l\'IBAN per l\'addebito di {b}? Nell\'app non trovo la voce.' },
  { language: 'it', category: 'service', intent: 'praise', sentiment: 'positive', title: null, text: 'Devo ringraziare l\'assistenza di {b}: pratica {n} risolta in {d} giorni, gentilissimi.' },
  { language: 'it', category: 'service', intent: 'suggestion', sentiment: 'neutral', title: 'Proposta per l\'app', text: 'Sarebbe utile poter scaricare le fatture di {b} in PDF direttamente dall\'app, invece di aspettare la mail.' },
  { language: 'it', category: 'marketing', intent: 'other', sentiment: 'positive', title: 'Nuova offerta', text: 'Visto lo spot di {b} con la nuova offerta estiva, sembra conveniente rispetto alla concorrenza.' },
  { language: 'it', category: 'flush', intent: 'other', sentiment: 'neutral', flushReason: 'spam', title: 'GUADAGNA SUBITO', text: 'Guadagna 500 euro al giorno da casa!!! Clicca qui, non è {b} ma è meglio.' },
  { language: 'en', category: 'service', intent: 'complaint', sentiment: 'negative', title: 'Still waiting for my refund', text: 'I asked {b} for a refund on order {n} {d} days ago and nobody has answered. Terrible customer service.' },
  { language: 'en', category: 'service', intent: 'incident', sentiment: 'negative', title: null, text: 'Is {b} down for anyone else? The app keeps crashing at login since this morning.' },
  { language: 'en', category: 'service', intent: 'question', sentiment: 'neutral', title: 'Changing my plan', text: 'How do I switch my {b} plan without paying the early termination fee? Support page is not clear.' },
  { language: 'en', category: 'service', intent: 'praise', sentiment: 'positive', title: null, text: 'Shout out to the {b} support team, ticket {n} solved in {d} days. Great experience.' },
  { language: 'en', category: 'marketing', intent: 'other', sentiment: 'neutral', title: 'New campaign', text: 'The new {b} campaign is everywhere on the underground this week.' },
  { language: 'en', category: 'flush', intent: 'other', sentiment: 'neutral', flushReason: 'off_topic', title: null, text: 'Anyone watching the match tonight? Nothing to do with {b}, just bored.' },
  { language: 'other', category: 'flush', intent: 'other', sentiment: 'neutral', flushReason: 'no_action', title: null, text: 'Merci {b}, tout va bien.' },
];

const AUTHORS = [
  { name: 'Giulia Rossi', handle: 'giulia_r' },
  { name: 'Marco Bianchi', handle: 'marcob' },
  { name: 'Francesca Esposito', handle: null },
  { name: 'Luca Ferrari', handle: 'lucaf' },
  { name: 'Sarah Miller', handle: 'sarahm' },
  { name: 'James O\'Connor', handle: 'jamesoc' },
  { name: 'Chiara Romano', handle: 'chiara.romano' },
  { name: 'Tom Baker', handle: null },
];

const SOURCES = [
  { sourceId: '0b6f7a52-1f0e-4c3b-9a8e-000000000001', sourceKey: 'https://forum.consumatori.example/feed.xml' },
  { sourceId: '0b6f7a52-1f0e-4c3b-9a8e-000000000002', sourceKey: 'https://community.example.com/latest.rss' },
  { sourceId: '0b6f7a52-1f0e-4c3b-9a8e-000000000003', sourceKey: 'https://blog.recensioni.example/rss' },
];

/** Mentions are spread over the 90 days before this instant (so over four monthly indices). */
export const MENTION_FACTORY_EPOCH = Date.parse('2026-03-31T18:00:00.000Z');
const SPREAD_MS = 90 * 24 * 3600 * 1000;

let sequence = 0;
let state = 1;

// mulberry32: tiny, seedable, good enough to vary test data.
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Restarts the sequence: the next `makeMention()` is the first one again. */
export function resetMentionFactory(): void {
  sequence = 0;
}

export function makeMention(overrides: Partial<Mention> = {}): Mention {
  const n = ++sequence;
  state = n * 7919;
  const template = TEMPLATES[n % TEMPLATES.length];
  const brand = pick(BRANDS);
  const text = template.text
    .replaceAll('{b}', brand)
    .replaceAll('{n}', ORDER())
    .replaceAll('{d}', String(2 + Math.floor(random() * 20)));
  const author = pick(AUTHORS);
  const source = SOURCES[n % SOURCES.length];
  const externalId = `${source.sourceKey.replace(/\/[^/]*$/, '')}/t/${n}`;
  const published = MENTION_FACTORY_EPOCH - Math.floor(random() * SPREAD_MS);
  const collected = published + 60_000 + Math.floor(random() * 3_600_000);
  const scoreBase = template.sentiment === 'negative' ? -0.7 : template.sentiment === 'positive' ? 0.6 : 0;
  const sentimentScore = Math.round((scoreBase + (random() - 0.5) * 0.3) * 100) / 100;
  const priority =
    template.category === 'flush'
      ? 0
      : Math.min(100, Math.floor((template.sentiment === 'negative' ? 55 : 20) + random() * 45));
  const reason = (label: string, why: string) => ({ label, confidence: 0.7 + Math.round(random() * 25) / 100, reasons: [why] });

  const sourceKey = overrides.sourceKey ?? source.sourceKey;
  const externalIdFinal = overrides.externalId ?? externalId;
  const mention: Mention = {
    id: mentionId('rss', sourceKey, externalIdFinal),
    sourceType: 'rss',
    sourceId: source.sourceId,
    sourceKey,
    externalId: externalIdFinal,
    url: externalId,
    title: template.title,
    content: `<p>${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</p>`,
    author: { name: author.name, handle: author.handle, url: author.handle ? `https://community.example.com/u/${author.handle}` : null },
    publishedAt: new Date(published).toISOString(),
    collectedAt: new Date(collected).toISOString(),
    text,
    language: template.language,
    sentiment: template.sentiment,
    sentimentScore,
    category: template.category,
    intent: template.intent,
    flushReason: template.flushReason ?? null,
    priority,
    explanations: {
      language: reason(template.language, `stop words of "${template.language}"`),
      sentiment: reason(template.sentiment, 'lexicon score'),
      category: reason(template.category, template.category === 'flush' ? 'rule: flush' : `word "${brand}"`),
      intent: reason(template.intent, 'keyword rules'),
    },
    pipelineVersion: '1.0.0',
    // No fingerprint: factory mentions are never grouped unless a test sets one (see sketchText).
    simhash: null,
    similarityKeys: [],
    duplicateOf: null,
    topicIds: [],
    ...newMentionWorkflow(),
    status: template.category === 'flush' ? 'flushed' : 'new',
    ...overrides,
  };
  if (overrides.text !== undefined && overrides.content === undefined) mention.content = `<p>${overrides.text}</p>`;
  return mention;
}

/** `count` mentions; `overrides` may depend on the position in the batch. */
export function makeMentions(count: number, overrides: Partial<Mention> | ((i: number) => Partial<Mention>) = {}): Mention[] {
  const out: Mention[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = makeMention(typeof overrides === 'function' ? overrides(i) : overrides);
  return out;
}
