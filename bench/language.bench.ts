// npm run bench:language — language detection: accuracy per dev data set and speed, ours against
// eld, tinyld and franc-min, in one run on the same texts.
//
// Accuracy of ours is 5-fold cross-validated: for each fold the it/en model is trained by the same
// code that trains the committed model (libs/nlp/training/train-language.ts) on the other four
// folds, and the held-out fold is scored. Folds are assigned by a hash of the normalised text, so
// retweets, copies and the umsab-italian tweets that also sit in sentipolc-2016 never straddle
// train and test. The third-party detectors are used as shipped, with default options; their codes
// are mapped onto ours (it, en, es, fr, de, pt; anything else, and "no answer", is `other`).
//
// Three accuracy columns per data set, all against the set's `lang` label:
//   all       every dev record;
//   words     records with at least one word to judge (not only links, handles, numbers, emoji);
//   audited   of those, records whose label eld and franc-min do not both contradict with the same
//             language (a tweet both call Japanese or Spanish is taken to be mislabelled). The
//             audit uses the third-party detectors only, never ours.
// Speed: texts per CPU-second of this single-threaded process (pinned to one core with taskset when
// available), best of several passes over all dev texts after a warm-up pass. CPU time rather than
// wall time because the machine is shared: neighbours stretch the wall clock, much less the CPU
// time we get. Ours both from the raw text and from tokens (the pipeline tokenises once for every
// stage, so the second is what ingest pays).
//
// Options: --folds N (default 5), --passes N (speed passes, default 3).
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { detectLanguage, detectLanguageFromTokens } from '../libs/nlp/src/language/detect-language';
import { tokenize } from '../libs/nlp/src/text/tokenize';
import { listDatasets, readDataset } from '../libs/nlp/training/datasets';
import { crossValidatedPredictions, scorePredictions, type LanguageRecord } from '../libs/nlp/training/evaluate-language';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const FOLDS = option('folds', 5);
const PASSES = option('passes', 3);
const OURS = new Set(['it', 'en', 'es', 'fr', 'de', 'pt']);
const ISO3: Record<string, string> = { ita: 'it', eng: 'en', spa: 'es', fra: 'fr', deu: 'de', por: 'pt' };

type Detect = (text: string) => string;

async function thirdParty(): Promise<Record<string, Detect>> {
  // ESM-only packages: a dynamic import from this CommonJS script.
  const { eld } = (await import('eld/medium')) as { eld: { detect(text: string): { language: string } } };
  const tinyld = (await import('tinyld')) as { detect(text: string): string };
  const { franc } = (await import('franc-min')) as { franc(text: string): string };
  const toOurs = (code: string) => (OURS.has(code) ? code : 'other');
  return {
    eld: (text) => toOurs(eld.detect(text).language),
    tinyld: (text) => toOurs(tinyld.detect(text)),
    'franc-min': (text) => toOurs(ISO3[franc(text)] ?? 'other'),
  };
}

function pinToOneCore(): string {
  try {
    execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return 'pinned to core 1';
  } catch {
    return 'not pinned (taskset unavailable)';
  }
}

function perCpuSecond<T>(items: readonly T[], run: (item: T) => unknown): number {
  for (const item of items) run(item); // warm-up: JIT, lazy tables
  let best = 0;
  for (let p = 0; p < PASSES; p++) {
    const start = process.cpuUsage();
    for (const item of items) run(item);
    const used = process.cpuUsage(start);
    best = Math.max(best, items.length / ((used.user + used.system) / 1e6));
  }
  return best;
}

function pct(correct: number, total: number): string {
  return total ? ((100 * correct) / total).toFixed(1) : '–';
}

