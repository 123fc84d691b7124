import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageDetector } from '../src/language/detect-language';
import { loadLanguageModel, validateLanguageModelFile } from '../src/language/language-model';
import { crossValidateLanguageDetector, evaluateLanguageDetector, type LanguageRecord } from './evaluate-language';
import { groupKey as foldKey } from './folds';
import { modelFromFile, serializeLanguageModel, trainLanguageModelOn, type LabelledText } from './train-language';

/** A small made-up corpus: Italian and English sentences built from a few parts, so no data-set text is needed. */
function syntheticCorpus(): LabelledText[] {
  const it = {
    who: ['il servizio', 'la linea', 'la fibra', "l'assistenza", 'il modem', 'la bolletta'],
    what: ['non funziona', 'è lentissima', 'non risponde', 'è sempre occupata', 'costa troppo', 'è stata risolta'],
    when: ['da ieri', 'da tre giorni', 'ogni sera', 'anche oggi', 'dopo la chiamata', 'questa mattina'],
  };
  const en = {
    who: ['the service', 'my line', 'the fibre', 'customer support', 'the router', 'my bill'],
    what: ["doesn't work", 'is really slow', 'never answers', 'is always busy', 'costs too much', 'was fixed'],
    when: ['since yesterday', 'for three days', 'every evening', 'again today', 'after the call', 'this morning'],
  };
  const out: LabelledText[] = [];
  for (const [lang, parts] of [['it', it], ['en', en]] as const) {
    for (const who of parts.who) for (const what of parts.what) for (const when of parts.when) out.push({ lang, text: `${who} ${what} ${when}` });
  }
  return out;
}

describe('trainLanguageModelOn', () => {
  it('is deterministic: the same records give a byte-identical file, in any order', () => {
    const corpus = syntheticCorpus();
    const first = serializeLanguageModel(trainLanguageModelOn(corpus, ['synthetic'], { minCount: 1 }));
    const again = serializeLanguageModel(trainLanguageModelOn(corpus, ['synthetic'], { minCount: 1 }));
    const reversed = serializeLanguageModel(trainLanguageModelOn([...corpus].reverse(), ['synthetic'], { minCount: 1 }));
    expect(again).toBe(first);
    expect(reversed).toBe(first);
  });

  it('learns to tell the two languages apart on sentences it did not see', () => {
    const detector = createLanguageDetector(modelFromFile(trainLanguageModelOn(syntheticCorpus(), [], { minCount: 1 })));
    expect(detector.detectLanguage('la linea è lentissima anche stasera').language).toBe('it');
    expect(detector.detectLanguage('my router is slow again tonight').language).toBe('en');
  });

  it('ignores records labelled with other languages and records in a non-Latin script', () => {
    const corpus = syntheticCorpus();
    const noisy = [...corpus, { lang: 'en', text: 'こんにちは、アマゾン公式です' }, { lang: 'fr', text: 'le service ne marche pas' }];
    expect(serializeLanguageModel(trainLanguageModelOn(noisy, [], { minCount: 1 }))).toBe(serializeLanguageModel(trainLanguageModelOn(corpus, [], { minCount: 1 })));
  });

  it('writes a file that validates and loads', () => {
    const file = trainLanguageModelOn(syntheticCorpus(), ['synthetic'], { minCount: 1 });
    expect(() => validateLanguageModelFile(JSON.parse(serializeLanguageModel(file)))).not.toThrow();
    expect(file.training.records).toEqual({ it: 216, en: 216 });
    expect(loadLanguageModel(file).weights.length).toBe(2 ** file.features.hashBits);
  });
});

describe('the committed model file', () => {
  const path = join(__dirname, '..', 'models', 'language-it-en.json');

  it('matches the schema, decodes, and stays small', () => {
    const file = validateLanguageModelFile(JSON.parse(readFileSync(path, 'utf8')));
    const model = loadLanguageModel(file);
    let stored = 0;
    for (const w of model.weights) if (w !== 0) stored++;
    expect(stored).toBe(file.count);
    expect(statSync(path).size).toBeLessThan(1024 * 1024);
  });

  it('is refused when damaged', () => {
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(() => loadLanguageModel({ ...file, count: file.count + 1 })).toThrow(/weights for count/);
    expect(() => loadLanguageModel({ ...file, features: { ...file.features, maxNgram: 5 } })).toThrow(/maxNgram/);
    expect(() => loadLanguageModel({ ...file, format: 'something-else' })).toThrow(/format/);
  });
});

describe('evaluateLanguageDetector', () => {
  it('counts accuracy and confusion per data set', () => {
    const records: LanguageRecord[] = [
      { dataset: 'a', lang: 'it', text: 'x' },
      { dataset: 'a', lang: 'it', text: 'y' },
      { dataset: 'b', lang: 'en', text: 'z' },
    ];
    const guesses: Record<string, string> = { x: 'it', y: 'es', z: 'en' };
    const result = evaluateLanguageDetector(records, (text) => ({ language: guesses[text] }));
    expect(result.a).toEqual({ records: 2, correct: 1, accuracy: 0.5, confusion: { it: { it: 1, es: 1 } } });
    expect(result.b.accuracy).toBe(1);
  });
});

describe('crossValidateLanguageDetector', () => {
  it('scores every record once, held out from the model that scores it', () => {
    const records = syntheticCorpus().map((r) => ({ ...r, dataset: `synthetic-${r.lang}` }));
    const result = crossValidateLanguageDetector(records, 3, { minCount: 1 });
    expect(result['synthetic-it'].records + result['synthetic-en'].records).toBe(records.length);
    expect(result['synthetic-it'].accuracy).toBeGreaterThan(0.9);
    expect(result['synthetic-en'].accuracy).toBeGreaterThan(0.9);
  });
});

describe('groupKey (the fold rule)', () => {
  it('puts a retweet and its original, or a copy with other handles and links, in the same fold', () => {
    const key = foldKey('La linea non va! https://t.co/abc @VelaMobile');
    expect(foldKey('RT @someone: la linea non va https://t.co/xyz @user')).toBe(key);
  });
});
