import { isBrandChannel, newMentionWorkflow, priorityFrom, type Mention, type MentionAnalysis, type RawMention } from '@ascolto/domain';
import { brandComparison } from './classify/brand-comparison';
import { classifyTokens } from './classify/classify-mention';
import { openingLabel } from './classify/opening-label';
import { detectLanguageFromTokens } from './language/detect-language';
import { priorityFactorsFromTokens } from './priority/compute-priority';
import { featurize } from './features/featurize';
import { shippedModels, type PipelineModels } from './models/pipeline-models';
import { discountPositiveTone } from './sentiment/discount-positive-tone';
import { problemReportTone } from './sentiment/problem-report-tone';
import { modelSentiment } from './sentiment/model-sentiment';
import { sentimentFromRating } from './sentiment/sentiment-from-rating';
import { cleanText, htmlToTextWithLinks } from './text/html-to-text';
import { withSanePublishedAt } from './normalise/published-at';
import { sketchWords } from './dedupe/similarity-sketch';
import { tokenize } from './text/tokenize';
import { PIPELINE_VERSION } from './version';
import { handleAskedFor } from './topics/topic-accounts';
import type { TopicMatcher } from './topics/topic-document';

export interface PipelineOptions {
  /** Compiled topics of the account; a mention's `topicIds` are those whose query matches it. */
  topics?: readonly TopicMatcher[];
  /** Trained models; the committed ones unless evaluation swaps in cross-validated ones. */
  models?: PipelineModels;
}

const MAX_COMPLAINT_REASONS = 3;

/**
 * Enriches one raw mention. Pure and synchronous; never throws (a broken or hostile post gets a
 * low-confidence label instead of stopping the batch).
 */
export function analyzeMention(raw: RawMention, now: Date = new Date(), options: PipelineOptions = {}): MentionAnalysis & { topicIds: string[] } {
  try {
    return analyze(raw, now, options);
  } catch (err) {
    return fallbackAnalysis(raw, err);
  }
}

function analyze(raw: RawMention, now: Date, options: PipelineOptions): MentionAnalysis & { topicIds: string[] } {
  const { text: body, links } = htmlToTextWithLinks(typeof raw.content === 'string' ? raw.content : '');
  const title = typeof raw.title === 'string' && raw.title ? htmlToTextWithLinks(raw.title).text : '';
  const text = body || title;
  // Feed items often carry the point in the title and a teaser in the body; analyse both unless the
  // title is just the start of the body (as with social posts turned into feed items).
  const analysed = title && body && !startsWithIgnoringEllipsis(body, title) ? `${title}\n${body}` : text;

  const tokens = tokenize(analysed);
  const language = detectLanguageFromTokens(tokens);
  const models = options.models ?? shippedModels();
  const featurized = featurize(tokens, language.language);
  // Languages without a trained model (es, fr, de, pt, other) keep the lexicon score.
  const sentimentModel = models.sentiment[language.language];
  const wordSentiment = sentimentModel ? modelSentiment(featurized, sentimentModel) : featurized.lexicon;
  // A review's stars are its author's verdict: they decide the sentiment, before the rules read it.
  const rated = sentimentFromRating(wordSentiment, raw.rating);
  const complaintModel = models.complaint[language.language];
  let complaintProbability: number | undefined;
  let complaintReasons: string[] | undefined;
  if (complaintModel) {
    const prediction = complaintModel.predict(featurized.vector);
    complaintProbability = prediction.probabilities[complaintModel.classes.indexOf('yes')];
    if (complaintProbability > 0.5) complaintReasons = complaintModel.explain(featurized.vector, complaintModel.classes.indexOf('yes'), MAX_COMPLAINT_REASONS);
  }
  const topicIds: string[] = [];
  let addressedTo: string | undefined;
  let excludedByTopic = false;
  if (options.topics?.length) {
    const doc = { text, words: tokens.words, language: language.language };
    for (const topic of options.topics) {
      if (!topic.matches(doc)) continue;
      topicIds.push(topic.id);
      addressedTo ??= handleAskedFor(tokens.words, topic.handles);
    }
    // Only a post no topic takes: one topic's exclusion does not flush what another topic wants.
    if (topicIds.length === 0) excludedByTopic = options.topics.some((topic) => topic.excludes?.(doc) === true);
  }
  const classification = classifyTokens(tokens, language.language, rated ?? wordSentiment, {
    links,
    complaintProbability,
    complaintReasons,
    rating: raw.rating,
    addressedTo,
    // Collectors set it; a stored or imported document may carry anything.
    brandChannel: isBrandChannel(raw.brandChannel) ? raw.brandChannel : undefined,
    // Names need their capitals, which the tokens no longer have; only a post that asks is read.
    comparison: tokens.questionMarks > 0 ? brandComparison(analysed) : null,
    excludedByTopic,
    // Only a post with no handle and no question can be read as a feed (`automatedPost`): the others
    // need no label, and most posts are spared reading the text once more.
    openingLabel: tokens.mentions === 0 && tokens.questionMarks === 0 ? openingLabel(analysed) : null,
    topicMatched: options.topics?.length ? topicIds.length > 0 : undefined,
  });
  const toned = discountPositiveTone(wordSentiment, classification.toneDiscount);
  // Only where a sentiment model read the post: the lexicon of a language without one is no model's "neutral".
  const sentiment = rated ?? problemReportTone(toned, classification.intent, sentimentModel !== undefined && complaintModel === undefined);
  const priorityFactors = priorityFactorsFromTokens({ publishedAt: raw.publishedAt, now, followers: raw.author?.followers }, tokens);
  const priority = priorityFrom(
    { sentiment: sentiment.sentiment, sentimentScore: sentiment.score, intent: classification.intent, category: classification.category },
    priorityFactors,
  );
  const sketch = sketchWords(tokens.words);
  return {
    topicIds,
    text,
    language: language.language,
    sentiment: sentiment.sentiment,
    sentimentScore: sentiment.score,
    category: classification.category,
    intent: classification.intent,
    flushReason: classification.flushReason,
    priority,
    priorityFactors,
    explanations: {
      language: { label: language.label, confidence: language.confidence, reasons: language.reasons },
      sentiment: { label: sentiment.sentiment, confidence: sentiment.confidence, reasons: sentiment.reasons },
      category: classification.explanations.category,
      intent: classification.explanations.intent,
    },
    pipelineVersion: PIPELINE_VERSION,
    // Fingerprint for near-duplicate grouping, from the same tokens (no second scan of the text).
    simhash: sketch.simhash,
    similarityKeys: sketch.keys,
  };
}

