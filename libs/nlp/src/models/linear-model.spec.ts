import { extractFeatures, FEATURE_SET_VERSION } from '../features/extract-features';
import { tokenize } from '../text/tokenize';
import { trainLinearModel, DEFAULT_TRAINING } from '../../training/train-linear';
import { LinearModel, softmax } from './linear-model';

const vector = (text: string) => extractFeatures(tokenize(text), { lexiconScore: 0, lexiconHits: false }, true);

// A toy corpus where one word decides the class; enough for the model to learn it exactly.
const CORPUS = [
  ...['il servizio è pessimo', 'pessimo come sempre', 'davvero pessimo oggi', 'un servizio pessimo davvero'].map((t) => ({ t, label: 0 })),
  ...['il servizio è ottimo', 'ottimo come sempre', 'davvero ottimo oggi', 'un servizio ottimo davvero'].map((t) => ({ t, label: 1 })),
];

function train(seed = DEFAULT_TRAINING.seed) {
  return trainLinearModel(
    CORPUS.map(({ t, label }) => ({ vector: vector(t), label })),
    { ...DEFAULT_TRAINING, bits: 12, epochs: 30, learningRate: 0.5, seed, name: 'toy', classes: ['bad', 'good'], trainedOn: [{ dataset: 'toy', records: CORPUS.length }] },
  );
}

describe('LinearModel and trainLinearModel', () => {
  it('learns the deciding word and generalises to a new sentence', () => {
    const model = new LinearModel(train(), FEATURE_SET_VERSION);
    expect(model.predict(vector('che servizio pessimo')).label).toBe('bad');
    expect(model.predict(vector('che servizio ottimo')).label).toBe('good');
    const p = model.predict(vector('pessimo')).probabilities;
    expect(p[0] + p[1]).toBeCloseTo(1, 10);
    expect(p[0]).toBeGreaterThan(0.7);
  });

  it('names the words that decided, strongest first', () => {
    const model = new LinearModel(train(), FEATURE_SET_VERSION);
    const v = vector('oggi pessimo');
    const reasons = model.explain(v, 0);
    expect(reasons[0]).toMatch(/^"pessimo" \+\d+\.\d$/);
    expect(reasons.join(' ')).not.toContain('ottimo');
  });

  it('is deterministic: the same data gives a byte-identical file', () => {
    expect(JSON.stringify(train())).toBe(JSON.stringify(train()));
    expect(JSON.stringify(train(1))).not.toBe(JSON.stringify(train(2)));
  });

  it('refuses a model trained on another feature set or with a wrong weight table', () => {
    const file = train();
    expect(() => new LinearModel(file, 'fs-0')).toThrow(/feature set/);
    expect(() => new LinearModel({ ...file, weights: Buffer.from([1, 2, 3]).toString('base64') }, FEATURE_SET_VERSION)).toThrow(/weights/);
    expect(() => new LinearModel({ ...file, format: 'other' as never }, FEATURE_SET_VERSION)).toThrow(/format/);
  });

  it('learns from another domain through a weight copy of its own, keeping the target domain\'s labels', () => {
    // Target: "ritardo" is bad. A source labelled differently says "ritardo" is good, and also
    // knows a word the target never saw ("rimborsato", good).
    const target = [
      ...['treno in ritardo', 'sempre in ritardo', 'ritardo oggi'].map((t) => ({ t, label: 0 })),
      ...['treno puntuale', 'sempre puntuale', 'puntuale oggi'].map((t) => ({ t, label: 1 })),
    ];
    const source = [
      ...['ritardo ma rimborsato', 'rimborsato subito', 'ritardo minimo', 'rimborsato tutto'].map((t) => ({ t, label: 1 })),
      ...['guasto', 'guasto ancora'].map((t) => ({ t, label: 0 })),
    ];
    const options = { ...DEFAULT_TRAINING, bits: 12, epochs: 30, learningRate: 0.5, balanced: false, name: 'toy', classes: ['bad', 'good'], trainedOn: [] };
    const examples = (domain: number) => [
      ...target.map(({ t, label }) => ({ vector: vector(t), label })),
      ...source.flatMap(({ t, label }) => Array.from({ length: 5 }, () => ({ vector: vector(t), label, domain }))),
    ];
    const adapted = new LinearModel(trainLinearModel(examples(1), options), FEATURE_SET_VERSION);
    const pooled = new LinearModel(trainLinearModel(examples(0), options), FEATURE_SET_VERSION);
    // Pooled, the source's labels pull "ritardo" towards good; through its own copy they do not.
    expect(adapted.predict(vector('ritardo')).label).toBe('bad');
    expect(adapted.predict(vector('ritardo')).probabilities[0]).toBeGreaterThan(pooled.predict(vector('ritardo')).probabilities[0] + 0.1);
    expect(adapted.predict(vector('rimborsato')).label).toBe('good');
    expect(trainLinearModel(examples(1), options).settings.adaptedFromDomains).toBe(1);
    expect(JSON.stringify(trainLinearModel(examples(1), options))).toBe(JSON.stringify(trainLinearModel(examples(1), options)));
  });

  it('softmax is stable for large logits', () => {
    const p = softmax([1000, 999, -1000]);
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p.every((x) => Number.isFinite(x))).toBe(true);
  });
});
