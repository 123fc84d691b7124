import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serializeLanguageModel, trainLanguageModel } from '../train-language';

/**
 * Writes libs/nlp/models/language-it-en.json from the dev data sets (or to the path given as the
 * first argument). Run with:
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register libs/nlp/training/cli/train-language.ts
 */
const target = resolve(process.argv[2] ?? resolve(__dirname, '../../models/language-it-en.json'));
const started = Date.now();
const file = trainLanguageModel();
const json = serializeLanguageModel(file);
writeFileSync(target, json);
console.log(
  `wrote ${target}: ${file.count} weights, ${(json.length / 1024).toFixed(0)} KiB, ` +
    `trained on ${file.training.records.it} it + ${file.training.records.en} en records in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
