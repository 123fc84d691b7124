import type { Category, Intent, Sentiment } from './taxonomy';

// A mention's priority (0–100) orders the inbox: the first post a care agent should read scores
// highest. It has two parts. What the post is (its sentiment, intent and category) can change
// after ingest: a person corrects a label, the grouper flushes a copy as a duplicate, a re-analysis
// keeps a person's label over the pipeline's. What the post says and who wrote it (urgency words,
// the author's audience, its age when collected) cannot. libs/nlp measures the second part once,
// at analysis, and stores it on the mention as `priorityFactors`; whoever changes a label later
// recomputes the priority here from the labels the mention now carries, so a complaint a person
// un-flushes rises in the queue and a post flushed as a duplicate sinks, with the same weights.

/**
 * All priority weights in one place, built as:
 *
 *   base + intent + category + negativity × |score| (negative posts only) + urgency words (capped)
 *   + reach (authors with an audience: `reachPerDecade` points per tenfold followers above
 *     `reachFrom`, at most `reachMax`; sources that do not report followers add nothing)
 *   then multiplied by an age factor (halves every `ageHalfLifeHours`, never below `ageFloor`)
 *   and capped at `flushCeiling` for flushed posts.
 */
export const PRIORITY_WEIGHTS = {
  base: 10,
  intent: { incident: 35, complaint: 25, question: 15, suggestion: 5, praise: 0, other: 0 } satisfies Record<Intent, number>,
  category: { service: 10, marketing: 0, flush: 0 } satisfies Record<Category, number>,
  /** Added as `negativity × |sentimentScore|` when the sentiment is negative. */
  negativity: 20,
  /** Points per urgency word, up to `urgencyMaxWords` words. */
  urgencyPerWord: 6,
  urgencyMaxWords: 3,
  /** Words and phrases; the duration phrases also match a counted duration ("da 3 giorni", libs/nlp durations.ts). */
  urgencyWords: [
    'urgente', 'urgenza', 'subito', 'immediatamente', 'ancora', 'di nuovo', 'ennesima', 'da ore', 'da giorni', 'da settimane', 'da mesi', 'da ieri', 'da stamattina', 'bloccato',
    'bloccata', 'emergenza', 'lavoro', 'smart working', 'anziano', 'anziana', 'ospedale', 'disdetta', 'avvocato', 'denuncia',
    'agcom', 'urgent', 'asap', 'immediately', 'again', 'still', 'emergency', 'for hours', 'for days', 'for weeks', 'for months', 'since yesterday', 'since this morning', 'lawyer', 'cancel', 'hospital',
    'work from home',
  ],
  /** 1,000 followers → 5, 10,000 → 10, 100,000 or more → 15. */
  reachFrom: 100,
  reachPerDecade: 5,
  reachMax: 15,
  ageHalfLifeHours: 24,
  ageFloor: 0.35,
  /** Flushed posts never rise above this, however negative. */
  flushCeiling: 5,
} as const;

/** The part of a priority no label changes, as measured when the mention was analysed. */
export interface PriorityFactors {
  /** Urgency words found, already capped at `urgencyMaxWords`. */
  urgencyWords: number;
  /** Points for the author's audience (`reachPoints`). */
  reach: number;
  /** The age multiplier at collection time, in [`ageFloor`, 1]. */
  age: number;
}

/** The labels a priority depends on. */
export interface PriorityLabels {
  sentiment: Sentiment;
  sentimentScore: number;
  intent: Intent;
  category: Category;
}

/** 0–100 for these labels and factors; see PRIORITY_WEIGHTS. */
export function priorityFrom(labels: PriorityLabels, factors: PriorityFactors): number {
  const w = PRIORITY_WEIGHTS;
  let score = w.base + (w.intent[labels.intent] ?? 0) + (w.category[labels.category] ?? 0);
  if (labels.sentiment === 'negative' && Number.isFinite(labels.sentimentScore)) {
    score += w.negativity * Math.min(1, Math.abs(labels.sentimentScore));
  }
  score += w.urgencyPerWord * Math.min(w.urgencyMaxWords, factors.urgencyWords);
  score += factors.reach;
  score *= factors.age;
  if (labels.category === 'flush') score = Math.min(score, w.flushCeiling);
  return Math.max(0, Math.min(100, Math.round(score)));
}

/** Points for the author's audience (see PRIORITY_WEIGHTS); 0 when unknown or implausible. */
export function reachPoints(followers: number | null | undefined): number {
  const w = PRIORITY_WEIGHTS;
  if (typeof followers !== 'number' || !Number.isFinite(followers) || followers <= w.reachFrom) return 0;
  return Math.min(w.reachMax, w.reachPerDecade * Math.log10(followers / w.reachFrom));
}

