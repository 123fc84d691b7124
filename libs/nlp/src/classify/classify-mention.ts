import type { BrandChannel, Category, FlushReason, Intent, LabelExplanation, Language, Sentiment } from '@ascolto/domain';
import { collapseDurations } from '../text/durations';
import type { BrandComparison } from './brand-comparison';
import { openingLabel } from './opening-label';
import type { ToneDiscount } from '../sentiment/discount-positive-tone';
import { NEGATORS } from '../sentiment/sentiment-lexicon';
import { SENTENCE_BREAK, tokenize, type Tokens } from '../text/tokenize';
import {
  ACKNOWLEDGMENT_MAX_WORDS,
  ACKNOWLEDGMENT_WORDS,
  ACTION_WORDS,
  AREA_CUES,
  CLOSING_QUESTION_MAX_WORDS,
  COMPLAINT_NEEDS_PROBLEM,
  CONTRAST_WORDS,
  DISCLOSED_SPAM_ALLOWANCE,
  DISCLOSURES,
  DOWN_FOLLOWERS,
  EYE_ROLL_EMOJI,
  FOLLOWER_SALE_WORDS,
  HYPOTHETICAL_BEFORE_PRAISE,
  HASHTAG_CUES,
  INCIDENT_NEEDS_PROBLEM,
  INTENT_PRECEDENCE,
  KEYWORDS,
  LATE_AFTER,
  LATE_UNITS,
  LATE_WINDOW,
  NEGATABLE_COMPLAINT_CUES,
  NEGATED_PRAISE_AS_COMPLAINT,
  NEGATABLE_PROBLEM_CUES,
  NEGATION_BRIDGES,
  NOT_OUTAGE_BEFORE_DOWN,
  OUTAGE_CUES,
  PERSON_WORDS,
  AUTOMATION_LABEL_WORDS,
  BULLETIN_LABEL_WORDS,
  QUOTED_MESSAGE_LABEL_WORDS,
  STAMP_WORDS,
  CALL_TO_ACTION_CARE_CUES,
  ACTED_ON_CLITICS,
  ACTED_ON_AUXILIARIES,
  ACTED_ON_ADVERBS,
  ACTED_ON_VERBS,
  IRREGULAR_PARTICIPLES,
  PARTICIPLE_ENDINGS,
  FRIEND_QUESTION_WORDS,
  ACTED_ON_OBJECT_PRONOUNS,
  PRIZE_WORDS,
  PROMISE_WORDS,
  POLITE_THANKS,
  PROBLEM_NEGATION_BRIDGES,
  REPEATED_PROBLEM_AFTER,
  REPEATED_PROBLEM_BEFORE,
  REPEATED_PROBLEM_COMPLAINT,
  REPEATED_PROBLEM_WINDOW,
  RESOLVED,
  REQUEST_WORDS,
  RHETORICAL_QUESTION_CUES,
  SARCASTIC_LOVE,
  SARCASTIC_PRAISE_COMPLAINT,
  SARCASTIC_THANKS,
  SARCASTIC_THANKS_FOR,
  SHARED_PROBLEM_CUES,
  STRUCTURE,
  THANKED_FOR,
  TRAILING_CONTRAST_WORDS,
  THRESHOLDS,
  type Signal,
} from './classify-rules';

export interface ClassificationResult {
  category: Category;
  intent: Intent;
  flushReason: FlushReason | null;
  explanations: { category: LabelExplanation; intent: LabelExplanation };
  /** Positive wording the rules read as sarcasm or as politeness after a problem (discount-positive-tone.ts). */
  toneDiscount: ToneDiscount | null;
}

/** Extra evidence the caller may have that the plain text lost (links hidden behind anchor text). */
export interface ClassificationSignals {
  links?: number;
  /** Probability from the trained complaint model, where one exists for the language. */
  complaintProbability?: number;
  /** The words that drove the complaint model, for the explanation. */
  complaintReasons?: string[];
  /** A review's star rating, 1–5, where the source gives one. */
  rating?: number | null;
  /**
   * The brand account the post is written to: a handle that a topic matching the post asks for
   * (`TopicMatcher.handles`), as the post spells it. Unknown without topics (evaluation on the data sets).
   */
  addressedTo?: string;
  /**
   * The source says the post was written to the brand (`RawMention.brandChannel`): a private
   * message, a comment on its Page, a tag of its account. Such a post is neither a keyword
   * collision nor something to flush for want of known words.
   */
  brandChannel?: BrandChannel;
  /** Two names the post's question sets side by side (`brandComparison`, which reads the text). */
  comparison?: BrandComparison | null;
  /**
   * A topic's own exclusions turned the post away and no topic took it (`TopicMatcher.excludes`):
   * a keyword collision the team has named ("apple NOT fruit"), flushed as `off_topic`.
   */
  excludedByTopic?: boolean;
  /**
   * Whether a topic of the account takes the post; undefined when there are no topics to ask (an
   * account without any, or the data sets). A post no topic takes came from a source's wider net
   * (a hashtag, a subreddit's new posts): a question or praise in it that names nothing the team
   * follows is small talk, not a customer's (`isSmallTalk`).
   */
  topicMatched?: boolean;
  /** The words of the label the post opens with ("Weather bot:", "[Avviso automatico]"; `openingLabel`, which reads the text). */
  openingLabel?: readonly string[] | null;
}

/**
 * A flushed post with no customer intent, and the one reason that decided it. A new object each
 * time: results are stored, and later stages may add to their reasons.
 */
function flushed(flushReason: FlushReason, reason: string, confidence: number, intentConfidence = confidence): ClassificationResult {
  return {
    category: 'flush',
    intent: 'other',
    flushReason,
    toneDiscount: null,
    explanations: {
      category: { label: 'flush', confidence, reasons: [reason] },
      intent: { label: 'other', confidence: intentConfidence, reasons: [`${flushReason}: no customer intent`] },
    },
  };
}

/** The labels of a post a topic's exclusions turned away: the team's own rule, so confident. */
function offTopic(): ClassificationResult {
  return flushed('off_topic', "excluded by a topic's own rule (NOT)", 0.9);
}

interface CompiledRule {
  pattern: string;
  /** The pattern as a reason (`"rimborso"`), built once: reasons outlive the batch, so every copy would cost. */
  quoted: string;
  signal: Signal;
  weight: number;
  lang: Language | null;
  /** Words after the first; a word ending in `*` is a prefix. */
  words: Array<{ text: string; prefix: boolean }>;
  /** The `matchStamp` of the last post this rule matched in. */
  stamp: number;
  /** Its place in the tables: matches at one word are kept in this order, as reasons are listed. */
  order: number;
}

/**
 * The rules that start with one exact word. Those whose second word is exact too are found by it
 * (`bySecond`): "non" starts some 75 rules, and each "non" of a post would otherwise try them all.
 */
interface FirstWordRules {
  any: CompiledRule[];
  bySecond: Map<string, CompiledRule[]>;
}

const SIGNALS: Signal[] = ['complaint', 'incident', 'question', 'praise', 'suggestion', 'service', 'marketing', 'spam', 'bot'];
const PREFIX_KEY = 3;
const MAX_WORD_REASONS = 4;

/**
 * First word (exact) → its rules, those with an exact second word keyed by it (FirstWordRules); first
 * word of prefix rules, by its first 3 characters packed into a number (no substring allocation per
 * word on the hot path) → rules.
 */
const exactIndex = new Map<string, FirstWordRules>();
const prefixIndex = new Map<number, CompiledRule[]>();

/**
 * The first 3 characters, 10 bits each: a small integer, which V8 hashes without allocating (a key
 * above 2^31 would be a heap number per look-up). Characters beyond U+03FF can collide; harmless,
 * because every candidate rule is checked against the word itself.
 */
function prefixKey(word: string): number {
  return ((word.charCodeAt(0) & 0x3ff) << 20) | ((word.charCodeAt(1) & 0x3ff) << 10) | (word.charCodeAt(2) & 0x3ff);
}

let ruleCount = 0;
for (const signal of SIGNALS) {
  for (const [rawPattern, weight] of Object.entries(KEYWORDS[signal])) {
    let pattern = rawPattern;
    let lang: Language | null = null;
    if (pattern.startsWith('it:') || pattern.startsWith('en:')) {
      lang = pattern.slice(0, 2) as Language;
      pattern = pattern.slice(3);
    }
    const words: CompiledRule['words'] = [];
    for (const part of pattern.split(' ')) {
      const prefix = part.endsWith('*');
      const base = prefix ? part.slice(0, -1) : part;
      // Patterns go through the same tokenizer as posts, so elisions and hyphens split the same way.
      const pieces = part.startsWith('#') ? [base] : [...tokenize(base).words];
      pieces.forEach((text, k) => words.push({ text, prefix: prefix && k === pieces.length - 1 }));
    }
    if (words.length === 0) continue;
    const shown = rawPattern.replace(/^(it|en):/, '');
    const rule: CompiledRule = { pattern: shown, quoted: `"${shown}"`, signal, weight, lang, words, stamp: 0, order: ruleCount++ };
    const first = words[0];
    if (first.prefix) {
      if (first.text.length < PREFIX_KEY) throw new Error(`Prefix rule too short: ${rawPattern}`);
      push(prefixIndex, prefixKey(first.text), rule);
    } else {
      let rules = exactIndex.get(first.text);
      if (!rules) exactIndex.set(first.text, (rules = { any: [], bySecond: new Map() }));
      const second = words[1];
      if (second && !second.prefix) push(rules.bySecond, second.text, rule);
      else rules.any.push(rule);
    }
  }
}

