import { FEATURE_SET_VERSION } from '../../src/features/extract-features';
import { LinearModel } from '../../src/models/linear-model';
import { shippedModels, type PipelineModels } from '../../src/models/pipeline-models';
import { loadFileCorpus, type CorpusItem } from '../corpus';
import { trainSpec } from '../cross-validate';
import { analyseItems } from '../evaluate';
import { FOLDS } from '../folds';
import { TASK_CLASSES } from '../label-mapping';
import { scoreTask } from '../metrics';
import { CORRECTION_WEIGHT, MODEL_SPECS } from '../model-specs';
import { carePostTopics, WRITTEN_CARE_POSTS } from './written-care-posts';

/**
 * What the team's Italian corrections are worth for complaints, which no data set labels in
 * Italian: our written Italian care posts stand in for corrections (weight CORRECTION_WEIGHT).
 * For each of FOLDS folds (the data sets' folds, by text), `complaint-it` is trained on the first N
 * posts of the other folds, and the whole pipeline reads the held-out fold with it; N = 0 is the
 * rules alone, as shipped. Ignores `minimum`: the point is to see where the model starts to help.
 * The posts are one author's, so the model meets their style again in the held-out fold: read the
 * figures as an upper bound of what as many corrections from a real team would give.
 */
export interface ItalianComplaintsRun {
  corrections: number;
  posts: number;
  complaintF1: number;
  intentAccuracy: number;
  categoryAccuracy: number;
}

export const ITALIAN_CORRECTION_STEPS = [0, 50, 100, Infinity] as const;

/** The written Italian posts that carry `task`'s label, as corrections, with their folds. */
function writtenItalianPosts(task: 'complaint' | 'sentiment'): CorpusItem[] {
  return WRITTEN_CARE_POSTS.flatMap(({ name, path }) => loadFileCorpus(path, name, CORRECTION_WEIGHT)).filter(
    (item) => item.language === 'it' && item.labels[task] !== undefined,
  );
}

export function italianComplaintsExperiment(): ItalianComplaintsRun[] {
  const spec = MODEL_SPECS.find((s) => s.name === 'complaint-it')!;
  const posts = writtenItalianPosts('complaint');
  const shipped = shippedModels();
  const topics = carePostTopics();
  const runs: ItalianComplaintsRun[] = [];
  for (const step of ITALIAN_CORRECTION_STEPS) {
    const gold = { complaint: [] as string[], intent: [] as string[], category: [] as string[] };
    const predicted = { complaint: [] as string[], intent: [] as string[], category: [] as string[] };
    let used = 0;
    for (let fold = 0; fold < FOLDS; fold++) {
      const test = posts.filter((item) => item.fold === fold);
      const training = posts.filter((item) => item.fold !== fold).slice(0, step);
      used = Math.max(used, training.length);
      // The shipped models, with an Italian complaint model trained on `training` where there is one.
      const { it: _withoutItalian, ...others } = shipped.complaint;
      const models: PipelineModels = training.length
        ? { sentiment: shipped.sentiment, complaint: { ...others, it: new LinearModel(trainSpec(spec, training), FEATURE_SET_VERSION) } }
        : { sentiment: shipped.sentiment, complaint: others };
      const analyses = analyseItems(test, () => models, topics);
      test.forEach((item, i) => {
        gold.complaint.push(item.labels.complaint!);
        predicted.complaint.push(analyses[i].intent === 'complaint' || analyses[i].intent === 'incident' ? 'yes' : 'no');
        gold.intent.push(item.labels.intent!);
        predicted.intent.push(analyses[i].intent);
        gold.category.push(item.labels.category!);
        predicted.category.push(analyses[i].category);
      });
    }
    runs.push({
      corrections: used,
      posts: gold.intent.length,
      complaintF1: scoreTask(gold.complaint, predicted.complaint, TASK_CLASSES.complaint).perClassF1.yes,
      intentAccuracy: scoreTask(gold.intent, predicted.intent, TASK_CLASSES.intent).accuracy,
      categoryAccuracy: scoreTask(gold.category, predicted.category, TASK_CLASSES.category).accuracy,
    });
  }
  return runs;
}

export interface ItalianSentimentRun {
  corrections: number;
  posts: number;
  accuracy: number;
  macroF1: number;
}

/**
 * The same for sentiment, whose Italian model learned from political tweets and hotel reviews:
 * `sentiment-it` is trained on every Italian dev record plus the first N written posts of the other
 * folds, and the whole pipeline reads the held-out fold with it (N = 0: the shipped model).
 */
export function italianSentimentExperiment(devCorpus: readonly CorpusItem[]): ItalianSentimentRun[] {
  const spec = MODEL_SPECS.find((s) => s.name === 'sentiment-it')!;
  const posts = writtenItalianPosts('sentiment');
  const dev = devCorpus.filter((item) => spec.trainsOn(item));
  const shipped = shippedModels();
  const topics = carePostTopics();
  const runs: ItalianSentimentRun[] = [];
  for (const step of ITALIAN_CORRECTION_STEPS) {
    const gold: string[] = [];
    const predicted: string[] = [];
    let used = 0;
    for (let fold = 0; fold < FOLDS; fold++) {
      const test = posts.filter((item) => item.fold === fold);
      const corrections = posts.filter((item) => item.fold !== fold).slice(0, step);
      used = Math.max(used, corrections.length);
      const sentimentIt = corrections.length ? new LinearModel(trainSpec(spec, [...dev, ...corrections]), FEATURE_SET_VERSION) : shipped.sentiment.it!;
      const models: PipelineModels = { sentiment: { ...shipped.sentiment, it: sentimentIt }, complaint: shipped.complaint };
      const analyses = analyseItems(test, () => models, topics);
      test.forEach((item, i) => {
        gold.push(item.labels.sentiment!);
        predicted.push(analyses[i].sentiment);
      });
    }
    const scores = scoreTask(gold, predicted, TASK_CLASSES.sentiment);
    runs.push({ corrections: used, posts: gold.length, accuracy: scores.accuracy, macroF1: scores.macroF1 });
  }
  return runs;
}