async function main(): Promise<void> {
  const names = listDatasets();
  if (names.length === 0) throw new Error('no data sets found (ASCOLTO_DATASETS_DIR or ../shared/datasets)');
  const records: LanguageRecord[] = [];
  for (const name of names) for (const r of readDataset(name)) records.push({ dataset: name, text: r.text, lang: r.lang });
  console.log(`${records.length} dev records in ${names.length} data sets; ${pinToOneCore()}\n`);

  const others = await thirdParty();
  const predictions: Record<string, string[]> = {};
  const started = Date.now();
  predictions.ours = crossValidatedPredictions(records, FOLDS);
  const cv = scorePredictions(records, predictions.ours);
  console.log(`cross-validation (${FOLDS} folds, ${FOLDS} trainings) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [name, detect] of Object.entries(others)) predictions[name] = records.map((r) => detect(r.text));

  const hasWords = records.map((r) => detectLanguage(r.text).reasons[0]?.startsWith('no words') !== true);
  const mislabelled = records.map((_, i) => predictions.eld[i] === predictions['franc-min'][i] && predictions.eld[i] !== records[i].lang && predictions.eld[i] !== 'other' ? true : isForeignScript(records[i].text));

  const detectors = ['ours', ...Object.keys(others)];
  const header = ['data set', 'n', ...detectors.flatMap((d) => [`${d} all`, `${d} words`, `${d} audited`])];
  const rows: string[][] = [];
  for (const name of names) {
    const idx = records.map((r, i) => (r.dataset === name ? i : -1)).filter((i) => i >= 0);
    const row = [name, String(idx.length)];
    for (const d of detectors) {
      const ok = (i: number) => predictions[d][i] === records[i].lang;
      const withWords = idx.filter((i) => hasWords[i]);
      const audited = withWords.filter((i) => !mislabelled[i]);
      row.push(pct(idx.filter(ok).length, idx.length), pct(withWords.filter(ok).length, withWords.length), pct(audited.filter(ok).length, audited.length));
    }
    rows.push(row);
  }
  console.log('\nAccuracy (%), ours cross-validated:\n');
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);

  console.log('\nOurs, what the held-out records were called (label → prediction: count):');
  for (const [name, score] of Object.entries(cv)) {
    const cells = Object.entries(score.confusion).flatMap(([gold, row]) =>
      Object.entries(row)
        .sort((a, b) => b[1] - a[1])
        .map(([p, n]) => `${gold}→${p}: ${n}`),
    );
    console.log(`  ${name}: ${cells.join(', ')}`);
  }
  const excluded = names.map((name) => {
    const idx = records.map((r, i) => (r.dataset === name ? i : -1)).filter((i) => i >= 0);
    return `${name} ${idx.filter((i) => !hasWords[i]).length} without words, ${idx.filter((i) => hasWords[i] && mislabelled[i]).length} audited out`;
  });
  console.log(`\nExcluded from the subset columns: ${excluded.join('; ')}`);

  const texts = records.map((r) => r.text);
  const tokens = texts.map((t) => tokenize(t));
  console.log(`\nSpeed (texts per CPU-second, one core, best of ${PASSES} passes over all dev texts; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}):`);
  const speed: [string, number][] = [
    ['ours, from text (tokenize + detect)', perCpuSecond(texts, (t) => detectLanguage(t))],
    ['ours, from tokens (what the pipeline pays)', perCpuSecond(tokens, (t) => detectLanguageFromTokens(t))],
    ...Object.entries(others).map(([name, detect]): [string, number] => [name, perCpuSecond(texts, detect)]),
  ];
  for (const [name, rate] of speed) console.log(`  ${name.padEnd(44)} ${Math.round(rate).toLocaleString('en')}/s  (${(1e6 / rate).toFixed(2)} µs/text)`);
}

/** Mostly non-Latin letters: certainly neither Italian nor English, whatever the label says. */
function isForeignScript(text: string): boolean {
  const letters = text.replace(/https?:\/\/\S+|@\w+/g, '').match(/\p{L}/gu) ?? [];
  const nonLatin = letters.filter((c) => !/\p{Script=Latin}/u.test(c)).length;
  return letters.length > 0 && nonLatin / letters.length > 0.5;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