function push<K>(map: Map<K, CompiledRule[]>, key: K, rule: CompiledRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

type Scores = Record<Signal, number>;
type Evidence = Record<Signal, string[]>;

/**
 * Category, intent and flush reason from documented keyword rules (classify-rules.ts), structural
 * signals (links, hashtags, caps, repeated characters, question marks) and the sentiment. Every
 * decision comes with a confidence and the words or rules that made it.
 */
export function classifyMention(
  text: string,
  language: Language,
  sentiment: { sentiment: Sentiment; score: number },
  signals: ClassificationSignals = {},
): ClassificationResult {
  const label = signals.openingLabel === undefined ? openingLabel(text) : signals.openingLabel;
  return classifyTokens(tokenize(text), language, sentiment, { ...signals, openingLabel: label });
}

export function classifyTokens(
  tokens: Tokens,
  language: Language,
  sentiment: { sentiment: Sentiment; score: number },
  signals: ClassificationSignals = {},
): ClassificationResult {
  // A keyword collision needs a keyword search: a private message or a comment on the brand's Page
  // was written to the brand, whatever a topic's NOT says about its words.
  if (signals.excludedByTopic && !signals.brandChannel) return offTopic();
  if (signals.brandChannel === 'direct_message' && onlyAcknowledges(tokens)) return acknowledgment();
  const scores: Scores = { complaint: 0, incident: 0, question: 0, praise: 0, suggestion: 0, service: 0, marketing: 0, spam: 0, bot: 0 };
  const evidence: Evidence = { complaint: [], incident: [], question: [], praise: [], suggestion: [], service: [], marketing: [], spam: [], bot: [] };
  const conditionalIncident: string[] = [];
  let conditionalIncidentScore = 0;
  const conditionalComplaint: string[] = [];
  let conditionalComplaintScore = 0;

  // "da 3 giorni" counts as the listed "da giorni" (durations.ts).
  const words = collapseDurations(tokens.words);
  const matched = matchKeywords(words, language);
  // "Bella app, ma si blocca sempre": the point of the post comes after the contrast. When a problem
  // is named after it, the praise before it counts a quarter (STRUCTURE.praiseBeforeContrast) and a
  // positive sentiment (mostly the praise) does not count as praise at all.
  let contrast = contrastIndex(words);
  let problemAfterContrast = false;
  if (contrast > 0) {
    for (let m = 0; m < matched && !problemAfterContrast; m++) {
      const signal = MATCHED[m].signal;
      problemAfterContrast = (signal === 'complaint' || signal === 'incident') && MATCHED_AT[m] > contrast;
    }
  }
  if (!problemAfterContrast) {
    // "…my internet is still down though": the problem before a closing contrast word is the point.
    const point = problemBeforeTrailingContrast(words, matched);
    if (point > 0) {
      contrast = point;
      problemAfterContrast = true;
    }
  }
  // "Great job, another outage", "thanks for ignoring my tweets": praise around a problem named as
  // one more of the same, or thanks for harm done, is sarcasm.
  const sarcasm =
    repeatedProblem(words, matched) ??
    sarcasticPraise(words, matched, sentiment) ??
    eyeRoll(tokens, words, matched) ??
    closingPraiseWord(words, matched, signals.complaintProbability);
  // "Day 3 without wifi. Thanks": thanks after a problem are politeness (POLITE_THANKS).
  const polite = !sarcasm && politeThanks(words, matched, tokens.questionMarks, signals.complaintProbability);
  let sarcasmNoted = false;
  let sharedProblemAsked = false;
  let areaProblem = false;
  let rhetorical = false;
  // "Vela down?", "Is Vela down in London? Nothing works": an outage named (OUTAGE_CUES), and asked about.
  let outageNamed = false;
  let politeNoted = false;
  let disclosure: CompiledRule | null = null;
  // A review of one or two stars praises nothing: "Great update, thanks. Now I have to log in every time".
  const rating = signals.rating;
  const lowRating = typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= STRUCTURE.praiseMaxLowRating ? rating : 0;
  let lowRatingNoted = false;
  // Praise said in words (not the sentiment's share of `scores.praise`): see `unsaid` below.
  let praiseCues = 0;
  for (let m = 0; m < matched; m++) {
    const rule = MATCHED[m];
    if (lowRating && rule.signal === 'praise') {
      if (!lowRatingNoted) evidence.complaint.push(`${rule.quoted} in a ${lowRating}-star review: not praise`);
      lowRatingNoted = true;
      continue;
    }
    if (polite && rule.signal === 'praise' && POLITE_THANKS.has(rule.pattern)) {
      // Said where the complaint's reasons are read: the thanks were seen, and not taken as praise.
      if (!politeNoted) evidence.complaint.push(`${rule.quoted} after a problem: politeness, not praise`);
      politeNoted = true;
      continue;
    }
    // "Hands down", "you let me down", "my car broke down": not the outage sense of "down".
    if (rule.pattern === 'down' && MATCHED_AT[m] > 0 && NOT_OUTAGE_BEFORE_DOWN.has(words[MATCHED_AT[m] - 1])) continue;
    if (rule.signal === 'incident' && OUTAGE_CUES.has(rule.pattern) && namesOutage(rule, words, MATCHED_AT[m], tokens.questionMarks)) {
      outageNamed = true;
      if (tokens.questionMarks > 0) sharedProblemAsked = true;
    }
    if (rule.signal === 'marketing' && DISCLOSURES.has(rule.pattern)) disclosure ??= rule;
    if (sarcasm && rule.signal === 'praise') {
      if (!sarcasmNoted) {
        scores.complaint += sarcasm.points;
        evidence[sarcasm.signal].push(`sarcasm: ${rule.quoted} around "${words[sarcasm.at]}"`);
        sarcasmNoted = true;
      }
      continue;
    }
    // Asked, not compared: "anyone else having this?" but not "fly with anyone else".
    if (SHARED_PROBLEM_CUES.has(rule.pattern) && (tokens.questionMarks > 0 || opensSentence(words, MATCHED_AT[m]))) sharedProblemAsked = true;
    if (AREA_CUES.has(rule.pattern)) areaProblem = true;
    if (RHETORICAL_QUESTION_CUES.has(rule.pattern)) rhetorical = true;
    if (rule.signal === 'praise' && hypotheticalAt(words, MATCHED_AT[m])) {
      if (evidence.suggestion.length < MAX_WORD_REASONS) evidence.suggestion.push(`${rule.quoted} as a wish, not praise`);
      continue;
    }
    if (rule.signal === 'praise' && negatedAt(words, MATCHED_AT[m])) {
      // "Non mi trovo bene", "not happy with": the opposite of praise.
      scores.complaint += rule.weight * NEGATED_PRAISE_AS_COMPLAINT;
      if (evidence.complaint.length < MAX_WORD_REASONS) evidence.complaint.push(`negated ${rule.quoted}`);
      continue;
    }
    if (rule.signal === 'complaint' && NEGATABLE_COMPLAINT_CUES.has(rule.pattern) && negatedAt(words, MATCHED_AT[m])) continue;
    if (rule.signal === 'complaint' && NEGATABLE_PROBLEM_CUES.has(rule.pattern) && negatedAt(words, MATCHED_AT[m], PROBLEM_NEGATION_BRIDGES)) continue;
    if (problemAfterContrast && rule.signal === 'praise' && MATCHED_AT[m] < contrast) {
      scores.praise += rule.weight * STRUCTURE.praiseBeforeContrast;
      if (evidence.praise.length < MAX_WORD_REASONS) evidence.praise.push(`${rule.quoted} before "${words[contrast]}"`);
      continue;
    }
    if (rule.signal === 'incident' && INCIDENT_NEEDS_PROBLEM.has(rule.pattern)) {
      conditionalIncidentScore += rule.weight;
      conditionalIncident.push(rule.pattern);
      continue;
    }
    if (rule.signal === 'complaint' && COMPLAINT_NEEDS_PROBLEM.has(rule.pattern)) {
      conditionalComplaintScore += rule.weight;
      conditionalComplaint.push(rule.quoted);
      continue;
    }
    scores[rule.signal] += rule.weight;
    if (rule.signal === 'praise') praiseCues += rule.weight;
    if (evidence[rule.signal].length < MAX_WORD_REASONS) evidence[rule.signal].push(rule.quoted);
  }

  if (applyHashtagCues(tokens, scores, evidence)) outageNamed = true;
  const structural = applyStructure(tokens, signals, scores, evidence, matched);
  if (rhetorical && tokens.questionMarks > 0) scores.question -= STRUCTURE.questionMark;
  else if (signals.complaintProbability === undefined && closingQuestionAsksNothing(tokens, words, matched)) {
    // Where no complaint model reads the post (English has one for this), a problem report closed by
    // a short question that asks for nothing ("…fermo da 9 giorni. Che fine ha fatto?") is a complaint.
    scores.question -= STRUCTURE.questionMark;
    evidence.complaint.push('a problem, then a question that asks for nothing');
  }

  const complaintP = signals.complaintProbability;
  if (complaintP !== undefined) {
    if (complaintP > 0.5) {
      scores.complaint += THRESHOLDS.intent + STRUCTURE.complaintModelWeight * (complaintP - 0.5);
      evidence.complaint.unshift(`complaint model p=${complaintP.toFixed(2)}`, ...(signals.complaintReasons ?? []));
    }
  } else if (sentiment.sentiment === 'negative') {
    scores.complaint += STRUCTURE.negativeWeight * Math.abs(sentiment.score);
    evidence.complaint.push(`negative sentiment (${sentiment.score})`);
    // Without a complaint model (Italian) a negative post in care vocabulary ("Mi avete sospeso la
    // linea per una fattura che ho pagato a luglio") is a complaint: the sentiment stands in for the
    // model that would have read it. Not with marketing cues: the Italian model reads some press
    // releases as negative ("Comunicato stampa: Vela lancia la fibra a 2,5 Gbit/s…").
    if (scores.service >= THRESHOLDS.service && scores.marketing < THRESHOLDS.marketing && scores.complaint < THRESHOLDS.intent) {
      scores.complaint = THRESHOLDS.intent;
      evidence.complaint.push('negative, in care vocabulary');
    }
  }
  if (sentiment.sentiment === 'positive') {
    // Positive words inside a question ("which plan is best?") or a reaction to a campaign are not,
    // by themselves, praise of the service.
    let factor = 1;
    if (tokens.questionMarks > 0) factor *= STRUCTURE.positiveDampening;
    if (scores.marketing >= THRESHOLDS.marketing) factor *= STRUCTURE.positiveDampening;
    // "Would be great if you let us save lists": the positive words of a wish are the wish.
    if (scores.suggestion >= THRESHOLDS.intent) factor *= STRUCTURE.positiveDampening;
    if (problemAfterContrast || sarcasm || polite) factor = 0;
    if (sarcasm && !sarcasmNoted) {
      scores.complaint += sarcasm.points;
      evidence[sarcasm.signal].push(`sarcasm: positive sentiment around "${words[sarcasm.at]}"`);
    }
    scores.praise += STRUCTURE.positiveWeight * sentiment.score * factor;
    evidence.praise.push(
      problemAfterContrast
        ? `positive sentiment (+${sentiment.score}), not counted: a problem follows "${words[contrast]}"`
        : sarcasm
          ? `positive sentiment (+${sentiment.score}), not counted: sarcasm around "${words[sarcasm.at]}"`
          : polite
            ? `positive sentiment (+${sentiment.score}), not counted: thanks after a problem`
            : `positive sentiment (+${sentiment.score})`,
    );
  }
  // A problem: at least one complaint cue's worth (a faintly negative sentiment is not one), or an incident cue.
  if (conditionalComplaintScore > 0 && (scores.complaint >= 1 || scores.incident > 0)) {
    scores.complaint += conditionalComplaintScore;
    evidence.complaint.push(...conditionalComplaint);
  }
  if (conditionalIncidentScore > 0 && (scores.complaint >= THRESHOLDS.intent || scores.incident > 0)) {
    scores.incident += conditionalIncidentScore;
    evidence.incident.push(...conditionalIncident.slice(0, 2).map((p) => `"${p}" with a problem`));
  }
  // "Anche a voi non funziona WhatsApp?": a problem its author asks others about is an outage report.
  if (sharedProblemAsked && scores.complaint >= THRESHOLDS.intent && scores.incident <= scores.complaint) {
    scores.incident = scores.complaint + 0.1;
    evidence.incident.push('a problem asked about as shared');
  } else if (areaProblem && scores.complaint >= THRESHOLDS.intent && scores.incident <= scores.complaint) {
    // "Vela non va in tutta Bologna da un'ora": a problem over an area is an outage.
    scores.incident = scores.complaint + 0.1;
    evidence.incident.push('a problem over an area');
  }
  // "Mezza Torino senza luce da due ore, sapete quando torna?": what is asked about is the outage.
  if (outageNamed && tokens.questionMarks > 0 && scores.incident >= THRESHOLDS.intent && scores.question >= scores.incident) {
    scores.incident = scores.question + 0.1;
    evidence.incident.push('a question about an outage');
  }
  // Cues such as "tutti" or "in zona" say who else has a problem, not that there is one: without any
  // problem or care word they count half. A named outage ("Vela down?", "#VelaDown") counts in full.
  if (scores.incident > 0 && scores.complaint === 0 && scores.service === 0 && !outageNamed) scores.incident *= 0.5;

  // Spam and bots first: a promotional post full of care words is still spam. A disclosed paid
  // promotion needs more: its "link in bio" or discount code is what such posts carry (DISCLOSURES).
  const flushScore = scores.spam + scores.bot;
  const flushThreshold = THRESHOLDS.flush + (disclosure && scores.spam >= scores.bot ? DISCLOSED_SPAM_ALLOWANCE : 0);
  if (disclosure && scores.spam > 0) evidence.marketing.unshift(`disclosed as advertising: ${disclosure.quoted}`);
  if (flushScore >= flushThreshold) {
    const flushReason: FlushReason = scores.bot > scores.spam ? 'bot' : 'spam';
    const reasons = [...evidence[flushReason], ...evidence[flushReason === 'bot' ? 'spam' : 'bot'], ...structural].slice(0, 6);
    const confidence = clamp(0.5 + 0.08 * flushScore, 0.5, 0.95);
    // Whatever a spam post pretends to ask or praise is not a customer's intent.
    return {
      category: 'flush',
      intent: 'other',
      flushReason,
      toneDiscount: null,
      explanations: {
        category: { label: 'flush', confidence: round2(confidence), reasons: [`${flushReason} score ${round1(flushScore)} ≥ ${flushThreshold}`, ...reasons] },
        intent: { label: 'other', confidence: round2(confidence), reasons: [`${flushReason}: no customer intent`] },
      },
    };
  }

  // An annoyed customer's question ("why is my order still not here?") is a complaint: where the
  // complaint model says so, it outranks the question cue (the complaints data labels such posts
  // as complaints; in cross-validation this raised the complaint class F1 from 0.69 to 0.75).
  if (complaintP !== undefined && complaintP > 0.5 && scores.question >= scores.complaint) {
    scores.complaint = scores.question + 0.1;
    evidence.complaint.push('a question the complaint model reads as a complaint');
  }
  const intent = pickIntent(scores, evidence);
  // A review is about the product it is left on, and a brand channel's post is written to the brand,
  // whether or not their words name it.
  const unfollowed = signals.topicMatched === false && !signals.brandChannel && typeof signals.rating !== 'number';
  if (unfollowed && (intent.intent === 'question' || intent.intent === 'praise') && isSmallTalk(scores)) return smallTalk(intent.intent);
  if (intent.intent === 'question' && language !== 'en') {
    const friend = questionToFriend(tokens, scores, signals.addressedTo);
    if (friend) return flushed('no_action', `a comment to ${friend}, not to the brand, with no clear request`, 0.45);
  }
  const category = pickCategory(intent.intent, scores, evidence, tokens, sentiment, complaintP, lowRating, signals.addressedTo, signals.brandChannel, signals.topicMatched === true);
  // Kept for a person with no intent said: written to the brand, or telling what was done to its
  // author ("mi hanno dato il pane di ieri"), also in care words that name no problem ("mi ha
  // scalato la sosta due volte") where no complaint model has read the post (English has one).
  const actedOnInCareWords = complaintP === undefined && intent.intent === 'other' && category.category === 'service' && actedOnAuthor(words);
  const unsaid = category.keptUnsaid ?? (actedOnInCareWords ? 'actedOn' : undefined);
  // Nor with a praise cue, however weak ("mi ha trovato un libro che cercavo da anni").
  const decided =
    unsaid && !scores.question && !scores.suggestion && praiseCues === 0 && !clearlyPositive(sentiment) ? unsaidProblem(unsaid) : intent;
  return {
    category: category.category,
    intent: decided.intent,
    flushReason: category.flushReason,
    explanations: { category: category.explanation, intent: decided.explanation },
    toneDiscount: sarcasm ? 'sarcasm' : polite ? 'politeness' : null,
  };
}

/** Each rule counts once per post; a per-call stamp avoids allocating a Set for every post. */
let matchStamp = 0;
/** The rules matched in the current post, in order of their first match (the first `count` entries). */
const MATCHED: CompiledRule[] = [];
/** Where each of those rules matched (index of its first word). */
const MATCHED_AT: number[] = [];

/** Fills MATCHED with the rules found in `words` and returns how many. */
function matchKeywords(words: readonly string[], language: Language): number {
  const stamp = ++matchStamp;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const exact = exactIndex.get(word);
    if (exact) {
      const next = i + 1 < words.length ? exact.bySecond.get(words[i + 1]) : undefined;
      if (next && exact.any.length > 0) count = considerTwoLists(exact.any, next, words, i, language, stamp, count);
      else if (next) count = considerRules(next, words, i, language, stamp, count);
      else if (exact.any.length > 0) count = considerRules(exact.any, words, i, language, stamp, count);
    }
    if (word.length >= PREFIX_KEY) {
      const prefixed = prefixIndex.get(prefixKey(word));
      if (prefixed) count = considerRules(prefixed, words, i, language, stamp, count);
    }
  }
  return dropCuesInsideLongerCues(count);
}

