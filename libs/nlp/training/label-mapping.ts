import { CATEGORIES, FLUSH_REASONS, INTENTS, SENTIMENTS } from '@ascolto/domain';
import type { DatasetRecord } from './datasets';

/**
 * The one place where the data sets' own labels become PRODUCT.md's tasks. A record can carry
 * PRODUCT.md's labels directly (`sentiment`, `category`, `intent`, `flushReason`, as corrections
 * exported from the dashboard do); otherwise these mappings apply:
 *
 * | data set | own label | task label |
 * |---|---|---|
 * | any | `sentiment` negative/neutral/positive | sentiment (null = mixed or can't tell: not scored) |
 * | complaints-twitter | `complaint: true` | complaint = yes, intent = complaint, category = service |
 * | complaints-twitter | `complaint: false` | complaint = no (intent and category unknown: a non-complaint to a brand can be a question or praise) |
 * | complaints-twitter | `domain: random_tweet / random_reply`, not a complaint | category = flush (not addressed to a brand: the closest proxy to noise, see the data sets' README) |
 * | twitter-us-airline-sentiment | negative with a `negativeReason` other than "Can't Tell" | complaint = yes, intent = complaint, category = service |
 * | twitter-us-airline-sentiment | positive | complaint = no |
 * | twcs-brand-topics (inbound) | "Bad Support" | complaint = yes, intent = complaint, category = service |
 * | twcs-brand-topics (inbound) | "Service Praise" | complaint = no, intent = praise, category = marketing |
 * | twcs-brand-topics (inbound) | any other support topic (Delivery, Refund, Battery…) | category = service |
 * | sentipolc-2016 | `overallPositive`, `overallNegative` | the two polarity flags of the official SENTIPOLC score |
 * | any | `intent` (PRODUCT.md's, e.g. a correction) | complaint = yes for complaint or incident, else no |
 * | any | `lang` | language |
 *
 * Airline neutral tweets and "Can't Tell" negatives are left out of the complaint task: many are
 * questions or sarcasm whose complaint status the crowd did not judge.
 */

export const TASKS = ['sentiment', 'complaint', 'category', 'intent', 'flushReason', 'language', 'positiveFlag', 'negativeFlag'] as const;
export type Task = (typeof TASKS)[number];

export const TASK_CLASSES: Record<Task, readonly string[]> = {
  sentiment: SENTIMENTS,
  complaint: ['yes', 'no'],
  category: CATEGORIES,
  intent: INTENTS,
  flushReason: FLUSH_REASONS,
  language: ['it', 'en', 'es', 'fr', 'de', 'pt', 'other'],
  positiveFlag: ['yes', 'no'],
  negativeFlag: ['yes', 'no'],
};

export type TaskLabels = Partial<Record<Task, string>>;

function inVocabulary(value: unknown, vocabulary: readonly string[]): value is string {
  return typeof value === 'string' && vocabulary.includes(value);
}

export function labelsOf(record: DatasetRecord, dataset: string): TaskLabels {
  const labels: TaskLabels = {};
  if (inVocabulary(record.sentiment, SENTIMENTS)) labels.sentiment = record.sentiment;
  if (inVocabulary(record.category, CATEGORIES)) labels.category = record.category;
  if (inVocabulary(record.intent, INTENTS)) labels.intent = record.intent;
  if (inVocabulary(record.flushReason, FLUSH_REASONS)) labels.flushReason = record.flushReason;
  if (typeof record.lang === 'string' && record.lang) labels.language = record.lang;
  // A corrected intent says whether the post is a complaint, so it also trains complaint detection.
  if (labels.intent !== undefined) labels.complaint = labels.intent === 'complaint' || labels.intent === 'incident' ? 'yes' : 'no';

  if (dataset === 'complaints-twitter' && typeof record.complaint === 'boolean') {
    labels.complaint = record.complaint ? 'yes' : 'no';
    if (record.complaint) {
      labels.intent ??= 'complaint';
      labels.category ??= 'service';
    } else if (record.domain === 'random_tweet' || record.domain === 'random_reply') {
      labels.category ??= 'flush';
    }
  }
  if (dataset === 'twitter-us-airline-sentiment') {
    const reason = record.negativeReason;
    if (record.sentiment === 'negative' && typeof reason === 'string' && reason !== "Can't Tell") {
      labels.complaint = 'yes';
      labels.intent ??= 'complaint';
      labels.category ??= 'service';
    } else if (record.sentiment === 'positive') {
      labels.complaint = 'no';
    }
  }
  if (dataset === 'twcs-brand-topics' && record.direction === 'inbound' && Array.isArray(record.labels)) {
    const topics = record.labels as string[];
    if (topics.includes('Bad Support')) {
      labels.complaint = 'yes';
      labels.intent ??= 'complaint';
      labels.category ??= 'service';
    } else if (topics.includes('Service Praise')) {
      labels.complaint = 'no';
      labels.intent ??= 'praise';
      labels.category ??= 'marketing';
    } else if (topics.length > 0) {
      labels.category ??= 'service';
    }
  }
  if (dataset === 'sentipolc-2016' && typeof record.overallPositive === 'boolean' && typeof record.overallNegative === 'boolean') {
    labels.positiveFlag = record.overallPositive ? 'yes' : 'no';
    labels.negativeFlag = record.overallNegative ? 'yes' : 'no';
  }
  return labels;
}
