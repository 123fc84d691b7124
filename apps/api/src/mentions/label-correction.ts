import type { CorrectableLabel, CorrectLabelsRequest, LabelExplanation, Mention } from '@ascolto/domain';
import type { LabelKind } from '@ascolto/persistence';
import type { LabelCorrectionPatch } from '@ascolto/search';

/** A request the mention's current labels make impossible (answered 400 with these messages). */
export class InvalidCorrectionError extends Error {
  override readonly name = 'InvalidCorrectionError';
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

/** One label whose value a person changed: a `label_corrections` row. */
export interface LabelChange {
  label: CorrectableLabel;
  kind: LabelKind;
  from: string | null;
  to: string | null;
}

export interface CorrectionPlan {
  patch: LabelCorrectionPatch;
  changes: LabelChange[];
}

export const KIND_OF: Record<CorrectableLabel, LabelKind> = {
  sentiment: 'sentiment',
  category: 'category',
  intent: 'intent',
  flushReason: 'flush_reason',
};

const EXPLAINED = ['sentiment', 'category', 'intent'] as const;

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
  const given = (Object.keys(request) as CorrectableLabel[]).filter((label) => request[label] !== undefined);
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
  const owned = new Set<CorrectableLabel>(given);
  if (touchesFlush) {
    owned.add('category');
    owned.add('flushReason');
  }
  const labels: LabelCorrectionPatch['labels'] = {};
  const explanations: LabelCorrectionPatch['explanations'] = {};
  const changes: LabelChange[] = [];
  for (const label of owned) {
    (labels as Record<string, unknown>)[label] = next[label];
    if (next[label] !== current[label]) changes.push({ label, kind: KIND_OF[label], from: current[label], to: next[label] });
  }
  for (const label of EXPLAINED) {
    if (given.includes(label)) explanations[label] = personExplanation(next[label], userName);
  }
  // Fixed order, so the stored list does not depend on the order of the request's fields.
  const corrected = (['sentiment', 'category', 'intent', 'flushReason'] as const).filter((label) => owned.has(label));
  return { patch: { labels, explanations, corrected }, changes };
}

function personExplanation(label: string, userName: string): LabelExplanation {
  return { label, confidence: 1, reasons: [`corrected by ${userName}`] };
}