/**
 * Drops each match that lies inside a longer match of another signal, and returns how many are
 * left: "would love" is a wish, not love; "non è possibile che…" is a complaint, not the question
 * "è possibile"; "can't complain" is praise, not "can't". Matches of one signal inside each other
 * all count ("grazie mille" and "grazie"): their weights were set that way.
 */
function dropCuesInsideLongerCues(count: number): number {
  let kept = 0;
  for (let m = 0; m < count; m++) {
    const rule = MATCHED[m];
    const start = MATCHED_AT[m];
    const end = start + rule.words.length;
    let inside = false;
    for (let k = 0; k < count && !inside; k++) {
      const other = MATCHED[k];
      if (other.signal === rule.signal || other.words.length <= rule.words.length) continue;
      inside = MATCHED_AT[k] <= start && MATCHED_AT[k] + other.words.length >= end;
    }
    if (inside) continue;
    MATCHED[kept] = rule;
    MATCHED_AT[kept++] = start;
  }
  return kept;
}

function considerRules(rules: readonly CompiledRule[], words: readonly string[], i: number, language: Language, stamp: number, count: number): number {
  for (const rule of rules) count = considerRule(rule, words, i, language, stamp, count);
  return count;
}

function considerRule(rule: CompiledRule, words: readonly string[], i: number, language: Language, stamp: number, count: number): number {
  if (rule.lang && language !== rule.lang && language !== 'other') return count;
  if (rule.stamp === stamp) return count;
  if (!matchesAt(rule, words, i)) return count;
  rule.stamp = stamp;
  MATCHED_AT[count] = i;
  MATCHED[count++] = rule;
  return count;
}

