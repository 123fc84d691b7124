// The pipeline, the grouper and the API explain every label with short English reasons ("complaint
// score 4 vs 2", "character n-grams favour Italian (p=0.97)", "corrected by Anna"): what they
// store on the mention, and what an export or the API shows. An agent reading the dashboard in
// Italian should read them in Italian, so this table recognises each format that code writes and
// gives its translation key (under `reason.` in the dashboard's translation files) and
// parameters. A reason it does not recognise is shown as written.
//
// Two tests keep the table and its writers together: libs/nlp/src/explanation-reasons.spec.ts runs
// the real pipeline over varied posts and fails on a reason in a format not listed here, and the
// dashboard's translation test fails on a key of REASON_KEYS missing from either language.

import { CATEGORIES, FLUSH_REASONS, INTENTS, SENTIMENTS } from './taxonomy';

/** Translates a key with parameters (TranslateService.instant in the app, a table in tests). */
export type TranslateReason = (key: string, params?: Record<string, unknown>) => string;

/** A capture that names something to translate: a signal, a language, a sentiment… */
type Translated = (value: string, t: TranslateReason) => string;

interface ReasonFormat {
  pattern: RegExp;
  /** Under `reason.` in the translation files. */
  key: string;
  /** Parameter names of the pattern's groups, in order; a function translates its group first. */
  params: Array<string | [string, Translated]>;
}

const isIn = (values: readonly string[]) => (value: string) => values.includes(value);
const isIntent = isIn(INTENTS);
const isCategory = isIn(CATEGORIES);
const isFlushReason = isIn(FLUSH_REASONS);
const isSentiment = isIn(SENTIMENTS);
const LANGUAGE_CODES: Record<string, string> = { Italian: 'it', English: 'en', Spanish: 'es', French: 'fr', German: 'de', Portuguese: 'pt', 'other-language': 'other' };

/** complaint → «Reclamo», spam → «Spam», service → «Servizio»: the taxonomy's own words. */
const signal: Translated = (value, t) => {
  if (isIntent(value)) return t(`taxonomy.intent.${value}`);
  if (isFlushReason(value)) return t(`taxonomy.flushReason.${value}`);
  if (isCategory(value)) return t(`taxonomy.category.${value}`);
  return value;
};
const sentiment: Translated = (value, t) => (isSentiment(value) ? t(`taxonomy.sentiment.${value}`) : value);
const language: Translated = (value, t) => (LANGUAGE_CODES[value] ? t(`taxonomy.language.${LANGUAGE_CODES[value]}`) : value);

/**
 * Names of the models' non-word features, as the pipeline writes them before a weight
 * ("negation +0.6", "addressed to a support account +0.9"), and their key under `reason.feature.`.
 */
const FEATURES: Record<string, string> = {
  negation: 'negation',
  question: 'question',
  exclamation: 'exclamation',
  'several exclamations': 'severalExclamations',
  link: 'link',
  'addressed to an account': 'addressed',
  'addressed to a support account': 'addressedSupport',
  'very short text': 'veryShort',
  'long text': 'longText',
  emoji: 'emoji',
  'elongated word': 'elongated',
  shouting: 'shouting',
  'lexicon: strongly positive': 'lexiconStronglyPositive',
  'lexicon: positive': 'lexiconPositive',
  'lexicon: no sentiment words': 'lexiconNone',
  'lexicon: negative': 'lexiconNegative',
  'lexicon: strongly negative': 'lexiconStronglyNegative',
};
const feature: Translated = (value, t) => (FEATURES[value] ? t(`reason.feature.${FEATURES[value]}`) : value);

const NUMBER = '([-+]?\\d+(?:\\.\\d+)?)';
const WEIGHT = '([-+]\\d+(?:\\.\\d+)?)';

