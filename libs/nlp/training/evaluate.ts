import { isBrandChannel, type MentionAnalysis, type RawMention } from '@ascolto/domain';
import { analyzeMention } from '../src/pipeline';
import type { PipelineModels } from '../src/models/pipeline-models';
import type { TopicMatcher } from '../src/topics/topic-document';
import type { CorpusItem } from './corpus';
import { TASK_CLASSES, type Task } from './label-mapping';
import { scoreTask, sentipolcPolarityScore, type TaskScores } from './metrics';

/** Figures for one evaluated file (or data set). */
export interface FileEvaluation {
  records: number;
  tasks: Partial<Record<Task, TaskScores>>;
  /** SENTIPOLC's official polarity score, where the records carry its two flags. */
  sentipolc?: { score: number; positiveF: number; negativeF: number; n: number };
  /** Lexicon baselines on the same records' sentiment. */
  baselines: Record<string, TaskScores>;
}

const EVAL_NOW = new Date('2026-01-01T00:00:00Z');

function asRawMention(item: CorpusItem): RawMention {
  return {
    id: `eval-${item.record.id}`,
    sourceType: 'rss',
    sourceId: 'eval',
    sourceKey: item.dataset,
    externalId: item.record.id,
    url: null,
    title: null,
    content: item.record.text,
    author: { name: '', handle: null, url: null },
    publishedAt: EVAL_NOW.toISOString(),
    collectedAt: EVAL_NOW.toISOString(),
    // A labelled file may say how each post reached the brand, as a collector would (our written
    // posts do; the data sets do not, so they are read as listening finds them).
    brandChannel: isBrandChannel(item.record.brandChannel) ? item.record.brandChannel : null,
  };
}

/**
 * Runs the whole pipeline on each item; `modelsFor` picks the models (per fold in cross-validation).
 * `topics` are the topics a team listening to these posts would have set up; the data sets are
 * scored without any (none of them says which accounts its posts were written to).
 */
export function analyseItems(
  items: readonly CorpusItem[],
  modelsFor: (item: CorpusItem) => PipelineModels | undefined,
  topics?: readonly TopicMatcher[],
): MentionAnalysis[] {
  return items.map((item) => analyzeMention(asRawMention(item), EVAL_NOW, { models: modelsFor(item), topics }));
}

/** What the pipeline's output says for each task (the inverse of label-mapping.ts). */
export function predictedLabel(task: Task, analysis: MentionAnalysis): string | undefined {
  switch (task) {
    case 'sentiment':
      return analysis.sentiment;
    case 'complaint':
      // An incident report ("down again for everyone") is a complaint too.
      return analysis.intent === 'complaint' || analysis.intent === 'incident' ? 'yes' : 'no';
    case 'category':
      return analysis.category;
    case 'intent':
      return analysis.intent;
    case 'flushReason':
      return analysis.flushReason ?? 'none';
    case 'language':
      return analysis.language;
    case 'positiveFlag':
      return analysis.sentiment === 'positive' ? 'yes' : 'no';
    case 'negativeFlag':
      return analysis.sentiment === 'negative' ? 'yes' : 'no';
  }
}

const SCORED_TASKS: readonly Task[] = ['sentiment', 'complaint', 'category', 'intent', 'flushReason', 'language'];

export function evaluateFile(
  items: readonly CorpusItem[],
  analyses: readonly MentionAnalysis[],
  baselines: Record<string, (item: CorpusItem) => string | null> = {},
  languageOverride?: readonly string[],
): FileEvaluation {
  const tasks: FileEvaluation['tasks'] = {};
  for (const task of SCORED_TASKS) {
    const gold: string[] = [];
    const predicted: string[] = [];
    items.forEach((item, i) => {
      const label = item.labels[task];
      if (label === undefined) return;
      gold.push(label);
      predicted.push(task === 'language' && languageOverride ? languageOverride[i] : predictedLabel(task, analyses[i])!);
    });
    if (gold.length) tasks[task] = scoreTask(gold, predicted, TASK_CLASSES[task]);
  }

  const flagged = items.map((item, i) => ({ item, i })).filter(({ item }) => item.labels.positiveFlag !== undefined);
  const sentipolc = flagged.length
    ? {
        ...sentipolcPolarityScore(
          flagged.map(({ item }) => ({ positive: item.labels.positiveFlag === 'yes', negative: item.labels.negativeFlag === 'yes' })),
          flagged.map(({ i }) => ({ positive: analyses[i].sentiment === 'positive', negative: analyses[i].sentiment === 'negative' })),
        ),
        n: flagged.length,
      }
    : undefined;

  const scoredBaselines: Record<string, TaskScores> = {};
  for (const [name, predict] of Object.entries(baselines)) {
    const gold: string[] = [];
    const predicted: string[] = [];
    for (const item of items) {
      if (item.labels.sentiment === undefined) continue;
      const p = predict(item);
      if (p === null) continue;
      gold.push(item.labels.sentiment);
      predicted.push(p);
    }
    if (gold.length) scoredBaselines[name] = scoreTask(gold, predicted, TASK_CLASSES.sentiment);
  }
  return { records: items.length, tasks, sentipolc, baselines: scoredBaselines };
}