/** considerRules over two lists at once, in table order (see `CompiledRule.order`). */
function considerTwoLists(
  a: readonly CompiledRule[],
  b: readonly CompiledRule[],
  words: readonly string[],
  i: number,
  language: Language,
  stamp: number,
  count: number,
): number {
  let x = 0;
  let y = 0;
  while (x < a.length || y < b.length) {
    const rule = y >= b.length || (x < a.length && a[x].order < b[y].order) ? a[x++] : b[y++];
    count = considerRule(rule, words, i, language, stamp, count);
  }
  return count;
}

/** Whether a negator comes right before word i, or before it with only `bridges` between (at most two). */
function negatedAt(words: readonly string[], i: number, bridges: ReadonlySet<string> = NEGATION_BRIDGES): boolean {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const word = words[j];
    if (NEGATORS.it.has(word) || NEGATORS.en.has(word)) return true;
    if (!bridges.has(word)) return false;
  }
  return false;
}

const HYPOTHETICAL_WORDS = HYPOTHETICAL_BEFORE_PRAISE.map((phrase) => phrase.split(' '));

/** Whether one of HYPOTHETICAL_BEFORE_PRAISE ends right before word i. */
function hypotheticalAt(words: readonly string[], i: number): boolean {
  for (const phrase of HYPOTHETICAL_WORDS) {
    const start = i - phrase.length;
    if (start < 0) continue;
    let k = 0;
    while (k < phrase.length && words[start + k] === phrase[k]) k++;
    if (k === phrase.length) return true;
  }
  return false;
}

/** Where sarcasm shows (the word that gives it away), the signal it counts for, and the complaint points it adds. */
interface Sarcasm {
  at: number;
  signal: 'complaint' | 'incident';
  points: number;
}

/**
 * Where a matched complaint or incident cue is named as one more of the same, the index of the word
 * that says so ("another", "un'altra", "l'ennesimo" within REPEATED_PROBLEM_WINDOW words before it in
 * the same sentence; "again", "di nuovo" right after it) and the cue's signal; else null.
 */
function repeatedProblem(words: readonly string[], matched: number): Sarcasm | null {
  for (let m = 0; m < matched; m++) {
    const rule = MATCHED[m];
    const signal = rule.signal;
    if (signal !== 'complaint' && signal !== 'incident') continue;
    const at = MATCHED_AT[m];
    if (!namesProblem(rule, words, at)) continue;
    for (let j = at - 1; j >= 0 && j >= at - REPEATED_PROBLEM_WINDOW; j--) {
      const word = words[j];
      if (word === SENTENCE_BREAK) break;
      if (!REPEATED_PROBLEM_BEFORE.has(word)) continue;
      // "un'altra settimana", not "l'altra settimana" (last week).
      if (word === 'altra' || word === 'altro') {
        if (j > 0 && (words[j - 1] === "un'" || words[j - 1] === 'un')) return { at: j, signal, points: REPEATED_PROBLEM_COMPLAINT };
        continue;
      }
      return { at: j, signal, points: REPEATED_PROBLEM_COMPLAINT };
    }
    const end = at + rule.words.length;
    for (let j = end; j < words.length && j <= end + 1; j++) {
      const word = words[j];
      if (REPEATED_PROBLEM_AFTER.has(word) && (word !== 'nuovo' || words[j - 1] === 'di')) return { at: j, signal, points: REPEATED_PROBLEM_COMPLAINT };
    }
  }
  return null;
}

function opensSentence(words: readonly string[], i: number): boolean {
  return i === 0 || words[i - 1] === SENTENCE_BREAK;
}

/** Index of the first contrast word ("ma", "but", "peccato che"…) after the first word, or -1. */
function contrastIndex(words: readonly string[]): number {
  for (let i = 1; i < words.length; i++) if (CONTRAST_WORDS.has(words[i])) return i;
  return -1;
}

/**
 * Where a contrast word closes its sentence (TRAILING_CONTRAST_WORDS), the index of the first cue
 * naming a problem in that sentence before it, provided those cues are worth THRESHOLDS.intent and
 * praise comes before them; else -1.
 */
function problemBeforeTrailingContrast(words: readonly string[], matched: number): number {
  for (let i = 1; i < words.length; i++) {
    if (!TRAILING_CONTRAST_WORDS.has(words[i]) || (i + 1 < words.length && words[i + 1] !== SENTENCE_BREAK)) continue;
    let start = i;
    while (start > 0 && words[start - 1] !== SENTENCE_BREAK) start--;
    let point = -1;
    let weight = 0;
    for (let m = 0; m < matched; m++) {
      const rule = MATCHED[m];
      const at = MATCHED_AT[m];
      if ((rule.signal !== 'complaint' && rule.signal !== 'incident') || at < start || at >= i || !namesProblem(rule, words, at)) continue;
      weight += rule.weight;
      if (point < 0 || at < point) point = at;
    }
    // A problem's worth, not a stray "cannot" ("I literally cannot breathe, that ending tho").
    if (point <= 0 || weight < THRESHOLDS.intent) continue;
    for (let m = 0; m < matched; m++) if (MATCHED[m].signal === 'praise' && MATCHED_AT[m] < point) return point;
  }
  return -1;
}

function matchesAt(rule: CompiledRule, words: readonly string[], i: number): boolean {
  if (i + rule.words.length > words.length) return false;
  for (let k = 0; k < rule.words.length; k++) {
    const want = rule.words[k];
    const have = words[i + k];
    if (want.prefix ? !have.startsWith(want.text) : have !== want.text) return false;
  }
  return true;
}

