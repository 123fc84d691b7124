// npm run bench:nlp-stages — what each stage of the understanding pipeline costs inside it.
//
// A stage timed alone keeps its tables in the CPU caches and leaves its garbage to nobody; inside
// the pipeline it shares the caches, and its garbage brings the next young-generation collection
// closer, which copies everything the batch has produced so far. So for each stage this records
// the stage's results over the dev texts, then runs the whole pipeline with and without the stage
// (without: its recorded results replayed in call order), interleaved batch by batch so that the
// machine's drift hits both alike. The difference is the stage's marginal cost.
//
// Pinned to one core like bench:nlp. Options: --count N (dev texts, default 30000), --rounds N
// (default 3), --no-pin.
import type { RawMention } from '@ascolto/domain';
import { devTextMentions } from './support/dev-text-mentions';
import * as pipeline from '../libs/nlp/src/pipeline';
import * as htmlToText from '../libs/nlp/src/text/html-to-text';
import * as tokenize from '../libs/nlp/src/text/tokenize';
import * as detectLanguage from '../libs/nlp/src/language/detect-language';
import * as featurize from '../libs/nlp/src/features/featurize';
import * as modelSentiment from '../libs/nlp/src/sentiment/model-sentiment';
import * as classify from '../libs/nlp/src/classify/classify-mention';
import * as priority from '../libs/nlp/src/priority/compute-priority';
import * as sketch from '../libs/nlp/src/dedupe/similarity-sketch';
import { rerunPinnedToOneCore, runsPinned } from './support/pin-to-one-core';
import { mentionsProgressBar } from './support/progress';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const COUNT = option('count', 30_000);
const ROUNDS = option('rounds', 3);
const BATCH = 2_000;

rerunPinnedToOneCore();

/**
 * The stages, as the module object and export the pipeline calls. The modules are compiled to
 * CommonJS and the pipeline reads the export at each call, so swapping the export swaps the stage.
 */
type Swappable = Record<string, unknown>;
const STAGES: Array<[string, Swappable, string]> = [
  ['HTML to text', htmlToText as unknown as Swappable, 'htmlToTextWithLinks'],
  ['tokens', tokenize as unknown as Swappable, 'tokenize'],
  ['language', detectLanguage as unknown as Swappable, 'detectLanguageFromTokens'],
  ['features and lexicon', featurize as unknown as Swappable, 'featurize'],
  ['sentiment model', modelSentiment as unknown as Swappable, 'modelSentiment'],
  ['rules', classify as unknown as Swappable, 'classifyTokens'],
  ['priority', priority as unknown as Swappable, 'priorityFactorsFromTokens'],
  ['near-duplicate sketch', sketch as unknown as Swappable, 'sketchWords'],
];

// Every text at most once.
const mentions: RawMention[] = devTextMentions(COUNT, { idPrefix: 'stages', distinct: true });
if (mentions.length === 0) {
  console.log('skipped: ../shared/datasets not found');
  process.exit(0);
}
const batches: RawMention[][] = [];
for (let offset = 0; offset < mentions.length; offset += BATCH) batches.push(mentions.slice(offset, offset + BATCH));
// One clock for every run, so that replayed results (priority ages from it) match.
const now = new Date();

function cpuMicros(run: () => void): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return used.user + used.system;
}

for (const batch of batches) pipeline.runPipeline(batch, now); // warm-up
console.log(`marginal cost of each stage inside the pipeline: ${mentions.length.toLocaleString('en')} dev texts, ${ROUNDS} rounds, one core${runsPinned() ? ' (pinned)' : ''}`);
const bar = mentionsProgressBar('stages', 9);
bar.start(STAGES.length * ROUNDS * mentions.length, 0, { rate: '-' });
const rows: string[] = [];
for (const [name, module, exportName] of STAGES) {
  const real = module[exportName] as (...args: unknown[]) => unknown;
  // Record the stage's results per batch, in call order.
  const recorded: unknown[][] = batches.map((batch) => {
    const results: unknown[] = [];
    module[exportName] = (...args: unknown[]) => {
      const result = real(...args);
      results.push(result);
      return result;
    };
    pipeline.runPipeline(batch, now);
    return results;
  });
  let withStage = 0;
  let withoutStage = 0;
  for (let round = 0; round < ROUNDS; round++) {
    batches.forEach((batch, b) => {
      module[exportName] = real;
      withStage += cpuMicros(() => pipeline.runPipeline(batch, now));
      let next = 0;
      module[exportName] = () => recorded[b][next++];
      withoutStage += cpuMicros(() => pipeline.runPipeline(batch, now));
      bar.increment(batch.length);
    });
  }
  module[exportName] = real;
  const runs = ROUNDS * mentions.length;
  rows.push(`  ${name.padEnd(22)} ${((withStage - withoutStage) / runs).toFixed(1).padStart(5)} µs   (pipeline ${(withStage / runs).toFixed(1)} µs with it, ${(withoutStage / runs).toFixed(1)} without)`);
}
bar.stop();
for (const row of rows) console.log(row);
