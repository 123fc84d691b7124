import { CORRECTABLE_LABELS, priorityAfterRelabel, type CorrectableLabel, type Mention, type MentionAnalysis, type PriorityLabels, type RawMention } from '@ascolto/domain';
import { labelsWithKept } from './kept-labels';

// How a mention already indexed is brought up to the current pipeline (`npm run reanalyse`). Pure:
// the worker runs the pipeline on what `reanalysisInput` gives it, and `planReanalysis` turns the
// new analysis and the stored document into the partial update to write.

/** The pipeline's output for one mention, as `analyzeMention` returns it. */
export type ReanalysisResult = MentionAnalysis & { topicIds: string[] };

/** What re-analysis replaces (when nothing below says otherwise). */
export const REANALYSED_FIELDS = [
  'text',
  'language',
  'sentiment',
  'sentimentScore',
  'category',
  'intent',
  'flushReason',
  'priority',
  'priorityFactors',
  'explanations',
  'pipelineVersion',
  'simhash',
  'similarityKeys',
  'topicIds',
] as const satisfies readonly (keyof ReanalysisResult)[];

/**
 * The stored fields re-analysis reads: the raw fields the pipeline looks at, and those deciding
 * what may be replaced. Everything comes from Elasticsearch as stored, so any may be missing or
 * malformed on an old or broken document.
 */
export const REANALYSIS_SOURCE_FIELDS = [
  'id',
  'sourceType',
  'sourceId',
  'sourceKey',
  'externalId',
  'title',
  'content',
  'author',
  'publishedAt',
  'collectedAt',
  // A review's stars decide its sentiment (libs/nlp sentiment-from-rating.ts).
  'rating',
  // A post written to the brand (a private message, a comment on its Page) is not flushed for want of cues.
  'brandChannel',
  'pipelineVersion',
  'correctedLabels',
  'duplicateOf',
  // A head's category before the run: one leaving `service` may leave service members behind.
  // With the other labels, the values a person's correction (or a group's flush) keeps, from which
  // the priority is recomputed.
  'category',
  'sentiment',
  'sentimentScore',
  'intent',
] as const;

export type ReanalysisStored = Partial<Pick<Mention, (typeof REANALYSIS_SOURCE_FIELDS)[number]>>;

/** The partial update of one mention: some of the analysis fields, never anything else. */
export type ReanalysisPatch = Partial<Pick<Mention, (typeof REANALYSED_FIELDS)[number]>> & {
  explanations?: Partial<Mention['explanations']>;
};

function validDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * The raw mention the pipeline re-reads, and the instant it counts as "now".
 *
 * "Now" is the mention's `collectedAt`: ingest analysed it with the clock of its collection, so
 * the priority's recency term is computed as it was then, and a mention re-analysed today does not
 * rank below a fresh one only because the re-analysis happened later. A document without a valid
 * `collectedAt` falls back to its publication date (the earliest it can have been collected),
 * then to `clock` (this run's start). The pipeline itself sanitises the rest (missing content,
 * impossible dates): it never throws, and answers with low-confidence labels when it cannot read.
 */
export function reanalysisInput(stored: ReanalysisStored, clock: Date): { raw: RawMention; now: Date } {
  const now = validDate(stored.collectedAt) ?? validDate(stored.publishedAt) ?? clock;
  const raw = {
    id: stored.id,
    sourceType: stored.sourceType,
    sourceId: stored.sourceId,
    sourceKey: stored.sourceKey,
    externalId: stored.externalId,
    url: null,
    title: stored.title ?? null,
    content: stored.content,
    author: stored.author,
    publishedAt: stored.publishedAt,
    collectedAt: stored.collectedAt,
    rating: stored.rating ?? null,
    brandChannel: stored.brandChannel ?? null,
  } as RawMention;
  return { raw, now };
}

/** The labels a person corrected on this document (unknown values ignored). */
export function correctedLabelsOf(stored: Pick<ReanalysisStored, 'correctedLabels'>): CorrectableLabel[] {
  const listed = Array.isArray(stored.correctedLabels) ? stored.correctedLabels : [];
  return CORRECTABLE_LABELS.filter((label) => listed.includes(label));
}

/**
 * The partial update that brings a stored mention to `analysis`, or null when the document already
 * carries this pipeline's version (another run, or a re-delivery, got there first).
 *
 * Replaced: the analysis fields (`REANALYSED_FIELDS`). Kept, by leaving them out of the update:
 * - the labels a person corrected (`correctedLabels`) and their explanations;
 * - for a near-duplicate member (`duplicateOf` set), the grouping: category `flush`, flush reason
 *   `duplicate` and the category explanation the grouper wrote. Groups are not recomputed here.
 * A kept sentiment keeps its score too, and the priority is computed from the labels the document
 * keeps, not the pipeline's, so a re-analysis does not move a corrected mention in the queue.
 * Workflow, raw fields (content, dates, author, `deletedAtSource`), `duplicateOf` and
 * `correctedLabels` are never in the update. `explanations` is merged key by key by Elasticsearch
 * (an object in a partial update), so an explanation left out stays as stored.
 */
export function planReanalysis(analysis: ReanalysisResult, stored: ReanalysisStored): ReanalysisPatch | null {
  if (stored.pipelineVersion === analysis.pipelineVersion) return null;
  const patch: Record<string, unknown> = {};
  for (const field of REANALYSED_FIELDS) patch[field] = analysis[field];
  const explanations: Record<string, unknown> = { ...analysis.explanations };
  const kept = keptLabels(stored);
  for (const label of kept) {
    delete patch[label];
    delete explanations[label];
  }
  // A person's sentiment keeps its score; the priority is the one the labels kept imply.
  if (kept.has('sentiment')) delete patch.sentimentScore;
  patch.priority = priorityAfterRelabel(labelsAfterReanalysis(analysis, stored), analysis.priorityFactors, analysis.priority);
  patch.explanations = explanations;
  return patch as ReanalysisPatch;
}

/** The labels re-analysis leaves as stored: a person's corrections, and a group member's flush. */
function keptLabels(stored: ReanalysisStored): Set<string> {
  const kept = new Set<string>(correctedLabelsOf(stored));
  if (typeof stored.duplicateOf === 'string' && stored.duplicateOf !== '') {
    kept.add('category');
    kept.add('flushReason');
  }
  return kept;
}

/**
 * The labels the priority depends on, as the mention carries them after re-analysis: the new
 * analysis, except where `planReanalysis` keeps the stored value (a stored value that is not a
 * valid label counts as absent, and the analysis decides).
 */
export function labelsAfterReanalysis(analysis: ReanalysisResult, stored: ReanalysisStored): PriorityLabels {
  return labelsWithKept(analysis, stored, keptLabels(stored));
}