/** Adds the hashtag cues' signals; whether an incident cue matched (`#VelaDown` names an outage). */
function applyHashtagCues(tokens: Tokens, scores: Scores, evidence: Evidence): boolean {
  if (tokens.hashtags === 0) return false;
  let outage = false;
  for (const word of tokens.words) {
    if (word.charCodeAt(0) !== 0x23) continue;
    for (const cue of HASHTAG_CUES) {
      if (word.length <= cue.contains.length + 1) continue;
      if (cue.atEnd ? !word.endsWith(cue.contains) || cue.except?.includes(word) : !word.includes(cue.contains)) continue;
      scores[cue.signal] += cue.weight;
      if (cue.signal === 'incident') outage = true;
      if (evidence[cue.signal].length < MAX_WORD_REASONS) evidence[cue.signal].push(`hashtag ${word}`);
    }
  }
  return outage;
}

function applyStructure(tokens: Tokens, signals: ClassificationSignals, scores: Scores, evidence: Evidence, matched: number): string[] {
  const notes: string[] = [];
  if (tokens.questionMarks > 0) {
    scores.question += STRUCTURE.questionMark;
    evidence.question.push('question mark');
  }
  const links = Math.max(tokens.urls, signals.links ?? 0);
  if (links >= STRUCTURE.linksSpam) {
    scores.spam += STRUCTURE.linksSpamWeight;
    notes.push(`rule: ${links} links`);
  } else if (links >= STRUCTURE.linksSuspicious) {
    scores.spam += STRUCTURE.linksSuspiciousWeight;
    notes.push(`rule: ${links} links`);
  }
  if (tokens.hashtags >= STRUCTURE.hashtagsSpam) {
    scores.bot += STRUCTURE.hashtagsSpamWeight;
    notes.push(`rule: ${tokens.hashtags} hashtags`);
  } else if (tokens.hashtags >= STRUCTURE.hashtagsSuspicious) {
    scores.bot += STRUCTURE.hashtagsSuspiciousWeight;
    notes.push(`rule: ${tokens.hashtags} hashtags`);
  }
  if (tokens.mentions >= STRUCTURE.mentionsBot) {
    scores.bot += STRUCTURE.mentionsBotWeight;
    notes.push(`rule: ${tokens.mentions} @handles`);
  }
  if (tokens.longestRepeat >= STRUCTURE.repeatedChars) {
    scores.spam += STRUCTURE.repeatedCharsWeight;
    notes.push(`rule: a character repeated ${tokens.longestRepeat} times`);
  }
  if (tokens.letters >= STRUCTURE.capsMinLetters && tokens.upperLetters / tokens.letters >= STRUCTURE.capsShare && scores.spam > 0) {
    scores.spam += STRUCTURE.capsWithPromoWeight;
    notes.push('rule: all-caps promotion');
  }
  const careWords = scores.service + scores.complaint + scores.incident + scores.question;
  if (machineMadeReport(tokens, careWords)) {
    scores.bot += STRUCTURE.reportWeight;
    notes.push(`rule: ${tokens.numbers} numbers and nobody in it: a machine-made report`);
  }
  const automated = signals.brandChannel === 'direct_message' ? null : automatedPost(tokens, signals.openingLabel, scores);
  if (automated) {
    scores.bot += automated.weight;
    notes.push(automated.reason);
  }
  if (followersForSale(tokens)) {
    scores.spam += STRUCTURE.followersForSaleWeight;
    notes.push('rule: followers for sale');
  }
  // A scam's "ask me how" is part of its call to action, not a question: only a question mark or a
  // care word makes the post a customer's ("Ho vinto un buono nel vostro concorso, come lo uso?").
  // Nor is its "DM me": the care words that are also its call to action (CALL_TO_ACTION_CARE_CUES) do not count.
  const careWithoutQuestion = scores.service + scores.complaint + scores.incident;
  if (tokens.questionMarks === 0 && scores.marketing < THRESHOLDS.marketing && careWithoutQuestion <= callToActionCare(matched) && prizeForAction(tokens)) {
    scores.spam += STRUCTURE.prizeForActionWeight;
    notes.push('rule: money or a prize for an action');
  }
  if (tokens.hashtags >= STRUCTURE.hashtagChatter && careWords === 0) {
    scores.marketing += STRUCTURE.hashtagChatterWeight;
    evidence.marketing.push(`rule: ${tokens.hashtags} hashtags, no care words`);
  }
  // "Vela o Iliad per chi viaggia in Europa?": the crowd is asked to compare, unless a problem is named.
  if (signals.comparison && scores.complaint === 0 && scores.incident === 0) {
    scores.marketing += STRUCTURE.comparisonWeight;
    // Cut by code point: a hostile name of astral capitals must not leave half a surrogate pair.
    const cut = (name: string) => Array.from(name).slice(0, 40).join('');
    evidence.marketing.push(`comparison: "${cut(signals.comparison.first)}" or "${cut(signals.comparison.second)}"`);
  }
  return notes;
}

/** "BTC/USD 91,245 (+1.2%) #bitcoin", "Meteo Milano: 12°C, vento 10 km/h, umidità 80%": numbers, and nobody. */
function machineMadeReport(tokens: Tokens, careWords: number): boolean {
  if (tokens.numbers < STRUCTURE.reportNumbers || careWords > 0 || tokens.mentions > 0 || tokens.questionMarks > 0) return false;
  // The share is of the words of three letters or more: units ("km", "h", "c" of "12°C") and
  // articles would otherwise dilute the numbers they stand next to.
  let long = 0;
  for (const word of tokens.words) {
    if (PERSON_WORDS.has(word)) return false;
    const first = word.charCodeAt(0);
    if (word.length >= 3 && !(first >= 0x30 && first <= 0x39)) long++;
  }
  return tokens.numbers >= STRUCTURE.reportNumberShare * (tokens.numbers + long);
}

/**
 * "Weather bot: Leeds 4°C…", "[Avviso automatico] Traffico intenso…", "Flight status: NA118 departed
 * 10:42" with "updated 10:45": a feed's post by its label and its hour stamp (AUTOMATION_LABEL_WORDS).
 * Only for a post nobody is in: no @handle, no question, no complaint or outage cue, no person word.
 */
function automatedPost(tokens: Tokens, label: readonly string[] | null | undefined, scores: Scores): { weight: number; reason: string } | null {
  if (tokens.mentions > 0 || tokens.questionMarks > 0 || scores.complaint > 0 || scores.incident > 0) return null;
  let machineLabel = false;
  let bulletinLabel = false;
  if (label) {
    let quoted = false;
    for (const word of label) {
      if (AUTOMATION_LABEL_WORDS.has(word)) machineLabel = true;
      else if (BULLETIN_LABEL_WORDS.has(word)) bulletinLabel = true;
      else if (QUOTED_MESSAGE_LABEL_WORDS.has(word)) quoted = true;
    }
    if (quoted) machineLabel = bulletinLabel = false;
  }
  // Most posts have no such label, and a stamp alone decides nothing: no need to read their words.
  if (!machineLabel && !bulletinLabel) return null;
  const words = tokens.words;
  let stamp = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (PERSON_WORDS.has(word)) return null;
    if (!stamp && STAMP_WORDS.has(word)) {
      for (let j = i + 1; j <= i + 2 && j < words.length; j++) {
        const first = words[j].charCodeAt(0);
        if (first >= 0x30 && first <= 0x39) {
          stamp = true;
          break;
        }
      }
    }
  }
  const shown = label ? label.join(' ') : '';
  if (machineLabel) return { weight: STRUCTURE.automatedLabelWeight, reason: `rule: labelled as automatic ("${shown}")` };
  if (bulletinLabel && stamp) return { weight: 2 * STRUCTURE.automatedPartWeight, reason: `rule: a bulletin ("${shown}") stamped with its hour` };
  return null;
}

/** The weight of the matched care cues that a scam's call to action uses too ("DM me", "in privato"). */
function callToActionCare(matched: number): number {
  let weight = 0;
  for (let m = 0; m < matched; m++) if (MATCHED[m].signal === 'service' && CALL_TO_ACTION_CARE_CUES.has(MATCHED[m].pattern)) weight += MATCHED[m].weight;
  return weight;
}

/** "Vendo follower italiani veri, 1000 a 5€", "Get 5000 followers in 24h, cheap": followers on offer. */
function followersForSale(tokens: Tokens): boolean {
  // Most posts have no number: no need to read their words.
  if (tokens.numbers === 0) return false;
  let followers = false;
  let sale = tokens.moneyAmounts > 0;
  for (const word of tokens.words) {
    if (word.startsWith('follower')) followers = true;
    else if (FOLLOWER_SALE_WORDS.has(word)) sale = true;
  }
  return followers && sale;
}

/**
 * A sum of money or a prize, a promise and an action asked for (PRIZE_WORDS, PROMISE_WORDS,
 * ACTION_WORDS); a link is the action too ("…gift card, claim here: bit.ly/…").
 */
function prizeForAction(tokens: Tokens): boolean {
  let prize = tokens.moneyAmounts > 0;
  let promise = false;
  let action = tokens.urls > 0;
  for (const word of tokens.words) {
    if (PRIZE_WORDS.has(word)) prize = true;
    // "Claim before midnight" both promises and asks: a word may be both.
    if (PROMISE_WORDS.has(word)) promise = true;
    if (ACTION_WORDS.has(word)) action = true;
  }
  return prize && promise && action;
}