/** Every format, most specific first. */
const FORMATS: ReasonFormat[] = [
  // Intent and category rules (libs/nlp classify-mention.ts).
  { pattern: new RegExp(`^(\\w+) score ${NUMBER} vs ${NUMBER}$`), key: 'scoreVs', params: [['signal', signal], 'score', 'second'] },
  { pattern: new RegExp(`^(\\w+) score ${NUMBER} ≥ ${NUMBER}$`), key: 'flushScore', params: [['signal', signal], 'score', 'threshold'] },
  { pattern: new RegExp(`^(\\w+) score ${NUMBER}$`), key: 'score', params: [['signal', signal], 'score'] },
  { pattern: new RegExp(`^strongest cue: (\\w+) ${NUMBER} < ${NUMBER}$`), key: 'strongestCue', params: [['signal', signal], 'score', 'threshold'] },
  { pattern: /^no intent cues$/, key: 'noIntentCues', params: [] },
  { pattern: /^question mark$/, key: 'questionMark', params: [] },
  { pattern: new RegExp(`^positive sentiment \\(${NUMBER}\\), not counted: a problem follows "(.+)"$`), key: 'positiveNotCounted', params: ['score', 'word'] },
  { pattern: new RegExp(`^positive sentiment \\(${NUMBER}\\), not counted: sarcasm around "(.+)"$`), key: 'positiveSarcasm', params: ['score', 'word'] },
  { pattern: /^sarcasm: positive sentiment around "(.+)"$/, key: 'sarcasmSentiment', params: ['word'] },
  { pattern: /^sarcasm: "(.+)" around "(.+)"$/, key: 'sarcasmCue', params: ['cue', 'word'] },
  { pattern: new RegExp(`^positive sentiment \\(${NUMBER}\\), not counted: thanks after a problem$`), key: 'positivePolite', params: ['score'] },
  { pattern: /^"(.+)" after a problem: politeness, not praise$/, key: 'politeThanks', params: ['cue'] },
  { pattern: /^disclosed as advertising: "(.+)"$/, key: 'disclosedAdvertising', params: ['cue'] },
  { pattern: new RegExp(`^sarcasm: positive wording read as negative \\(${NUMBER}\\)$`), key: 'sarcasmTone', params: ['score'] },
  { pattern: new RegExp(`^thanks after a problem: politeness, not a positive tone \\(${NUMBER}\\)$`), key: 'politeTone', params: ['score'] },
  { pattern: /^a problem report in plain words: negative towards the brand \(the model read neutral\)$/, key: 'problemReportTone', params: [] },
  { pattern: /^a problem report in plain words: negative towards the brand \(the model read positive, unsure\)$/, key: 'problemReportToneUnsure', params: [] },
  { pattern: /^star rating (\d)\/5$/, key: 'starRating', params: ['stars'] },
  { pattern: /^"(.+)" in a (\d)-star review: not praise$/, key: 'lowRatingPraise', params: ['cue', 'stars'] },
  { pattern: /^a (\d)-star review: kept for a person$/, key: 'lowRatingKept', params: ['stars'] },
  { pattern: new RegExp(`^(negative|positive) sentiment \\(${NUMBER}\\)$`), key: 'sentimentScore', params: [['sentiment', sentiment], 'score'] },
  { pattern: new RegExp(`^complaint model p=${NUMBER}$`), key: 'complaintModel', params: ['p'] },
  { pattern: /^a question the complaint model reads as a complaint$/, key: 'questionAsComplaint', params: [] },
  { pattern: /^a problem asked about as shared$/, key: 'sharedProblem', params: [] },
  { pattern: /^a problem over an area$/, key: 'areaProblem', params: [] },
  { pattern: /^a question about an outage$/, key: 'outageQuestion', params: [] },
  { pattern: /^a problem, then a question that asks for nothing$/, key: 'closingQuestion', params: [] },
  { pattern: /^negative, in care vocabulary$/, key: 'negativeCare', params: [] },
  { pattern: /^"(.+)" as a wish, not praise$/, key: 'praiseAsWish', params: ['cue'] },
  { pattern: /^"(.+)" with a problem$/, key: 'withProblem', params: ['cue'] },
  { pattern: /^"(.+)" before "(.+)"$/, key: 'beforeContrast', params: ['cue', 'word'] },
  { pattern: /^negated "(.+)"$/, key: 'negatedCue', params: ['cue'] },
  { pattern: /^(\w+): no customer intent$/, key: 'noCustomerIntent', params: [['signal', signal]] },
  { pattern: /^hashtag (#\S+)$/, key: 'hashtag', params: ['tag'] },
  { pattern: /^intent (\w+)(?: \(.*\))?$/, key: 'intent', params: [['intent', signal]] },
  { pattern: /^excluded by a topic's own rule \(NOT\)$/, key: 'topicExclusion', params: [] },
  { pattern: /^no care, marketing or intent cues$/, key: 'noCues', params: [] },
  { pattern: /^marketing cues$/, key: 'marketingCues', params: [] },
  { pattern: /^care vocabulary without a clear intent$/, key: 'careVocabulary', params: [] },
  { pattern: /^negative, with no clear request: kept for a person$/, key: 'keptAsNegative', params: [] },
  { pattern: /^written to (@\S+), with no clear request: kept for a person$/, key: 'addressedKept', params: ['handle'] },
  { pattern: /^a private message to the brand, with no clear request: kept for a person$/, key: 'directMessageKept', params: [] },
  { pattern: /^written on the brand's own Page, with no clear request: kept for a person$/, key: 'ownPageKept', params: [] },
  { pattern: /^tags the brand's account, with no clear request: kept for a person$/, key: 'accountMentionKept', params: [] },
  { pattern: /^a comment to (@\S+), not to the brand, with no clear request$/, key: 'commentToSomeoneElse', params: ['handle'] },
  { pattern: /^written to the brand, with no question, thanks or wish: most often a problem$/, key: 'unsaidProblem', params: [] },
  { pattern: /^tells what was done to its author, with no clear request: kept for a person$/, key: 'actedOnKept', params: [] },
  { pattern: /^tells what was done to its author, with no question, thanks or wish: most often a problem$/, key: 'actedOnProblem', params: [] },
  { pattern: /^too little text to act on$/, key: 'tooLittleToAct', params: [] },
  { pattern: /^a question about nothing a topic follows: small talk$/, key: 'smallTalkQuestion', params: [] },
  { pattern: /^praise of nothing a topic follows: small talk$/, key: 'smallTalkPraise', params: [] },
  { pattern: /^a private message that only acknowledges: nothing to do$/, key: 'acknowledgment', params: [] },
  { pattern: /^question about marketing content$/, key: 'marketingQuestion', params: [] },
  { pattern: /^comparison: "(.+)" or "(.+)"$/, key: 'comparison', params: ['first', 'second'] },
  { pattern: /^rule: (\d+) hashtags, no care words$/, key: 'ruleHashtagsNoCare', params: ['count'] },
  { pattern: /^rule: (\d+) hashtags$/, key: 'ruleHashtags', params: ['count'] },
  { pattern: /^rule: (\d+) links$/, key: 'ruleLinks', params: ['count'] },
  { pattern: /^rule: (\d+) @handles$/, key: 'ruleHandles', params: ['count'] },
  { pattern: /^rule: a character repeated (\d+) times$/, key: 'ruleRepeated', params: ['count'] },
  { pattern: /^rule: all-caps promotion$/, key: 'ruleCapsPromotion', params: [] },
  { pattern: /^rule: (\d+) numbers and nobody in it: a machine-made report$/, key: 'ruleMachineReport', params: ['count'] },
  { pattern: /^rule: labelled as automatic \("(.*)"\)$/, key: 'ruleAutomatedLabel', params: ['label'] },
  { pattern: /^rule: a bulletin \("(.*)"\) stamped with its hour$/, key: 'ruleBulletinStamp', params: ['label'] },
  { pattern: /^rule: followers for sale$/, key: 'ruleFollowersForSale', params: [] },
  { pattern: /^rule: money or a prize for an action$/, key: 'rulePrizeForAction', params: [] },
  // Sentiment (model-sentiment.ts, score-sentiment.ts).
  { pattern: new RegExp(`^model (\\S+): (\\w+) p=${NUMBER}$`), key: 'sentimentModel', params: ['model', ['sentiment', sentiment], 'p'] },
  { pattern: new RegExp(`^lexicon (word|phrase|negated) "(.+)" ${WEIGHT}$`), key: 'lexiconWord', params: [['kind', (v, t) => t(`reason.lexiconKind.${v}`)], 'word', 'weight'] },
  { pattern: new RegExp(`^lexicon emoji (\\S+) ${WEIGHT}$`), key: 'lexiconEmoji', params: ['emoji', 'weight'] },
  { pattern: new RegExp(`^(word|phrase|negated) "(.+)" ${WEIGHT}$`), key: 'lexiconWord', params: [['kind', (v, t) => t(`reason.lexiconKind.${v}`)], 'word', 'weight'] },
  { pattern: new RegExp(`^emoji (\\S+) ${WEIGHT}$`), key: 'lexiconEmoji', params: ['emoji', 'weight'] },
  { pattern: new RegExp(`^contrast "(.+)": before ×${NUMBER}, after ×${NUMBER}$`), key: 'contrast', params: ['word', 'before', 'after'] },
  { pattern: /^no sentiment words or emoji$/, key: 'noSentimentWords', params: [] },
  { pattern: /^too little text to judge$/, key: 'tooLittleToJudge', params: [] },
  { pattern: new RegExp(`^(${Object.keys(FEATURES).map(escape).join('|')}) ${WEIGHT}$`), key: 'featureWeight', params: [['feature', feature], 'weight'] },
  // Language (detect-language.ts).
  { pattern: new RegExp(`^character n-grams favour (\\w+) \\(p=${NUMBER}\\)$`), key: 'ngrams', params: [['language', language], 'p'] },
  { pattern: /^([\w-]+) function words: (.+)$/, key: 'functionWords', params: [['language', language], 'words'] },
  { pattern: /^(\w+) spelling: (.+)$/, key: 'spelling', params: [['language', language], 'words'] },
  { pattern: /^only 1 word to judge$/, key: 'onlyOneWord', params: [] },
  { pattern: /^only (\d+) words to judge$/, key: 'onlyWords', params: ['count'] },
  { pattern: /^only (\d+) of (\d+) words look Italian or English$/, key: 'unfamiliarWords', params: ['known', 'count'] },
  { pattern: /^no words to judge \(.*\)$/, key: 'noWords', params: [] },
  { pattern: /^written in (.+) script \((\d+) of (\d+) letters\)$/, key: 'script', params: ['script', 'count', 'letters'] },
  { pattern: /^letters that Italian, English, Spanish, French, German and Portuguese do not use: (.+)$/, key: 'foreignLetters', params: ['letters'] },
  // Near duplicates (libs/search), people's corrections (the API), a pipeline failure.
  { pattern: /^near duplicate of (\S+) \(distance (\d+)\)$/, key: 'nearDuplicate', params: ['id', 'distance'] },
  { pattern: /^own label: (\w+)$/, key: 'ownLabel', params: [['label', signal]] },
  { pattern: /^left the near-duplicate group of (\S+): its first mention is no longer a service issue$/, key: 'leftGroup', params: ['id'] },
  { pattern: /^corrected by (.+)$/, key: 'correctedBy', params: ['name'] },
  { pattern: /^pipeline error: (.*)$/, key: 'pipelineError', params: ['error'] },
  // Last, the most general: a rule's cue as quoted, and a word or emoji with its weight in a model.
  { pattern: /^"(.+)"$/, key: 'cue', params: ['cue'] },
  { pattern: new RegExp(`^"(.+)" ${WEIGHT}$`), key: 'modelWord', params: ['word', 'weight'] },
  { pattern: new RegExp(`^(\\S+) ${WEIGHT}$`), key: 'modelSymbol', params: ['symbol', 'weight'] },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every translation key the formats use (the dashboard checks its translation files have them). */
export const REASON_KEYS: readonly string[] = [
  ...new Set([
    ...FORMATS.map((f) => `reason.${f.key}`),
    ...Object.values(FEATURES).map((key) => `reason.feature.${key}`),
    ...['word', 'phrase', 'negated'].map((kind) => `reason.lexiconKind.${kind}`),
  ]),
];

function find(reason: string): { format: ReasonFormat; match: RegExpExecArray } | null {
  for (const format of FORMATS) {
    const match = format.pattern.exec(reason);
    if (match) return { format, match };
  }
  return null;
}

/** The translation key of a reason's format, or null when the format is not known (it is then shown as written). */
export function reasonKey(reason: string): string | null {
  const found = find(reason);
  return found ? `reason.${found.format.key}` : null;
}

const DECIMAL = /^[-+]?\d+\.\d+$/;

/**
 * The reason in the reader's language (through `t`), or as written when its format is not known.
 * `decimal`: the reader's decimal separator for the numbers in it (Italian writes 0,97).
 */
export function reasonText(reason: string, t: TranslateReason, options: { decimal?: string } = {}): string {
  const found = find(reason);
  if (!found) return reason;
  const decimal = options.decimal ?? '.';
  const params: Record<string, string> = {};
  found.format.params.forEach((param, i) => {
    const value = found.match[i + 1] ?? '';
    if (typeof param !== 'string') params[param[0]] = param[1](value, t);
    else params[param] = decimal !== '.' && DECIMAL.test(value) ? value.replace('.', decimal) : value;
  });
  return t(`reason.${found.format.key}`, params);
}
