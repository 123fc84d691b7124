import { basename, dirname } from 'node:path';
import type { MentionAnalysis } from '@ascolto/domain';
import { shippedModels, type PipelineModels } from '../src/models/pipeline-models';
import type { TopicMatcher } from '../src/topics/topic-document';
import { lexiconBaselines } from './baselines';
import { loadDevCorpus, loadFileCorpus, type CorpusItem } from './corpus';
import { CORRECTION_STEPS, correctionsExperiment, type CorrectionsRun } from './corrections-experiment';
import { crossValidatedModels } from './cross-validate';
import { listDatasets } from './datasets';
import {
  italianComplaintsExperiment,
  italianSentimentExperiment,
  type ItalianComplaintsRun,
  type ItalianSentimentRun,
} from './care-posts/italian-corrections-experiment';
import { evaluateWrittenCarePosts } from './care-posts/written-care-posts';
import { analyseItems, evaluateFile, type FileEvaluation } from './evaluate';
import { crossValidatedPredictions } from './evaluate-language';
import { FOLDS } from './folds';
import { MODEL_SPECS, missingTrainingData } from './model-specs';

export interface EvaluationReport {
  mode: 'cross-validation' | 'files';
  files: Record<string, FileEvaluation>;
  corrections?: CorrectionsRun[];
  /** Care posts written by us (care-posts/), scored with the committed models. */
  written?: Record<string, FileEvaluation>;
  /** The written Italian posts as corrections that train `complaint-it`, and `sentiment-it`. */
  italianComplaints?: ItalianComplaintsRun[];
  italianSentiment?: ItalianSentimentRun[];
}

export interface Progress {
  start(total: number, label: string): void;
  tick(label: string): void;
  stop(): void;
}

export const SILENT: Progress = { start() {}, tick() {}, stop() {} };

/**
 * The name a file is reported under: its folder when that is a data set's folder (so that
 * `.../twitter-us-airline-sentiment/holdout.jsonl` gets that set's label mapping), else the file name.
 */
export function datasetNameOf(path: string, known: readonly string[] = listDatasets()): string {
  const folder = basename(dirname(path));
  return known.includes(folder) ? folder : basename(path);
}

function groupByDataset(items: readonly CorpusItem[]): Map<string, CorpusItem[]> {
  const groups = new Map<string, CorpusItem[]>();
  for (const item of items) {
    const list = groups.get(item.dataset);
    if (list) list.push(item);
    else groups.set(item.dataset, [item]);
  }
  return groups;
}

/** Scores JSONL files with the committed models (no training); `onFile` sees each file's analyses. */
export function evaluateFiles(
  paths: readonly string[],
  limit?: number,
  progress: Progress = SILENT,
  onFile?: (path: string, items: readonly CorpusItem[], analyses: readonly MentionAnalysis[]) => void,
  topics: readonly TopicMatcher[] = [],
): EvaluationReport {
  const baselines = lexiconBaselines();
  const files: EvaluationReport['files'] = {};
  progress.start(paths.length, 'scoring');
  for (const path of paths) {
    const name = datasetNameOf(path);
    const items = loadFileCorpus(path, name).slice(0, limit);
    const models = shippedModels();
    const analyses = analyseItems(items, () => models, topics);
    files[path] = evaluateFile(items, analyses, baselines);
    onFile?.(path, items, analyses);
    progress.tick(name);
  }
  progress.stop();
  return { mode: 'files', files };
}

/**
 * Cross-validation on the dev sets: every record is analysed by the whole pipeline with models that
 * did not train on it (or on any copy of its text), and language by a detector trained on the other
 * folds. Then the corrections experiment.
 */
export function crossValidateDevSets(limit?: number, progress: Progress = SILENT): EvaluationReport {
  const corpus = loadDevCorpus();
  const sliced = limit ? [...groupByDataset(corpus).values()].flatMap((items) => items.slice(0, limit)) : corpus;
  progress.start(MODEL_SPECS.length * FOLDS + 2 + CORRECTION_STEPS, 'cross-validation');

  const perFold: PipelineModels[] = Array.from({ length: FOLDS }, () => ({ sentiment: {}, complaint: {} }));
  for (const spec of MODEL_SPECS) {
    if (missingTrainingData(spec, corpus)) {
      // Nothing in the dev files trains it (complaint-it: only corrections do); the rules stand in.
      for (let fold = 0; fold < FOLDS; fold++) progress.tick(`${spec.name} not trained`);
      continue;
    }
    const models = crossValidatedModels(spec, corpus);
    models.forEach((model, fold) => {
      const slot = spec.task === 'sentiment' ? perFold[fold].sentiment : perFold[fold].complaint;
      slot[spec.language] = model;
      progress.tick(`${spec.name} fold ${fold + 1}`);
    });
  }
  const analyses: MentionAnalysis[] = analyseItems(sliced, (item) => perFold[item.fold]);
  progress.tick('pipeline');
  const languages = crossValidatedPredictions(sliced.map((item) => ({ text: item.record.text, lang: item.record.lang, dataset: item.dataset })));
  progress.tick('language');

  const baselines = lexiconBaselines();
  const files: EvaluationReport['files'] = {};
  const indexOf = new Map(sliced.map((item, i) => [item, i]));
  for (const [dataset, items] of groupByDataset(sliced)) {
    const at = items.map((item) => indexOf.get(item)!);
    files[dataset] = evaluateFile(
      items,
      at.map((i) => analyses[i]),
      baselines,
      at.map((i) => languages[i]),
    );
  }
  const corrections = correctionsExperiment(corpus, () => progress.tick('corrections'));
  const written = evaluateWrittenCarePosts();
  const italianComplaints = italianComplaintsExperiment();
  const italianSentiment = italianSentimentExperiment(corpus);
  progress.stop();
  return { mode: 'cross-validation', files, corrections, written, italianComplaints, italianSentiment };
}

/** The JSON the CLI prints with --json: per file, task → figures. */
export function toJson(report: EvaluationReport): unknown {
  const files: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(report.files)) {
    const tasks: Record<string, unknown> = {};
    for (const [task, s] of Object.entries(file.tasks)) tasks[task] = { accuracy: s.accuracy, macroF1: s.macroF1, perClassF1: s.perClassF1, n: s.n, confusion: s.confusion };
    if (file.sentipolc) tasks.sentipolcPolarity = file.sentipolc;
    const baselines: Record<string, unknown> = {};
    for (const [b, s] of Object.entries(file.baselines)) baselines[b] = { sentiment: { accuracy: s.accuracy, macroF1: s.macroF1, perClassF1: s.perClassF1, n: s.n } };
    files[name] = { records: file.records, ...tasks, baselines };
  }
  const written: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(report.written ?? {})) {
    const tasks: Record<string, unknown> = {};
    for (const [task, s] of Object.entries(file.tasks)) tasks[task] = { accuracy: s.accuracy, macroF1: s.macroF1, perClassF1: s.perClassF1, n: s.n };
    written[name] = { records: file.records, ...tasks };
  }
  return {
    mode: report.mode,
    files,
    ...(report.corrections ? { corrections: report.corrections } : {}),
    ...(report.written ? { written } : {}),
    ...(report.italianComplaints ? { italianComplaints: report.italianComplaints } : {}),
    ...(report.italianSentiment ? { italianSentiment: report.italianSentiment } : {}),
  };
}