function pickIntent(scores: Scores, evidence: Evidence): { intent: Intent; explanation: LabelExplanation } {
  // Highest score wins; on a tie the earlier entry of INTENT_PRECEDENCE (the more actionable intent).
  let best: (typeof INTENT_PRECEDENCE)[number] = INTENT_PRECEDENCE[0];
  for (const intent of INTENT_PRECEDENCE) if (scores[intent] > scores[best]) best = intent;
  let second = 0;
  for (const intent of INTENT_PRECEDENCE) if (intent !== best && scores[intent] > second) second = scores[intent];
  const top = scores[best];
  if (top < THRESHOLDS.intent) {
    // Rounded down, so that 1.46 does not read "1.5 < 1.5".
    const near = top > 0 ? [`strongest cue: ${best} ${Math.floor(top * 10) / 10} < ${THRESHOLDS.intent}`] : ['no intent cues'];
    return { intent: 'other', explanation: { label: 'other', confidence: round2(top > 0 ? 0.4 : 0.55), reasons: near } };
  }
  const margin = (top - second) / (top + 1);
  const confidence = clamp(0.35 + 0.5 * margin + 0.03 * Math.min(top, 6), 0.3, 0.95);
  const reasons = [`${best} score ${round1(top)}${second > 0 ? ` vs ${round1(second)}` : ''}`, ...evidence[best]];
  return { intent: best, explanation: { label: best, confidence: round2(confidence), reasons } };
}

/**
 * The first reason of a category flushed for want of any cue. With `ADDRESSED_KEPT_PREFIX`, what a
 * topic re-tag reads to find stored labels that the accounts a topic names decide (topic-accounts.ts).
 */
export const NO_CUES_REASON = 'no care, marketing or intent cues';
/** How the reason of a post kept because it is written to a topic's account begins ("written to @…"). */
export const ADDRESSED_KEPT_PREFIX = 'written to @';

function pickCategory(
  intent: Intent,
  scores: Scores,
  evidence: Evidence,
  tokens: Tokens,
  sentiment: { sentiment: Sentiment; score: number },
  complaintP: number | undefined,
  lowRating: number,
  addressedTo: string | undefined,
  brandChannel: BrandChannel | undefined,
  topicMatched: boolean,
): { category: Category; flushReason: FlushReason | null; explanation: LabelExplanation; keptUnsaid?: UnsaidKind } {
  const service = scores.service;
  const marketing = scores.marketing;
  const make = (category: Category, confidence: number, reasons: string[], flushReason: FlushReason | null = null) => ({
    category,
    flushReason,
    explanation: { label: category, confidence: round2(clamp(confidence, 0.2, 0.95)), reasons: reasons.slice(0, 6) },
  });
  // Written to the brand in words no rule knows: see unsaidProblem.
  const keptUnsaid = (reason: string, kind: UnsaidKind = 'written') => ({ ...make('service', 0.35, [reason]), keptUnsaid: kind });

  switch (intent) {
    case 'complaint':
    case 'incident':
      return make('service', 0.6 + 0.05 * Math.min(service + scores[intent], 6), [`intent ${intent}`, ...evidence.service]);
    case 'question':
      // A question about the campaign or the jingle is brand talk, not a care request.
      // Not with a complaint cue's worth of complaint (a faintly negative tone is not one).
      if (marketing > service + 1 && scores.complaint < 1) {
        return make('marketing', 0.45 + 0.05 * Math.min(marketing, 5), ['question about marketing content', ...evidence.marketing]);
      }
      return make('service', 0.55 + 0.05 * Math.min(service, 6), ['intent question', ...evidence.service]);
    case 'praise':
    case 'suggestion':
      return make('marketing', 0.55 + 0.05 * Math.min(scores[intent], 6), [
        intent === 'praise' ? 'intent praise (no action needed)' : 'intent suggestion (product feedback)',
        ...evidence.marketing,
      ]);
    default:
      break;
  }
  if (lowRating) {
    // A one- or two-star review is an unhappy customer by definition, whatever its words say.
    return make('service', 0.5, [`a ${lowRating}-star review: kept for a person`, ...evidence.complaint]);
  }
  if (marketing >= THRESHOLDS.marketing && marketing >= service) {
    return make('marketing', 0.45 + 0.05 * Math.min(marketing, 6), ['marketing cues', ...evidence.marketing]);
  }
  if (service >= THRESHOLDS.service) {
    // Care vocabulary without a clear request: keep it in the queue, with low confidence, because a
    // wrongly flushed customer costs more than one extra post to read.
    return make('service', 0.35 + 0.03 * Math.min(service, 5), ['care vocabulary without a clear intent', ...evidence.service]);
  }
  if (keptAsNegative(sentiment, complaintP)) {
    // "@united I am still in the airport waiting for my flight": upset, addressed, no cue word. Kept
    // for a person at low confidence; the intent stays `other` (nothing says what is wrong).
    const reasons = ['negative, with no clear request: kept for a person', `negative sentiment (${sentiment.score})`];
    if (complaintP !== undefined) reasons.push(`complaint model p=${complaintP.toFixed(2)}`);
    return make('service', 0.3 + 0.2 * Math.abs(sentiment.score), reasons);
  }
  const few = tokens.wordCount < THRESHOLDS.minWords;
  if (addressedTo && !few) {
    // "@LampoExpress left my parcel in the rain outside the building": written to a brand the team
    // listens for, in words no rule knows. Customers rarely write to a brand to say nothing, and a
    // flushed customer costs more than a post to read: kept for a person, at low confidence.
    // Begins with ADDRESSED_KEPT_PREFIX: the handle keeps its "@".
    return keptUnsaid(`written to ${addressedTo}, with no clear request: kept for a person`);
  }
  if (brandChannel && !few) {
    // "@giulia.ferri guarda questo tavolo per la taverna": a comment on the brand's Page that opens
    // with someone else's handle is written to that person (the brand's own handle is `addressedTo`,
    // above, when a topic names it); with no cue of a problem or a request, read above, it needs
    // nothing from the brand. Not an account tag: there the opening handle is often the brand's.
    const friend = brandChannel === 'own_page' ? openingHandle(tokens) : null;
    if (friend) return make('flush', 0.45, [`a comment to ${friend}, not to the brand, with no clear request`], 'no_action');
    // The same, where the source rather than the text says so: a comment under the brand's own post
    // or a private message rarely names the account it is written to.
    return keptUnsaid(CHANNEL_KEPT[brandChannel]);
  }
  if (topicMatched && !few && actedOnAuthor(tokens.words)) {
    // "LavaSubito mi ha restituito le camicie con le macchie ancora lì": the brand a topic follows did
    // something to the author, told in words no rule knows. As with a post written to the brand, a
    // flushed customer costs more than a post to read.
    return keptUnsaid(ACTED_ON_KEPT_REASON, 'actedOn');
  }
  return make('flush', few ? 0.5 : 0.4, [few ? 'too little text to act on' : NO_CUES_REASON], 'no_action');
}

/** Why a post with no cue was kept: written to the brand, or telling what was done to its author. */
type UnsaidKind = 'written' | 'actedOn';
const UNSAID_PROBLEM_REASONS: Record<UnsaidKind, string> = {
  written: 'written to the brand, with no question, thanks or wish: most often a problem',
  actedOn: 'tells what was done to its author, with no question, thanks or wish: most often a problem',
};
const ACTED_ON_KEPT_REASON = 'tells what was done to its author, with no clear request: kept for a person';

/**
 * "mi hanno addebitato", "ci ha lasciato", "mi avete già spostato", "they sent me", "charged us": somebody
 * did something to the author (ACTED_ON_CLITICS, ACTED_ON_AUXILIARIES, a past participle; or one of
 * ACTED_ON_VERBS before "me"/"us").
 */
function actedOnAuthor(words: readonly string[]): boolean {
  for (let i = 0; i + 1 < words.length; i++) {
    const word = words[i];
    // "me l'hanno battuto", "ce li hanno cambiati": the clitic pair before the auxiliary.
    const pair = (word === 'me' || word === 'ce') && ACTED_ON_OBJECT_PRONOUNS.has(words[i + 1]) ? 1 : 0;
    if ((ACTED_ON_CLITICS.has(word) || pair) && ACTED_ON_AUXILIARIES.has(words[i + 1 + pair])) {
      let j = i + 2 + pair;
      if (j < words.length && ACTED_ON_ADVERBS.has(words[j])) j++;
      if (j < words.length && isPastParticiple(words[j])) return true;
    } else if (ACTED_ON_VERBS.has(word) && (words[i + 1] === 'me' || words[i + 1] === 'us')) return true;
  }
  return false;
}

