import { evaluateWrittenCarePosts, WRITTEN_CARE_POSTS } from './written-care-posts';

// The care posts we wrote (docs/quality.md, "Care posts written by us"), through the whole pipeline
// with the committed models, every CI run. They need no data set, so this runs on any machine. The
// floors sit a few points under the figures of pipeline `linear-10`: a rule or model change that
// costs the care queue more than a handful of these posts fails here and must say why.
describe('the care posts we wrote, scored as nlp:eval scores them', () => {
  const report = evaluateWrittenCarePosts();
  const [inSample, heldOut] = WRITTEN_CARE_POSTS.map(({ name }) => report[name]);

  it('scores every post on every task it carries', () => {
    expect(inSample.records).toBe(162);
    expect(heldOut.records).toBe(65);
    for (const file of [inSample, heldOut]) {
      expect(file.tasks.category!.n).toBe(file.records);
      expect(file.tasks.intent!.n).toBe(file.records);
      expect(file.tasks.sentiment!.n).toBe(file.records);
    }
  });

  it('keeps the care queue, the intents and the languages where linear-10 left them', () => {
    // linear-10: category 86.4 / 81.5 %, intent 81.5 / 66.2 %, service F1 0.933 / 0.895, language 99.4 / 100 %.
    expect(inSample.tasks.category!.accuracy).toBeGreaterThanOrEqual(0.83);
    expect(heldOut.tasks.category!.accuracy).toBeGreaterThanOrEqual(0.77);
    expect(inSample.tasks.intent!.accuracy).toBeGreaterThanOrEqual(0.77);
    expect(heldOut.tasks.intent!.accuracy).toBeGreaterThanOrEqual(0.6);
    expect(inSample.tasks.category!.perClassF1.service).toBeGreaterThanOrEqual(0.9);
    expect(heldOut.tasks.category!.perClassF1.service).toBeGreaterThanOrEqual(0.86);
    for (const file of [inSample, heldOut]) expect(file.tasks.language!.accuracy).toBeGreaterThanOrEqual(0.98);
  });

  it('beats the lexicon baseline on sentiment', () => {
    for (const file of [inSample, heldOut]) expect(file.tasks.sentiment!.macroF1).toBeGreaterThan(file.baselines.afinn.macroF1 + 0.1);
  });
});