function startsWithIgnoringEllipsis(body: string, title: string): boolean {
  const head = title.replace(/(\u2026|\.\.\.)$/, '').trimEnd().toLowerCase();
  if (!head) return true;
  return body.slice(0, head.length).toLowerCase() === head;
}

function fallbackAnalysis(raw: RawMention, err: unknown): MentionAnalysis & { topicIds: string[] } {
  const reason = `pipeline error: ${err instanceof Error ? err.message.slice(0, 120) : 'unknown'}`;
  let text: string;
  try {
    text = cleanText(String(raw?.content ?? ''));
  } catch {
    text = '';
  }
  const low = (label: string) => ({ label, confidence: 0, reasons: [reason] });
  return {
    topicIds: [],
    text,
    language: 'other',
    sentiment: 'neutral',
    sentimentScore: 0,
    // Kept in the service queue: a person should look at what the machine could not read.
    category: 'service',
    intent: 'other',
    flushReason: null,
    // Fixed, not from factors: nothing was measured. A later relabel keeps it (capped if flushed).
    priority: 30,
    priorityFactors: null,
    explanations: { language: low('other'), sentiment: low('neutral'), category: low('service'), intent: low('other') },
    pipelineVersion: PIPELINE_VERSION,
    simhash: null,
    similarityKeys: [],
  };
}

const MAX_FOLLOWERS = 1e12;

function saneFollowers(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_FOLLOWERS ? value : null;
}

/** The document to index: raw fields, analysis, and the workflow state of a new mention. */
export function toMention(raw: RawMention, analysis: MentionAnalysis & { topicIds?: string[] }): Mention {
  const followers = raw.author?.followers;
  return {
    ...raw,
    // A follower count Elasticsearch's long cannot hold (or a negative or fractional one) is noise.
    ...(followers !== undefined && raw.author ? { author: { ...raw.author, followers: saneFollowers(followers) } } : {}),
    ...analysis,
    ...newMentionWorkflow(),
    // Grouping needs other mentions; the worker's near-duplicate stage sets it.
    duplicateOf: null,
    topicIds: analysis.topicIds ?? [],
  };
}

/**
 * Analyses a batch with one clock, so every mention of a batch ages from the same instant. Every
 * mention first gets a trustworthy publication date (see `sanePublishedAt`).
 */
export function runPipeline(batch: RawMention[], now: Date = new Date(), options: PipelineOptions = {}): Mention[] {
  const out: Mention[] = new Array(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const raw = withSanePublishedAt(batch[i]);
    out[i] = toMention(raw, analyzeMention(raw, now, options));
  }
  return out;
}