function isPastParticiple(word: string): boolean {
  if (IRREGULAR_PARTICIPLES.has(word)) return true;
  if (word.length < 5) return false;
  const end = word.slice(-3);
  return PARTICIPLE_ENDINGS.has(end);
}

/**
 * The intent of a post kept because it was written to the brand, in words no rule knows, with not
 * even a weak question or wish: "@TaxiGo l'autista ha preso la strada più lunga", "@GymBox the
 * showers have been cold for two weeks". People write to a brand's account mostly when something
 * went wrong: of the 35 such posts in the written care posts a to i, 25 report a problem (24
 * complaints, an outage), 4 praise, 3 wish, 3 say nothing (docs/decisions.md, pipeline `linear-14`).
 * So the post is read as an unsure complaint: ranked, filtered and counted with the complaints, and
 * shown as unsure, rather than as "other", which tells the team nothing. The same for a post that
 * tells what was done to its author (`actedOnAuthor`, pipeline `linear-16`).
 */
function unsaidProblem(kind: UnsaidKind): { intent: Intent; explanation: LabelExplanation } {
  // Not when the tone is clearly good ("Stasera risotto con @GustoBox, venuto da chef 😋"): see clearlyPositive.
  return { intent: 'complaint', explanation: { label: 'complaint', confidence: 0.35, reasons: [UNSAID_PROBLEM_REASONS[kind]] } };
}

/**
 * At least as positive as a post must be negative to be kept without a complaint model
 * (THRESHOLDS.keepNegativeWithoutModel): a tone that clear is not a guess from unrelated words.
 */
function clearlyPositive(sentiment: { sentiment: Sentiment; score: number }): boolean {
  return sentiment.sentiment === 'positive' && sentiment.score >= THRESHOLDS.keepNegativeWithoutModel;
}

/**
 * No care or marketing vocabulary, no problem, no outage and no wish: what the post asks or likes is
 * not said in any word the rules know, so not in any a brand's care team listens for.
 */
function isSmallTalk(scores: Scores): boolean {
  // Incident cues that only say who else ("anyone else already planning christmas dinner?") count
  // half without a problem (see classifyTokens): under the intent threshold they name no outage.
  return (
    scores.service < THRESHOLDS.service &&
    scores.marketing < THRESHOLDS.marketing &&
    scores.complaint < 1 &&
    scores.incident < THRESHOLDS.intent &&
    scores.suggestion < THRESHOLDS.intent
  );
}

/**
 * "Qualcuno ha visto la partita ieri sera?", "buongiorno a tutti ☕", "just finished my first
 * marathon!!": a question to the crowd or a good mood, about nothing the team follows. Flushed with
 * less confidence than a post with no cue at all, since it does ask or like something.
 */
function smallTalk(seen: 'question' | 'praise'): ClassificationResult {
  const reason = seen === 'question' ? 'a question about nothing a topic follows: small talk' : 'praise of nothing a topic follows: small talk';
  return flushed('no_action', reason, 0.45, 0.5);
}

/** Whether the post is only a short "ok, thanks" (ACKNOWLEDGMENT_WORDS), with no question and no link. */
/**
 * The handle a question is put to, when the post opens with someone's handle (not the brand's a topic
 * names) and asks in the informal Italian "tu" (FRIEND_QUESTION_WORDS), naming no problem and no care
 * matter: "@luca_ferrante ti ricordi la crociera CrocieraBlu del 2019?". Null otherwise.
 */
function questionToFriend(tokens: Tokens, scores: Scores, addressedTo: string | undefined): string | null {
  const friend = openingHandle(tokens);
  if (!friend || (addressedTo !== undefined && addressedTo.toLowerCase() === friend)) return null;
  if (scores.complaint >= 1 || scores.incident > 0 || scores.service >= THRESHOLDS.service) return null;
  for (const word of tokens.words) if (FRIEND_QUESTION_WORDS.has(word)) return friend;
  return null;
}

function onlyAcknowledges(tokens: Tokens): boolean {
  if (tokens.wordCount === 0 || tokens.wordCount > ACKNOWLEDGMENT_MAX_WORDS || tokens.questionMarks > 0 || tokens.urls > 0) return false;
  for (const word of tokens.words) if (word !== SENTENCE_BREAK && !ACKNOWLEDGMENT_WORDS.has(word)) return false;
  return true;
}

/** "ok grazie" in a private conversation: it closes the conversation, and asks nothing. */
function acknowledgment(): ClassificationResult {
  return flushed('no_action', 'a private message that only acknowledges: nothing to do', 0.6);
}

/** The @handle a post opens with (at most 40 characters, as the tokenizer spells it), or null. */
function openingHandle(tokens: Tokens): string | null {
  const first = tokens.words[0];
  return first !== undefined && first.length > 1 && first.length <= 40 && first.charCodeAt(0) === 0x40 ? first : null;
}

/** Why a post with no known words is kept, by the channel it reached the brand through. */
const CHANNEL_KEPT: Record<BrandChannel, string> = {
  direct_message: 'a private message to the brand, with no clear request: kept for a person',
  own_page: "written on the brand's own Page, with no clear request: kept for a person",
  account_mention: "tags the brand's account, with no clear request: kept for a person",
};

/**
 * A post with no cue at all is flushed unless it is clearly negative, and, where a complaint model
 * exists for its language, that model does not rule a complaint out (it learned to tell posts to a
 * brand from random posts: see THRESHOLDS.keepNegative); without one, the post must be more
 * negative (THRESHOLDS.keepNegativeWithoutModel).
 */
function keptAsNegative(sentiment: { sentiment: Sentiment; score: number }, complaintP: number | undefined): boolean {
  if (sentiment.sentiment !== 'negative') return false;
  if (complaintP === undefined) return sentiment.score <= -THRESHOLDS.keepNegativeWithoutModel;
  return sentiment.score <= -THRESHOLDS.keepNegative && complaintP >= THRESHOLDS.keepNegativeComplaintP;
}

/**
 * Whether the post states a problem (a complaint or incident cue that names one) and then closes
 * with a short question (at most CLOSING_QUESTION_MAX_WORDS words, handles and hashtags aside) that
 * has no REQUEST_WORDS, with nothing but handles or hashtags after it.
 */
function closingQuestionAsksNothing(tokens: Tokens, words: readonly string[], matched: number): boolean {
  if (tokens.lastQuestionEnd < 0) return false;
  // `words` may have durations collapsed ("da 3 giorni" → "da giorni"): find the question by its sentence.
  let sentence = 0;
  for (let i = 0; i < tokens.lastQuestionEnd; i++) if (tokens.words[i] === SENTENCE_BREAK) sentence++;
  let start = 0;
  let seen = 0;
  for (let i = 0; i < words.length && seen < sentence; i++) {
    if (words[i] === SENTENCE_BREAK) {
      seen++;
      start = i + 1;
    }
  }
  let end = start;
  while (end < words.length && words[end] !== SENTENCE_BREAK) end++;
  if (start === 0) return false;
  for (let i = end; i < words.length; i++) {
    const c = words[i].charCodeAt(0);
    if (words[i] !== SENTENCE_BREAK && c !== 0x40 && c !== 0x23) return false;
  }
  let asked = 0;
  for (let i = start; i < end; i++) {
    const c = words[i].charCodeAt(0);
    if (c === 0x40 || c === 0x23) continue;
    if (REQUEST_WORDS.has(words[i])) return false;
    asked++;
  }
  if (asked === 0 || asked > CLOSING_QUESTION_MAX_WORDS) return false;
  for (let m = 0; m < matched; m++) {
    const rule = MATCHED[m];
    if ((rule.signal === 'complaint' || rule.signal === 'incident') && MATCHED_AT[m] < start && namesProblem(rule, words, MATCHED_AT[m])) return true;
  }
  return false;
}

/** Whether a complaint or incident cue names a problem: not a duration, "again" or "anyone else" by themselves, nor a negated one. */
function namesProblem(rule: CompiledRule, words: readonly string[], at: number): boolean {
  if (COMPLAINT_NEEDS_PROBLEM.has(rule.pattern) || INCIDENT_NEEDS_PROBLEM.has(rule.pattern) || SHARED_PROBLEM_CUES.has(rule.pattern)) return false;
  if (NEGATABLE_COMPLAINT_CUES.has(rule.pattern) && negatedAt(words, at)) return false;
  return !(NEGATABLE_PROBLEM_CUES.has(rule.pattern) && negatedAt(words, at, PROBLEM_NEGATION_BRIDGES));
}

/**
 * Whether an OUTAGE_CUES match names an outage. Bare "down" only in a question, at a sentence end or
 * before one of DOWN_FOLLOWERS, and not after one of NOT_OUTAGE_BEFORE_DOWN.
 */
