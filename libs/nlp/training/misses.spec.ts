import { shippedModels } from '../src/models/pipeline-models';
import { toCorpusItem } from './corpus';
import { analyseItems } from './evaluate';
import { listMisses, renderMisses } from './misses';

describe('listMisses', () => {
  const models = shippedModels();
  const items = [
    // Labelled as the pipeline reads it: no miss.
    toCorpusItem('written', { id: 'right', lang: 'it', text: '@TelcoX senza linea da tre giorni, nessuno risponde', sentiment: 'negative', intent: 'complaint', category: 'service' }),
    // Deliberately mislabelled: every labelled task but language is wrong.
    toCorpusItem('written', { id: 'wrong', lang: 'it', text: '@TelcoX senza linea da tre giorni, nessuno risponde', sentiment: 'positive', intent: 'praise', category: 'marketing' }),
  ];
  const analyses = analyseItems(items, () => models);

  it('lists each wrong label once, with the label the pipeline gave and why', () => {
    const misses = listMisses(items, analyses);
    expect(misses.map((m) => `${m.id} ${m.task}`)).toEqual(['wrong sentiment', 'wrong category', 'wrong intent']);
    const intent = misses.find((m) => m.task === 'intent')!;
    expect(intent).toMatchObject({ gold: 'praise', predicted: 'complaint' });
    expect(intent.reasons).toEqual(analyses[1].explanations.intent.reasons);
    expect(intent.reasons.length).toBeGreaterThan(0);
    // The complaint task is the intent read again; listing it would double the intent misses.
    expect(misses.some((m) => m.task === 'complaint')).toBe(false);
  });

  it('prints one line per text, with control and direction characters escaped', () => {
    const hostile = toCorpusItem('written', { id: 'rtl', lang: 'en', text: 'line one\nline two \u202Egnirts', sentiment: 'positive', intent: 'praise' });
    const [analysis] = analyseItems([hostile], () => models);
    const listing = renderMisses('hostile.jsonl', listMisses([hostile], [analysis]));
    expect(listing).toContain('line one\\u000aline two \\u202egnirts');
    expect(listing).not.toContain(String.fromCharCode(0x202e));
    expect(listing.startsWith('# hostile.jsonl: ')).toBe(true);
  });
});
