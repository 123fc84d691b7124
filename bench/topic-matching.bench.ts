// Topic matching speed: how long 20 compiled topics take over 100,000 mentions.
//
//   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/topic-matching.bench.ts [--count N]
//
// Pure CPU, no services. The documents are built the way the pipeline builds them (the same
// tokenizer over the demo's realistic Italian and English posts), once, before timing; what is
// timed is exactly what the pipeline adds per mention: every topic's `matches(doc)`, including the
// per-document index that the first topic builds and the others reuse.
import { performance } from 'node:perf_hooks';
import type { Language } from '@ascolto/domain';
import { createTopicMatcher, type TopicDocument, type TopicMatcher } from '../libs/nlp/src/index';
import { htmlToText } from '../libs/nlp/src/text/html-to-text';
import { tokenize } from '../libs/nlp/src/text/tokenize';
import { generateRealisticRawMentions } from '../libs/testing/src/mention-stream';

const QUERIES = [
  'vela',
  'vela mobile',
  '"vela mobile" OR @vela_mobile OR #velamobile',
  'fibra -"fibra ottica"',
  '"fibra ottica"~3',
  'rimbors* OR refund*',
  '(bolletta OR fattura) (errore OR sbagliat* OR doppia)',
  'apple -(mela OR torta OR frutta OR "apple pie")',
  'assistenza NOT (grazie OR ottima)',
  '"rete lenta"~4 OR "internet lento"~4',
  'app (crash OR bloccat* OR login)',
  'lang:en (refund OR "customer service")',
  'lang:it (disservizio OR guasto OR "non funziona")',
  '#velaestate OR #vela',
  'roaming -(offerta OR promo*)',
  'sim (attivazione OR portabilita OR "numero")',
  'negozio OR store OR "punto vendita"',
  'consegna (ritardo OR "non arrivato" OR tracking)',
  '"servizio clienti" OR "customer care" OR assistenza',
  'modem OR router -(regalo OR gratis)',
];

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function main(): void {
  const count = option('count', 100_000);
  const raw = generateRealisticRawMentions(count, { seed: 7, sourceId: 'bench' });
  const languages: Language[] = ['it', 'en'];
  const docs: TopicDocument[] = raw.map((mention, i) => {
    const text = htmlToText(mention.content);
    return { text, words: tokenize(text).words, language: languages[i % 2] };
  });
  const topics: TopicMatcher[] = QUERIES.map((query, i) => createTopicMatcher({ id: `t${i}`, query }));
  const avgWords = docs.reduce((sum, doc) => sum + doc.words.length, 0) / docs.length;
  console.log(`${count} mentions (${avgWords.toFixed(1)} tokens on average), ${topics.length} topics`);

  for (let round = 1; round <= 3; round++) {
    // Fresh word arrays each round, so the per-document index is built again and counted.
    const fresh = docs.map((doc) => ({ ...doc, words: [...doc.words] }));
    let matched = 0;
    const start = performance.now();
    for (const doc of fresh) for (const topic of topics) if (topic.matches(doc)) matched++;
    const ms = performance.now() - start;
    const perTopicPer100k = (ms / topics.length) * (100_000 / count);
    console.log(
      `round ${round}: ${ms.toFixed(0)} ms for all topics; ${perTopicPer100k.toFixed(1)} ms per topic per 100k mentions; ${((count * topics.length) / (ms / 1000) / 1e6).toFixed(2)} M matches/s; ${matched} hits`,
    );
  }
}

main();