function namesOutage(rule: CompiledRule, words: readonly string[], at: number, questionMarks: number): boolean {
  if (rule.pattern !== 'down') return true;
  if (questionMarks === 0 || (at > 0 && NOT_OUTAGE_BEFORE_DOWN.has(words[at - 1]))) return false;
  const next = words[at + 1];
  return next === undefined || next === SENTENCE_BREAK || DOWN_FOLLOWERS.has(next);
}

/**
 * Whether the post's thanks are politeness closing a problem report (POLITE_THANKS): polite thanks
 * are its only praise cues, none followed by what it thanks for, after problem cues (not negated; an
 * incident cue only if it names an outage) worth at least THRESHOLDS.intent, with no contrast word
 * between and no sign anywhere that the problem was solved (RESOLVED).
 */
function politeThanks(words: readonly string[], matched: number, questionMarks: number, complaintP: number | undefined): boolean {
  let thanksAt = -1;
  for (let m = 0; m < matched; m++) {
    const rule = MATCHED[m];
    if (rule.signal !== 'praise') continue;
    if (!POLITE_THANKS.has(rule.pattern)) return false;
    const after = words[MATCHED_AT[m] + rule.words.length];
    if (after !== undefined && THANKED_FOR.has(after)) return false;
    thanksAt = Math.max(thanksAt, MATCHED_AT[m]);
  }
  if (thanksAt < 0) return false;
  for (const word of words) if (RESOLVED.has(word)) return false;
  let problem = complaintP !== undefined && complaintP > 0.5 ? THRESHOLDS.intent : 0;
  for (let m = 0; m < matched; m++) {
    const rule = MATCHED[m];
    const at = MATCHED_AT[m];
    if ((rule.signal !== 'complaint' && rule.signal !== 'incident') || at >= thanksAt || !namesProblem(rule, words, at)) continue;
    if (rule.signal === 'incident' && !(OUTAGE_CUES.has(rule.pattern) && namesOutage(rule, words, at, questionMarks))) continue;
    if (negatedAt(words, at, PROBLEM_NEGATION_BRIDGES)) continue;
    let contrasted = false;
    for (let j = at + rule.words.length; j < thanksAt && !contrasted; j++) contrasted = CONTRAST_WORDS.has(words[j]);
    if (!contrasted) problem += rule.weight;
  }
  return problem >= THRESHOLDS.intent;
}

const SARCASTIC_THANKS_WORDS = SARCASTIC_THANKS.map((phrase) => phrase.split(' '));
const SARCASTIC_LOVE_WORDS = SARCASTIC_LOVE.map((phrase) => phrase.split(' '));
const THANKS_FOR_EXACT = new Set(SARCASTIC_THANKS_FOR.filter((w) => !w.endsWith('*')));
const THANKS_FOR_PREFIXES = SARCASTIC_THANKS_FOR.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1));

/**
 * Thanks for harm done ("thanks for ignoring all my tweets": SARCASTIC_THANKS) or love of a problem
 * ("gotta love waiting 2 hours": SARCASTIC_LOVE): the index of the word that gives it away and the
 * signal it counts for; else null. Only asked when a praise cue matched, since every opener holds one.
 */
function sarcasticPraise(
  words: readonly string[],
  matched: number,
  sentiment: { sentiment: Sentiment; score: number },
): Sarcasm | null {
  if (!matchedSignal('praise', matched)) return null;
  for (let i = 0; i < words.length; i++) {
    const thanks = phraseAt(words, i, SARCASTIC_THANKS_WORDS);
    if (thanks > 0) {
      for (let j = i + thanks; j < words.length && j < i + thanks + LATE_WINDOW; j++) {
        const word = words[j];
        if (word === SENTENCE_BREAK) break;
        const harm = j < i + thanks + REPEATED_PROBLEM_WINDOW && (THANKS_FOR_EXACT.has(word) || THANKS_FOR_PREFIXES.some((prefix) => word.startsWith(prefix)));
        // "Grazie per avermi risposto dopo 3 settimane": thanks for an answer days late.
        const late = LATE_AFTER.has(word) && (LATE_UNITS.has(words[j + 1]) || LATE_UNITS.has(words[j + 2]) || LATE_UNITS.has(words[j + 3]));
        if (harm || late) return { at: j, signal: 'complaint', points: SARCASTIC_PRAISE_COMPLAINT };
      }
    }
    const love = phraseAt(words, i, SARCASTIC_LOVE_WORDS);
    // "Gotta love those skycaps, solving problems faster than anyone": with a positive tone it is love.
    if (love > 0 && sentiment.sentiment !== 'positive') {
      let end = i + love;
      while (end < words.length && words[end] !== SENTENCE_BREAK) end++;
      for (let m = 0; m < matched; m++) {
        const rule = MATCHED[m];
        const at = MATCHED_AT[m];
        if ((rule.signal === 'complaint' || rule.signal === 'incident') && at >= i + love && at < end && namesProblem(rule, words, at)) {
          return { at, signal: rule.signal, points: REPEATED_PROBLEM_COMPLAINT };
        }
      }
      if (sentiment.sentiment === 'negative') return { at: i, signal: 'complaint', points: SARCASTIC_PRAISE_COMPLAINT };
    }
  }
  return null;
}

/**
 * A post that closes on a praise cue standing alone as its last sentence ("…and the office is
 * closed. Great", "Treno soppresso, due ore in piedi. Grazie di tutto") after a problem: a cue naming
 * one before it (namesProblem) or, without one, the complaint model's yes; no contrast word before
 * the closing sentence and no word saying the problem was solved (RESOLVED). Returns the problem
 * cue's index (the praise word's without a cue); else null.
 */
function closingPraiseWord(words: readonly string[], matched: number, complaintP: number | undefined): Sarcasm | null {
  let last = words.length - 1;
  while (last >= 0 && (words[last] === SENTENCE_BREAK || words[last].startsWith('@'))) last--;
  if (last < 0) return null;
  let start = last;
  while (start > 0 && words[start - 1] !== SENTENCE_BREAK) start--;
  if (start === 0) return null;
  // "… 2 ore in piedi. @TreniRapidi grazie di tutto": the handle it is addressed to is not part of it.
  while (start < last && words[start].startsWith('@')) start++;
  let closes = false;
  for (let m = 0; m < matched && !closes; m++) {
    const rule = MATCHED[m];
    // Closing thanks are politeness, read by politeThanks; "grazie di tutto" is not one of them.
    if (rule.signal !== 'praise' || MATCHED_AT[m] !== start || POLITE_THANKS.has(rule.pattern)) continue;
    // The cue is the whole sentence, handles aside ("Great @united").
    let end = start + rule.words.length;
    while (end <= last && words[end].startsWith('@')) end++;
    closes = end > last;
  }
  if (!closes) return null;
  for (const word of words) if (RESOLVED.has(word)) return null;
  for (let j = 0; j < start; j++) if (CONTRAST_WORDS.has(words[j])) return null;
  for (let m = 0; m < matched; m++) {
    const rule = MATCHED[m];
    const at = MATCHED_AT[m];
    if ((rule.signal === 'complaint' || rule.signal === 'incident') && at < start && namesProblem(rule, words, at)) {
      return { at, signal: rule.signal, points: SARCASTIC_PRAISE_COMPLAINT };
    }
  }
  // No cue names it, but the complaint model reads one: the praise word is what gives it away.
  return complaintP !== undefined && complaintP > 0.5 ? { at: start, signal: 'complaint', points: SARCASTIC_PRAISE_COMPLAINT } : null;
}

/**
 * An eye-rolling emoji (EYE_ROLL_EMOJI) in a post with a praise cue and a cue naming a problem: the
 * problem cue's index and signal; else null.
 */
function eyeRoll(tokens: Tokens, words: readonly string[], matched: number): Sarcasm | null {
  if (tokens.emoji.length === 0 || !tokens.emoji.some((emoji) => EYE_ROLL_EMOJI.has(emoji))) return null;
  if (!matchedSignal('praise', matched)) return null;
  for (let m = 0; m < matched; m++) {
    const rule = MATCHED[m];
    if ((rule.signal === 'complaint' || rule.signal === 'incident') && namesProblem(rule, words, MATCHED_AT[m])) {
      return { at: MATCHED_AT[m], signal: rule.signal, points: REPEATED_PROBLEM_COMPLAINT };
    }
  }
  return null;
}

/** Whether any of the current post's matched rules (MATCHED) counts for `signal`. */
function matchedSignal(signal: Signal, matched: number): boolean {
  for (let m = 0; m < matched; m++) if (MATCHED[m].signal === signal) return true;
  return false;
}

/** The length of the first of `phrases` that starts at word i, or 0. */
function phraseAt(words: readonly string[], i: number, phrases: readonly string[][]): number {
  for (const phrase of phrases) {
    if (i + phrase.length > words.length) continue;
    let k = 0;
    while (k < phrase.length && words[i + k] === phrase[k]) k++;
    if (k === phrase.length) return phrase.length;
  }
  return 0;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
