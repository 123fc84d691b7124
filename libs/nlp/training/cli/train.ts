import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { loadDevCorpus, loadFileCorpus, type CorpusItem } from '../corpus';
import { trainSpec } from '../cross-validate';
import { CORRECTION_WEIGHT, MODEL_SPECS, missingTrainingData } from '../model-specs';
import type { UntrainedModelFile } from '../../src/models/linear-model';
import { pipelineVersionFor, type TrainedWith } from '../../src/pipeline-version';
import { serializeLanguageModel, trainLanguageModel } from '../train-language';
import { parseTrainArgs } from './train-args';

/**
 * `npm run nlp:train [-- --corrections corrections.jsonl ...] [--out DIR]`
 *
 * Trains every shipped model from the dev files of ../shared/datasets (plus any exported
 * corrections) and writes them to libs/nlp/models. Deterministic: run it twice and `git diff` is
 * empty.
 */
const args = parseTrainArgs(process.argv.slice(2));
const outDir = resolve(args.out ?? resolve(__dirname, '../../models'));
const started = Date.now();

const corpus: CorpusItem[] = loadDevCorpus();
const corrections: CorpusItem[] = [];
for (const path of args.corrections) corrections.push(...loadFileCorpus(path, 'corrections', CORRECTION_WEIGHT));
corpus.push(...corrections);
if (corpus.length === 0) {
  console.error('no training data: put the data sets in ../shared/datasets or set ASCOLTO_DATASETS_DIR');
  process.exit(1);
}
console.log(`${corpus.length} labelled records${args.corrections.length ? ` (incl. ${args.corrections.join(', ')})` : ''}`);

const bar = new SingleBar({ format: 'training {bar} {value}/{total} models | {model}', hideCursor: true }, Presets.shades_classic);
bar.start(MODEL_SPECS.length + 1, 0, { model: 'language-it-en' });
const written: string[] = [];
const language = serializeLanguageModel(trainLanguageModel());
writeFileSync(resolve(outDir, 'language-it-en.json'), language);
written.push(`wrote language-it-en.json ${(language.length / 1024).toFixed(0)} KiB`);
for (const spec of MODEL_SPECS) {
  bar.increment(1, { model: spec.name });
  const missing = missingTrainingData(spec, corpus);
  if (missing) {
    const marker: UntrainedModelFile = { format: 'ascolto-untrained-1', name: spec.name, reason: missing };
    writeFileSync(resolve(outDir, `${spec.name}.json`), `${JSON.stringify(marker)}\n`);
    written.push(`${spec.name}.json not trained: ${missing}`);
    continue;
  }
  const file = trainSpec(spec, corpus);
  const json = `${JSON.stringify(file)}\n`;
  writeFileSync(resolve(outDir, `${spec.name}.json`), json);
  const records = file.trainedOn.reduce((sum, d) => sum + d.records, 0);
  written.push(`wrote ${spec.name}.json ${(json.length / 1024).toFixed(0)} KiB, ${records} records (${file.trainedOn.map((d) => d.dataset).join(', ')})`);
}
// The pipeline version carries a fingerprint of the corrections (src/version.ts), so that a build
// with these models re-labels what older ones labelled.
const trainedWith: TrainedWith = corrections.length
  ? { corrections: corrections.length, fingerprint: createHash('sha256').update(corrections.map((item) => JSON.stringify(item.record)).join('\n')).digest('hex').slice(0, 8) }
  : { corrections: 0 };
writeFileSync(resolve(outDir, 'trained-with.json'), `${JSON.stringify(trainedWith)}\n`);
written.push(`wrote trained-with.json: ${corrections.length} corrections, pipeline ${pipelineVersionFor(trainedWith)}`);
bar.increment(1, { model: 'done' });
bar.stop();
for (const line of written) console.log(line);
if (corrections.length) console.log('rebuild (npm run build) and restart the worker: it re-labels the indexed mentions in the background');
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
