import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { LinearModelFile, UntrainedModelFile } from '../../src/models/linear-model';
import { createTopicMatcher } from '../../src/topics/compile-topic-query';
import { MODEL_SPECS } from '../model-specs';
import { renderReport } from '../quality-report';
import { listMisses, renderMisses } from '../misses';
import { crossValidateDevSets, evaluateFiles, toJson, type Progress } from '../run-evaluation';
import { parseEvalArgs } from './eval-args';

/**
 * `npm run nlp:eval [-- --data PATH ...] [--json] [--limit N] [--no-write]`
 *
 * Without --data: cross-validates the whole pipeline on every dev set, prints the figures next to
 * the AFINN and VADER baselines, and writes docs/quality.md. With --data: scores those JSONL files
 * (the data sets' record format) with the committed models, without retraining.
 * --json prints the figures as one JSON object on stdout (progress goes to stderr). With --data,
 * --topic QUERY (repeatable) reads the files as a team with those topics would (a post written to an
 * account a topic names counts as such), and --misses lists every wrong label with its reasons.
 */
function progressBar(): Progress {
  const bar = new SingleBar({ format: '{bar} {value}/{total} | {step}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  return {
    start: (total, label) => bar.start(total, 0, { step: label }),
    tick: (label) => bar.increment(1, { step: label }),
    stop: () => bar.stop(),
  };
}

let args;
try {
  args = parseEvalArgs(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const started = Date.now();
let topics;
try {
  topics = args.topics.map((query, i) => createTopicMatcher({ id: `topic-${i + 1}`, query }));
} catch (err) {
  console.error(`--topic: ${(err as Error).message}`);
  process.exit(2);
}
const listings: string[] = [];
const report = args.data.length
  ? evaluateFiles(
      args.data,
      args.limit,
      progressBar(),
      (path, items, analyses) => {
        if (args.misses) listings.push(renderMisses(path, listMisses(items, analyses)));
      },
      topics,
    )
  : crossValidateDevSets(args.limit, progressBar());
if (Object.keys(report.files).length === 0) {
  console.error('nothing to evaluate: no data sets in ../shared/datasets (set ASCOLTO_DATASETS_DIR) and no --data');
  process.exit(1);
}
const command = `npm run nlp:eval${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const modelsDir = resolve(__dirname, '../../models');
const models: Array<LinearModelFile | UntrainedModelFile> = MODEL_SPECS.map((spec) => JSON.parse(readFileSync(resolve(modelsDir, `${spec.name}.json`), 'utf8')));
const markdown = renderReport(report, command, models, modelsDir);
if (args.json) process.stdout.write(`${JSON.stringify(toJson(report))}\n`);
else process.stdout.write(markdown);
for (const listing of listings) process.stdout.write(`\n${listing}`);
if (args.write) {
  const target = resolve(__dirname, '../../../../docs/quality.md');
  writeFileSync(target, markdown);
  console.error(`wrote ${target}`);
}
console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
