import type { Intent } from '@ascolto/domain';
import type { SentimentResult } from './score-sentiment';

/** The score a problem report read as neutral gets: negative, as weak as the threshold allows. */
export const PROBLEM_REPORT_SCORE = -0.35;
/**
 * Above this confidence the model's neutral stands: news and headlines ("Governo, Monti: risolvere i
 * nostri problemi" + a link) are neutral with confidence, and the care rules misread their words.
 */
export const CONFIDENT_NEUTRAL = 0.7;
/**
 * Below this confidence a positive reading of a problem report is not the model's verdict but its
 * guess from unrelated words ("…la stazione è vuota. Terza volta questa settimana" read positive
 * from "stazione"): the named problem decides (docs/decisions.md, `linear-12`).
 */
export const UNSURE_POSITIVE = 0.5;

/**
 * "Treno in ritardo di 90 minuti e nessun annuncio": a complaint or an outage, told in plain words,
 * is negative towards the brand. Where a language's complaints are found by the care rules alone
 * (no complaint model: Italian until the team's corrections train one), its sentiment model learned
 * from political tweets and hotel reviews and has met no care post, so its "neutral" on one means
 * it knows none of the words; the named problem then decides. Only a neutral reading, or a positive
 * one the model is unsure of, changes: a model that found a tone with confidence keeps it. Where a complaint model exists (English), the model learned
 * from care tweets whose annotators often label a plain problem report neutral, and this does not
 * apply (docs/decisions.md, `linear-10`: doing it there lowered every English set).
 */
export function problemReportTone(sentiment: SentimentResult, intent: Intent, rulesAlone: boolean): SentimentResult {
  if (!rulesAlone || (intent !== 'complaint' && intent !== 'incident')) return sentiment;
  let reason: string;
  if (sentiment.sentiment === 'neutral' && sentiment.confidence < CONFIDENT_NEUTRAL) {
    reason = 'a problem report in plain words: negative towards the brand (the model read neutral)';
  } else if (sentiment.sentiment === 'positive' && sentiment.confidence < UNSURE_POSITIVE) {
    reason = 'a problem report in plain words: negative towards the brand (the model read positive, unsure)';
  } else {
    return sentiment;
  }
  return { ...sentiment, sentiment: 'negative', score: Math.min(sentiment.score, PROBLEM_REPORT_SCORE), reasons: [reason, ...sentiment.reasons] };
}
