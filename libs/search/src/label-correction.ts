import { personSentimentScore, priorityAfterRelabel, type CorrectableLabel, type CorrectLabelsRequest, type LabelExplanation, type Mention } from '@ascolto/domain';
import type { LabelCorrectionPatch } from './mention-search.service';

// How a person's correction of a mention's labels becomes a document patch and the rows of
// `label_corrections`. Pure: the API plans a correction with it, and the worker's reconciler plans
// again with the same rules when it re-applies a correction the API could not finish.

/** A request the mention's current labels make impossible (answered 400 with these messages). */
export class InvalidCorrectionError extends Error {
  override readonly name = 'InvalidCorrectionError';
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

/** `label_corrections.kind`: the label's name as PostgreSQL stores it (snake_case). */
export type CorrectionKind = 'sentiment' | 'category' | 'intent' | 'flush_reason';

/** One label whose value a person changed: a `label_corrections` row. */
export interface LabelChange {
  label: CorrectableLabel;
  kind: CorrectionKind;
  from: string | null;
  to: string | null;
  /** The pipeline's confidence in the value replaced, as the document held it (null: none). */
  confidence: number | null;
}

export interface CorrectionPlan {
  patch: LabelCorrectionPatch;
  changes: LabelChange[];
}

export const KIND_OF: Record<CorrectableLabel, CorrectionKind> = {
  sentiment: 'sentiment',
  category: 'category',
  intent: 'intent',
  flushReason: 'flush_reason',
};

/** Fixed order, so stored lists do not depend on the order of a request's fields. */
const LABEL_ORDER = ['sentiment', 'category', 'intent', 'flushReason'] as const satisfies readonly CorrectableLabel[];
const EXPLAINED = ['sentiment', 'category', 'intent'] as const;

function givenLabels(request: CorrectLabelsRequest): CorrectableLabel[] {
  return LABEL_ORDER.filter((label) => request[label] !== undefined);
}

/**
 * The labels a request makes the person's: those given, and category and flush reason together
 * when either is given (they are one decision, see `planCorrection`).
 */
export function ownedLabels(request: CorrectLabelsRequest): CorrectableLabel[] {
  const given = givenLabels(request);
  const touchesFlush = given.includes('category') || given.includes('flushReason');
  return LABEL_ORDER.filter((label) => given.includes(label) || (touchesFlush && (label === 'category' || label === 'flushReason')));
}

/**
 * `request` without the labels in `taken` (a later correction decided them). Category and flush
 * reason leave together, since one decides the other. Empty when nothing is left.
 */
export function withoutLabels(request: CorrectLabelsRequest, taken: Iterable<CorrectableLabel>): CorrectLabelsRequest {
  const drop = new Set(taken);
  if (drop.has('category') || drop.has('flushReason')) {
    drop.add('category');
    drop.add('flushReason');
  }
  const left: CorrectLabelsRequest = {};
  for (const label of givenLabels(request)) {
    if (!drop.has(label)) (left as Record<string, unknown>)[label] = request[label];
  }
  return left;
}

/**
 * What a correction does to a mention as stored. The rules for the flush reason, which belongs to
 * category `flush` only:
 * - a category other than `flush` clears the flush reason;
 * - category `flush` needs a flush reason, given now or already on a mention that was `flush`;
 * - a flush reason alone needs the mention to be `flush` already.
 * Category and flush reason are therefore one decision: touching either marks both as the
 * person's, so a re-delivery cannot pair a person's reason with the pipeline's category.
 * Every label given is the person's from now on (and gets a "corrected by" explanation), even if
 * it confirms the pipeline's value; only labels whose value changes are recorded as corrections.
 */
export function planCorrection(current: Mention, request: CorrectLabelsRequest, userName: string): CorrectionPlan {
  const given = givenLabels(request);
  if (given.length === 0) {
    throw new InvalidCorrectionError(['give at least one of sentiment, category, intent, flushReason']);
  }
  const category = request.category ?? current.category;
  let flushReason = current.flushReason;
  const touchesFlush = request.category !== undefined || request.flushReason !== undefined;
  if (touchesFlush) {
    if (category !== 'flush') {
      if (request.flushReason !== undefined) {
        throw new InvalidCorrectionError([`flushReason can be set only with category flush (the category would be ${category})`]);
      }
      flushReason = null;
    } else {
      flushReason = request.flushReason ?? (current.category === 'flush' ? current.flushReason : null);
      if (flushReason === null) throw new InvalidCorrectionError(['flushReason is required when the category becomes flush']);
    }
  }

  const next: Pick<Mention, CorrectableLabel> = {
    sentiment: request.sentiment ?? current.sentiment,
    category,
    intent: request.intent ?? current.intent,
    flushReason,
  };
  const owned = ownedLabels(request);
  const labels: LabelCorrectionPatch['labels'] = {};
  const explanations: LabelCorrectionPatch['explanations'] = {};
  const changes: LabelChange[] = [];
  for (const label of owned) {
    (labels as Record<string, unknown>)[label] = next[label];
    if (next[label] !== current[label]) {
      changes.push({ label, kind: KIND_OF[label], from: current[label], to: next[label], confidence: machineConfidence(current, label) });
    }
  }
  for (const label of EXPLAINED) {
    if (given.includes(label)) explanations[label] = personExplanation(next[label], userName);
  }
  // The priority follows the labels the mention now carries: a complaint a person takes out of
  // flush rises in the queue, a post a person flushes sinks. A sentiment the person set is certain.
  const sentimentScore = given.includes('sentiment') ? personSentimentScore(next.sentiment) : current.sentimentScore;
  const derived: LabelCorrectionPatch['derived'] = {
    priority: priorityAfterRelabel({ ...next, sentimentScore }, current.priorityFactors, current.priority),
  };
  if (given.includes('sentiment')) derived.sentimentScore = sentimentScore;
  return { patch: { labels, explanations, corrected: owned, derived }, changes };
}

/**
 * The changes to record for a correction, once written: those planned on the document actually
 * written (`written`), plus those planned when the correction was first asked for (`planned`, on
 * the document read then) whose new value the written document already held. The second kind is
 * a correction that reached Elasticsearch before PostgreSQL could record it (a crash between the
 * two): planned again it changes nothing, yet the person made it. Each label once, in a fixed order.
 */
export function changesToRecord(written: LabelChange[], planned: LabelChange[], before: Mention): LabelChange[] {
  const result = [...written];
  for (const change of planned) {
    if (result.some((c) => c.label === change.label)) continue;
    if (before[change.label] === change.to) result.push(change);
  }
  return LABEL_ORDER.flatMap((label) => result.filter((change) => change.label === label));
}

/** The pipeline's confidence in the label being replaced (the flush reason has no explanation of its own). */
function machineConfidence(mention: Mention, label: CorrectableLabel): number | null {
  if (label === 'flushReason') return null;
  return mention.explanations?.[label]?.confidence ?? null;
}

function personExplanation(label: string, userName: string): LabelExplanation {
  return { label, confidence: 1, reasons: [`corrected by ${userName}`] };
}