/** The age multiplier of a post published `ageHours` before it was analysed (unknown age: 1). */
export function ageFactor(ageHours: number): number {
  const w = PRIORITY_WEIGHTS;
  const hours = Number.isFinite(ageHours) ? Math.max(0, ageHours) : 0;
  return Math.max(w.ageFloor, Math.pow(0.5, hours / w.ageHalfLifeHours));
}

/**
 * Stored factors as a mention document holds them, or null when missing or malformed (a document
 * from before factors were stored, or one the pipeline could not read): its priority then stays
 * as stored, only capped when the mention is flushed (see `priorityAfterRelabel`).
 */
export function readPriorityFactors(value: unknown): PriorityFactors | null {
  if (value === null || typeof value !== 'object') return null;
  const { urgencyWords, reach, age } = value as Record<string, unknown>;
  const w = PRIORITY_WEIGHTS;
  if (typeof urgencyWords !== 'number' || !Number.isInteger(urgencyWords) || urgencyWords < 0 || urgencyWords > w.urgencyMaxWords) return null;
  if (typeof reach !== 'number' || !Number.isFinite(reach) || reach < 0 || reach > w.reachMax) return null;
  if (typeof age !== 'number' || !Number.isFinite(age) || age < w.ageFloor || age > 1) return null;
  return { urgencyWords, reach, age };
}

/**
 * The priority of a mention whose labels changed after analysis (a person's correction, a
 * duplicate flushed, a group left): recomputed from its stored factors; without usable factors
 * the stored priority stays, capped at `flushCeiling` if the mention is now flushed.
 */
export function priorityAfterRelabel(labels: PriorityLabels, factors: unknown, storedPriority: unknown): number {
  const read = readPriorityFactors(factors);
  if (read) return priorityFrom(labels, read);
  const stored = typeof storedPriority === 'number' && Number.isFinite(storedPriority) ? Math.max(0, Math.min(100, Math.round(storedPriority))) : 0;
  return labels.category === 'flush' ? Math.min(stored, PRIORITY_WEIGHTS.flushCeiling) : stored;
}

/**
 * The sentiment score that goes with a sentiment a person set. The pipeline's score is
 * P(positive) − P(negative); a person's label is certain (confidence 1), so it is −1, 0 or 1.
 * Without this a post a person called negative could keep the model's positive score, and the
 * negativity term of its priority would count a doubt the person removed.
 */
export function personSentimentScore(sentiment: Sentiment): number {
  return sentiment === 'negative' ? -1 : sentiment === 'positive' ? 1 : 0;
}

/** One addend of a priority, before the age multiplier. */
export type PriorityPartKind = 'base' | 'intent' | 'category' | 'negativity' | 'urgency' | 'reach';

/** A priority taken apart, to show people why a mention sits where it does in the queue. */
export interface PriorityBreakdown {
  /** The addends that count (base always; the others only when they add points), in formula order. */
  parts: Array<{ kind: PriorityPartKind; points: number }>;
  /** The age multiplier applied to their sum. */
  age: number;
  /** Urgency words counted (for the wording; their points are in `parts`). */
  urgencyWords: number;
  /** The sum was cut to the flush ceiling because the mention is flushed. */
  flushCapped: boolean;
  /** The priority itself, as `priorityFrom` computes it. */
  total: number;
}

/** `priorityFrom`, part by part (the same weights; `total` is `priorityFrom`'s result). */
export function priorityBreakdown(labels: PriorityLabels, factors: PriorityFactors): PriorityBreakdown {
  const w = PRIORITY_WEIGHTS;
  const negativity =
    labels.sentiment === 'negative' && Number.isFinite(labels.sentimentScore) ? w.negativity * Math.min(1, Math.abs(labels.sentimentScore)) : 0;
  const all: Array<{ kind: PriorityPartKind; points: number }> = [
    { kind: 'base', points: w.base },
    { kind: 'intent', points: w.intent[labels.intent] ?? 0 },
    { kind: 'category', points: w.category[labels.category] ?? 0 },
    { kind: 'negativity', points: negativity },
    { kind: 'urgency', points: w.urgencyPerWord * Math.min(w.urgencyMaxWords, factors.urgencyWords) },
    { kind: 'reach', points: factors.reach },
  ];
  const parts = all.filter((part) => part.kind === 'base' || part.points > 0);
  const sum = parts.reduce((total, part) => total + part.points, 0);
  return {
    parts,
    age: factors.age,
    urgencyWords: Math.min(w.urgencyMaxWords, factors.urgencyWords),
    flushCapped: labels.category === 'flush' && sum * factors.age > w.flushCeiling,
    total: priorityFrom(labels, factors),
  };
}
