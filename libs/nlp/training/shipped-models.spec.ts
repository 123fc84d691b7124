import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RULES_VERSION } from '../src/pipeline-version';
import { datasetsDir } from './datasets';
import { evaluateFiles } from './run-evaluation';

// The committed models, checked on a slice of the dev files every CI run: a broken, stale or
// mis-trained model fails here. (These records are in the models' training data, so the floors are
// far above the cross-validated figures of docs/quality.md; they catch breakage, not quality.)
const repoRoot = resolve(__dirname, '../../..');
const haveData = existsSync(join(datasetsDir(), 'twitter-us-airline-sentiment', 'dev.jsonl'));
const describeWithData = haveData ? describe : describe.skip;
const devFile = (name: string) => join(datasetsDir(), name, 'dev.jsonl');
const runCli = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', script, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });

describeWithData('the committed models on a slice of the dev files (nlp:eval)', () => {
  const report = haveData
    ? evaluateFiles([devFile('twitter-us-airline-sentiment'), devFile('sentipolc-2016'), devFile('complaints-twitter'), devFile('absita-2018')], 400)
    : null;
  const file = (name: string) => report!.files[devFile(name)];

  it('scores sentiment far above the lexicon baselines', () => {
    const airline = file('twitter-us-airline-sentiment');
    expect(airline.tasks.sentiment!.n).toBe(400);
    expect(airline.tasks.sentiment!.macroF1).toBeGreaterThan(0.8);
    expect(airline.tasks.sentiment!.macroF1).toBeGreaterThan(airline.baselines.afinn.macroF1 + 0.15);
    expect(airline.tasks.sentiment!.macroF1).toBeGreaterThan(airline.baselines.vader.macroF1 + 0.15);
    expect(file('sentipolc-2016').tasks.sentiment!.macroF1).toBeGreaterThan(0.75);
    expect(file('sentipolc-2016').sentipolc!.score).toBeGreaterThan(0.75);
  });

  it('finds complaints and tells the language', () => {
    expect(file('complaints-twitter').tasks.complaint!.macroF1).toBeGreaterThan(0.75);
    for (const name of ['twitter-us-airline-sentiment', 'sentipolc-2016', 'absita-2018']) {
      expect(file(name).tasks.language!.accuracy).toBeGreaterThanOrEqual(0.99);
    }
  });
});

describe('npm run nlp:eval -- --data FILE --json', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'nlp-eval-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores any file in the record format, with PRODUCT.md labels, as one JSON object', () => {
    // Written for this test, in PRODUCT.md's vocabulary, as exported corrections would be.
    const records = [
      { id: '1', text: 'The app has been down all day and support never answers, terrible', lang: 'en', sentiment: 'negative', intent: 'complaint', category: 'service' },
      { id: '2', text: 'Thank you so much, the new plan is great and the staff were lovely!', lang: 'en', sentiment: 'positive', intent: 'praise', category: 'marketing' },
      { id: '3', text: 'Servizio pessimo, la linea non funziona da una settimana. Vergogna', lang: 'it', sentiment: 'negative', category: 'service' },
      { id: '4', text: 'Grazie mille, tutto perfetto e velocissimo!', lang: 'it', sentiment: 'positive' },
    ];
    const path = join(dir, 'corrections.jsonl');
    writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const run = runCli('libs/nlp/training/cli/eval.ts', ['--data', path, '--json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.mode).toBe('files');
    const figures = json.files[path];
    expect(figures.records).toBe(4);
    expect(figures.sentiment).toMatchObject({ n: 4, accuracy: 1, macroF1: 1 });
    expect(figures.sentiment.perClassF1).toEqual({ negative: 1, positive: 1 });
    expect(figures.language).toMatchObject({ n: 4, accuracy: 1 });
    expect(figures.category.n).toBe(3);
    expect(figures.complaint.n).toBe(2);
    expect(Object.keys(figures.baselines)).toEqual(['afinn', 'vader']);
    expect(figures.baselines.vader.sentiment.n).toBe(2);
  }, 120_000);

  it('fails clearly on a file that is not in the record format', () => {
    const path = join(dir, 'broken.jsonl');
    writeFileSync(path, '{"id":"1","text":"ok","lang":"en"}\nnot json\n');
    const run = runCli('libs/nlp/training/cli/eval.ts', ['--data', path, '--json']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('broken.jsonl:2: not JSON');
  }, 120_000);
});

describeWithData('npm run nlp:train', () => {
  it('reproduces the committed model files byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'nlp-train-'));
    try {
      const run = runCli('libs/nlp/training/cli/train.ts', ['--out', out]);
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.status).toBe(0);
      for (const name of ['sentiment-en.json', 'sentiment-it.json', 'complaint-en.json', 'complaint-it.json', 'language-it-en.json', 'trained-with.json']) {
        const fresh = readFileSync(join(out, name), 'utf8');
        const committed = readFileSync(join(repoRoot, 'libs/nlp/models', name), 'utf8');
        // Compare sizes first so a mismatch does not print megabytes of base64.
        expect({ name, length: fresh.length }).toEqual({ name, length: committed.length });
        expect(fresh === committed).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);

  it('trains complaint-it once corrections label enough Italian intents', () => {
    const out = mkdtempSync(join(tmpdir(), 'nlp-train-'));
    try {
      // Our written care posts, in the corrections' format, stand in for the team's corrections.
      const posts = ['a', 'b', 'c', 'd'].flatMap((f) => ['--corrections', `libs/nlp/training/care-posts/care-posts-${f}.jsonl`]);
      const run = runCli('libs/nlp/training/cli/train.ts', ['--out', out, ...posts]);
      expect(run.status).toBe(0);
      const model = JSON.parse(readFileSync(join(out, 'complaint-it.json'), 'utf8'));
      expect(model).toMatchObject({ format: 'ascolto-linear-1', name: 'complaint-it', classes: ['yes', 'no'] });
      expect(model.trainedOn).toEqual([{ dataset: 'corrections', records: 194 }]);
      expect(run.stdout).toContain('wrote complaint-it.json');
      // The version a build with these models stores: mentions labelled before get re-labelled.
      const trainedWith = JSON.parse(readFileSync(join(out, 'trained-with.json'), 'utf8'));
      expect(trainedWith).toEqual({ corrections: 349, fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/) });
      expect(run.stdout).toContain(`pipeline ${RULES_VERSION}+c${trainedWith.fingerprint}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
