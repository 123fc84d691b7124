import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { LinearModelFile, UntrainedModelFile } from '../../src/models/linear-model';
import { MODEL_SPECS } from '../model-specs';
import { renderReport } from '../quality-report';
import { crossValidateDevSets, evaluateFiles, toJson, type Progress } from '../run-evaluation';
import { parseEvalArgs } from './eval-args';

/**
 * `npm run nlp:eval [-- --data PATH ...] [--json] [--limit N] [--no-write]`
 *
 * Without --data: cross-validates the whole pipeline on every dev set, prints the figures next to
 * the AFINN and VADER baselines, and writes docs/quality.md. With --data: scores those JSONL files
 * (the data sets' record format) with the committed models, without retraining.
 * --json prints the figures as one JSON object on stdout (progress goes to stderr).
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
const report = args.data.length ? evaluateFiles(args.data, args.limit, progressBar()) : crossValidateDevSets(args.limit, progressBar());
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
if (args.write) {
  const target = resolve(__dirname, '../../../../docs/quality.md');
  writeFileSync(target, markdown);
  console.error(`wrote ${target}`);
}
console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
