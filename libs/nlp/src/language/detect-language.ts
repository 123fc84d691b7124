import type { Language, LabelExplanation } from '@ascolto/domain';
import modelFile from '../../models/language-it-en.json';
import { tokenize, type Tokens } from '../text/tokenize';
import { FEATURE_BUFFER_SIZE, LATIN, MAX_WORDS, SCRIPTS, extractLanguageFeatures, newLanguageScan } from './language-features';
import { loadLanguageModel, type LanguageModel } from './language-model';
import {
  EVIDENCE_WORDS,
  FOREIGN_LATIN_WORD_SHARE,
  INITIAL_LL_LANGUAGE,
  INVERTED_MARK_WEIGHT,
  PARTICIPLE_ENDINGS,
  PARTICIPLE_EXCEPTIONS,
  PARTICIPLE_LANGUAGES,
  PARTICIPLE_MIN_LENGTH,
  PAST_OU_EXCEPTIONS,
  PAST_OU_LANGUAGE,
  PAST_OU_MIN_LENGTH,
  IT_EN_WORDS,
  LANGUAGE_NAMES,
  MAX_CONFIDENCE,
  MIN_RULE_SCORE,
  NON_LATIN_SHARE,
  RULE_CHARS,
  RULE_LANGUAGES,
  RULE_LEAD,
  RULE_PAIRS,
  RULE_WORDS,
  SHARED_WORDS,
  SHARED_WORD_WEIGHT,
  UNFAMILIAR_COVERAGE,
  UNFAMILIAR_MAX_IT_EN_WORDS,
  UNFAMILIAR_MIN_WORDS,
  VERB_PLURAL_ENDINGS,
  VERB_PLURAL_LANGUAGES,
  VERB_PLURAL_MIN_LENGTH,
  type RuleLanguage,
} from './language-rules';

export type LanguageResult = LabelExplanation & { language: Language };

export interface LanguageDetector {
  detectLanguage(text: string): LanguageResult;
  detectLanguageFromTokens(tokens: Tokens): LanguageResult;
}

/**
 * What one word says: weights for the rule languages (indexed like RULE_LANGUAGES), whether it is
 * an it/en function word, and the weights that replace `rule` right after one of `after` (RULE_PAIRS).
 */
interface WordEvidence {
  rule: Float64Array | null;
  itEn: 'it' | 'en' | null;
  pair: { after: ReadonlySet<string>; rule: Float64Array } | null;
}

const MAX_REASON_WORDS = 4;
/** Words of one or two letters ("a", "un", "m") say little about familiarity: three letters give three features. */
const MIN_COVERAGE_FEATURES = 3;
const IT = 0;
const EN = 1;
const IT_KIND = RULE_LANGUAGES.length;
/** Hits of spelling evidence (word shapes, `¿ ¡`) for rule language l have kind SPELLING_KIND + l. */
const SPELLING_KIND = RULE_LANGUAGES.length + 2;
/** Most hits one word can add: every rule language, an it/en kind, and spare room. */
const KINDS = 2 * RULE_LANGUAGES.length + 2;
const ES = RULE_LANGUAGES.indexOf('es');

/** Word shapes (wordShape) and the rule languages each is evidence for. */
const NO_SHAPE = 0;
const VERB_PLURAL_SHAPE = 1;
const INITIAL_LL_SHAPE = 2;
const PARTICIPLE_SHAPE = 3;
const PAST_OU_SHAPE = 4;
const SHAPE_LANGUAGES: number[][] = [
  [],
  VERB_PLURAL_LANGUAGES.map((lang) => RULE_LANGUAGES.indexOf(lang)),
  [RULE_LANGUAGES.indexOf(INITIAL_LL_LANGUAGE)],
  PARTICIPLE_LANGUAGES.map((lang) => RULE_LANGUAGES.indexOf(lang)),
  [RULE_LANGUAGES.indexOf(PAST_OU_LANGUAGE)],
];
const VERB_PLURAL_ENDING_CODES = VERB_PLURAL_ENDINGS.map((ending) => ending.charCodeAt(0));
const VOWELS = new Set('aeiouáéíóú'.split('').map((c) => c.charCodeAt(0)));

/**
 * The order of the reasons for each decisive rule language (index l + 1; 0 when none decided): its
 * words and spelling first, then Italian and English, then the other languages. Built once: reasons
 * are listed for nearly every text.
 */
const HIT_ORDER: number[][] = [-1, ...RULE_LANGUAGES.map((_, l) => l)].map((first) => {
  const others = RULE_LANGUAGES.map((_, l) => l).filter((l) => l !== first);
  const lead = first < 0 ? [] : [first, SPELLING_KIND + first];
  return [...lead, IT_KIND, IT_KIND + EN, ...others.flatMap((l) => [l, SPELLING_KIND + l])];
});

/** Function-word hits recorded per text; a text with more has long been decided. */
const MAX_HITS = 96;
/** "0.00" … "0.99", so that reasons do not call toFixed per text (p is floored: 0.999 shows as 0.99). */
const PERCENT = Array.from({ length: 101 }, (_, i) => (Math.min(i, 99) / 100).toFixed(2));

const WORDS = buildWordTable();
const CHARS = new Map<number, { weights: Float64Array; inner: boolean; telling: boolean }>(
  Object.entries(RULE_CHARS).map(([ch, { langs, weight, inner, telling }]) => {
    const weights = new Float64Array(RULE_LANGUAGES.length);
    for (const lang of langs) weights[RULE_LANGUAGES.indexOf(lang)] = weight;
    return [ch.charCodeAt(0), { weights, inner: inner === true, telling: telling === true }];
  }),
);

/**
 * Builds a detector around one it/en model. Detection runs in three stages:
 * 1. script: text written mostly in a non-Latin script (Cyrillic, Arabic, CJK…), or mostly in
 *    Latin letters that none of the six languages uses (ł, ş, ø…), is `other`;
 * 2. rules: function words and characters of Spanish, French, German, Portuguese and of a few
 *    unnamed languages (language-rules.ts), weighed against the Italian and English function words
 *    of the same text;
 * 3. otherwise the trained model decides between Italian and English.
 * Confidence grows with the number of words and with the model's certainty; text without words
 * (emoji, links, handles, numbers) is `other` with a confidence near 0. Never throws.
 */
export function createLanguageDetector(model: LanguageModel): LanguageDetector {
  const buffer = new Int32Array(FEATURE_BUFFER_SIZE);
  const scan = newLanguageScan();
  const ruleScores = new Float64Array(RULE_LANGUAGES.length);
  const distinctive = new Int32Array(RULE_LANGUAGES.length);
  const itEnScores = new Float64Array(2);
  // The function words found in the current text and whose evidence each is (a RULE_LANGUAGES index, or IT_KIND/EN_KIND).
  const hitWords: string[] = new Array<string>(MAX_HITS).fill('');
  const hitKinds = new Int8Array(MAX_HITS);
  const { weights, hashBits, minNgram, maxNgram, scale, temperature } = model;

  function detectFromTokens(tokens: Tokens): LanguageResult {
    extractLanguageFeatures(tokens.words, hashBits, buffer, scan, minNgram, maxNgram);
    if (scan.words === 0) {
      return result('other', 0.02, ['no words to judge (only emoji, links, handles, numbers or punctuation)']);
    }

    // Stage 1: script.
    const letters = scan.scriptLetters;
    let nonLatin = 0;
    let topScript = 1;
    for (let s = 1; s < letters.length; s++) {
      nonLatin += letters[s];
      if (letters[s] > letters[topScript]) topScript = s;
    }
    const allLetters = letters[LATIN] + nonLatin;
    if (allLetters > 0 && nonLatin / allLetters > NON_LATIN_SHARE) {
      const share = nonLatin / allLetters;
      return result('other', share * evidence(scan.words) * MAX_CONFIDENCE, [
        `written in ${SCRIPTS[topScript]} script (${nonLatin} of ${allLetters} letters)`,
      ]);
    }

    // Stage 2: function words and characters.
    ruleScores.fill(0);
    distinctive.fill(0);
    itEnScores.fill(0);
    let hits = 0;
    const words = tokens.words;
    const limit = Math.min(words.length, MAX_WORDS);
    if (tokens.invertedMarks > 0) {
      ruleScores[ES] += INVERTED_MARK_WEIGHT;
      distinctive[ES]++;
      hitWords[hits] = '¿¡';
      hitKinds[hits++] = SPELLING_KIND + ES;
    }
    for (let w = 0; w < limit && hits < MAX_HITS - KINDS; w++) {
      const word = words[w];
      const hit = WORDS.get(word);
      if (hit === undefined) {
        // A word in no list may still be spelt the way only Spanish or Portuguese spell ("lamentamos", "llegado").
        const shape = wordShape(word);
        if (shape === NO_SHAPE || seen(hitWords, hits, word)) continue;
        for (const l of SHAPE_LANGUAGES[shape]) {
          ruleScores[l]++;
          distinctive[l]++;
          hitWords[hits] = word;
          hitKinds[hits++] = SPELLING_KIND + l;
        }
        continue;
      }
      // Each distinct word counts once: "INI INI INI" is one piece of evidence, not three.
      if (seen(hitWords, hits, word)) continue;
      // "est" after "c'" is French; alone it may be Italian ("zona est") (RULE_PAIRS).
      const rule = hit.pair !== null && w > 0 && hit.pair.after.has(words[w - 1]) ? hit.pair.rule : hit.rule;
      if (rule) {
        for (let l = 0; l < ruleScores.length; l++) {
          const weight = rule[l];
          if (weight === 0) continue;
          ruleScores[l] += weight;
          if (weight === 1) distinctive[l]++;
          hitWords[hits] = word;
          hitKinds[hits++] = l;
        }
      }
      if (hit.itEn) {
        const k = hit.itEn === 'it' ? IT : EN;
        itEnScores[k]++;
        hitWords[hits] = word;
        hitKinds[hits++] = IT_KIND + k;
      }
    }
    if (scan.nonAscii) {
      for (let w = 0; w < limit; w++) {
        const word = words[w];
        const first = word.charCodeAt(0);
        if (first === 0x40 || first === 0x23) continue;
        const last = word.length - 1;
        for (let i = 0; i <= last; i++) {
          const c = word.charCodeAt(i);
          if (c < 0xc0) continue;
          const chars = CHARS.get(c);
          if (chars === undefined || (i === last && chars.inner)) continue;
          for (let l = 0; l < ruleScores.length; l++) {
            ruleScores[l] += chars.weights[l];
            if (chars.telling && chars.weights[l] > 0) distinctive[l]++;
          }
        }
      }
    }
    const otherIndex = RULE_LANGUAGES.length - 1;
    const foreignWords = scan.foreignLatinWordCount;
    if (foreignWords > 0) {
      ruleScores[otherIndex] += foreignWords;
      distinctive[otherIndex] += foreignWords;
    }

    // Stage 3: the it/en model.
    // Sum of weights, and how many plain words (not hashtags, at least three letters) the model knows: most of their
    // n-grams have a weight. Counted per word so that one keyboard smash does not count for much.
    let sum = 0;
    let plainWords = 0;
    let knownWords = 0;
    let i = 0;
    for (let w = 0; w < scan.words; w++) {
      const end = scan.wordEnds[w];
      const from = i;
      let known = 0;
      for (; i < end; i++) {
        const weight = weights[buffer[i]];
        sum += weight;
        if (weight !== 0) known++;
      }
      if (scan.wordIsTag[w] === 0 && end - from >= MIN_COVERAGE_FEATURES) {
        plainWords++;
        if (2 * known >= end - from) knownWords++;
      }
    }
    const coverage = plainWords > 0 ? knownWords / plainWords : 1;
    const logOdds = (sum * scale) / temperature;
    const pIt = logOdds >= 0 ? 1 / (1 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1 + Math.exp(logOdds));
    const modelLang: 'it' | 'en' = pIt >= 0.5 ? 'it' : 'en';
    const pBest = modelLang === 'it' ? pIt : 1 - pIt;

    let best = -1;
    for (let l = 0; l < ruleScores.length; l++) if (distinctive[l] > 0 && (best < 0 || ruleScores[l] > ruleScores[best])) best = l;
    const ruleScore = best >= 0 ? ruleScores[best] : 0;
    const counter = itEnScores[IT] + itEnScores[EN];
    const foreignShare = foreignWords / scan.words;
    if (foreignShare >= FOREIGN_LATIN_WORD_SHARE) {
      return result('other', evidence(scan.words) * Math.min(MAX_CONFIDENCE, 0.5 + foreignShare / 2), [
        `letters that Italian, English, Spanish, French, German and Portuguese do not use: ${quoteList(scan.foreignLatinWords)}`,
        ...listHits(hitWords, hitKinds, hits),
      ]);
    }
    if (plainWords >= UNFAMILIAR_MIN_WORDS && coverage < UNFAMILIAR_COVERAGE && counter <= UNFAMILIAR_MAX_IT_EN_WORDS) {
      // Not Italian or English by its letters: the best rule language if there is any evidence for one.
      let any = 0;
      for (let l = 1; l < ruleScores.length; l++) if (ruleScores[l] > ruleScores[any]) any = l;
      const unfamiliar = `only ${knownWords} of ${plainWords} words look Italian or English`;
      if (ruleScores[any] > 0 && ruleScores[any] >= counter) {
        return result(RULE_LANGUAGES[any], 0.3 + 0.4 * (1 - Math.exp(-ruleScores[any])) * evidence(scan.words), [unfamiliar, ...listHits(hitWords, hitKinds, hits, any)]);
      }
      return result('other', (1 - coverage / UNFAMILIAR_COVERAGE) * evidence(scan.words) + 0.3, [unfamiliar, ...listHits(hitWords, hitKinds, hits)]);
    }
    if (best >= 0 && ruleScore >= MIN_RULE_SCORE && ruleScore >= RULE_LEAD * counter) {
      const lang = RULE_LANGUAGES[best];
      const lead = ruleScore / (ruleScore + counter + 1);
      const confidence = (1 - Math.exp(-ruleScore / 2)) * lead * evidence(scan.words) + 0.1;
      return result(lang, confidence, listHits(hitWords, hitKinds, hits, best));
    }
    // Foreign evidence below the bar still lowers confidence in it/en: the text may be mixed.
    const doubt = ruleScore > 0 ? ruleScore / (ruleScore + counter + 2) : 0;
    const confidence = pBest * evidence(scan.words) * (1 - 0.5 * doubt);
    const reasons = [`character n-grams favour ${LANGUAGE_NAMES[modelLang]} (p=${PERCENT[Math.floor(pBest * 100)]})`];
    if (hits > 0) reasons.push(...listHits(hitWords, hitKinds, hits));
    if (scan.words < 3) reasons.push(`only ${scan.words} word${scan.words === 1 ? '' : 's'} to judge`);
    return result(modelLang, confidence, reasons);
  }

  return {
    detectLanguageFromTokens: (tokens) => {
      try {
        return detectFromTokens(tokens);
      } catch (err) {
        return result('other', 0, [`language detection failed: ${err instanceof Error ? err.message.slice(0, 80) : 'unknown error'}`]);
      }
    },
    detectLanguage: (text) => {
      try {
        return detectFromTokens(tokenize(text));
      } catch (err) {
        return result('other', 0, [`language detection failed: ${err instanceof Error ? err.message.slice(0, 80) : 'unknown error'}`]);
      }
    },
  };
}

/** The committed model, decoded once when this module is first imported. */
const defaultDetector = createLanguageDetector(loadLanguageModel(modelFile));

/**
 * Italian, English, Spanish, French, German, Portuguese or `other`, with a confidence in [0, 1] and
 * the evidence that decided (see createLanguageDetector).
 */
export function detectLanguage(text: string): LanguageResult {
  return defaultDetector.detectLanguage(text);
}

export function detectLanguageFromTokens(tokens: Tokens): LanguageResult {
  return defaultDetector.detectLanguageFromTokens(tokens);
}

/**
 * Which of the word shapes of language-rules.ts a word has (a Spanish or Portuguese first person
 * plural or past participle, a Spanish initial "ll" and vowel, a Portuguese past in -ou); handles
 * and hashtags have none. A few character comparisons, run only on words that are in no list.
 */
function wordShape(word: string): number {
  const len = word.length;
  const first = word.charCodeAt(0);
  if (first === 0x40 || first === 0x23) return NO_SHAPE;
  if (first === 0x6c && len >= 4 && word.charCodeAt(1) === 0x6c && VOWELS.has(word.charCodeAt(2))) return INITIAL_LL_SHAPE;
  const last = word.charCodeAt(len - 1);
  if (last === 0x75 && len >= PAST_OU_MIN_LENGTH && word.charCodeAt(len - 2) === 0x6f && !VOWELS.has(word.charCodeAt(len - 3)) && isLetter(word.charCodeAt(len - 3))) {
    return PAST_OU_EXCEPTIONS.has(word) ? NO_SHAPE : PAST_OU_SHAPE;
  }
  if (len >= PARTICIPLE_MIN_LENGTH && PARTICIPLE_ENDINGS.some((ending) => word.endsWith(ending)) && !PARTICIPLE_EXCEPTIONS.has(word)) return PARTICIPLE_SHAPE;
  if (len < VERB_PLURAL_MIN_LENGTH || last !== 0x73 || word.charCodeAt(len - 2) !== 0x6f || word.charCodeAt(len - 3) !== 0x6d) return NO_SHAPE;
  return VERB_PLURAL_ENDING_CODES.includes(word.charCodeAt(len - 4)) ? VERB_PLURAL_SHAPE : NO_SHAPE;
}

/** A lower-case a–z letter (the tokenizer lower-cases; digits and apostrophes are not letters). */
function isLetter(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

function buildWordTable(): Map<string, WordEvidence> {
  const table = new Map<string, WordEvidence>();
  const entry = (word: string): WordEvidence => {
    let e = table.get(word);
    if (!e) table.set(word, (e = { rule: null, itEn: null, pair: null }));
    return e;
  };
  RULE_LANGUAGES.forEach((lang: RuleLanguage, l) => {
    for (const word of RULE_WORDS[lang].split(/\s+/)) {
      if (!word) continue;
      const e = entry(word);
      e.rule ??= new Float64Array(RULE_LANGUAGES.length);
      e.rule[l] = SHARED_WORDS.has(word) ? SHARED_WORD_WEIGHT : 1;
    }
  });
  for (const lang of ['it', 'en'] as const) {
    for (const word of IT_EN_WORDS[lang].split(/\s+/)) if (word) entry(word).itEn = lang;
  }
  for (const { word, after, lang } of RULE_PAIRS) {
    const e = entry(word);
    const rule = Float64Array.from(e.rule ?? new Float64Array(RULE_LANGUAGES.length));
    rule[RULE_LANGUAGES.indexOf(lang)] = 1;
    e.pair = { after: new Set(after), rule };
  }
  return table;
}

/** 0 for no words, rising towards 1: with EVIDENCE_WORDS words about 0.63, with 10 words about 0.96. */
function evidence(words: number): number {
  return 1 - Math.exp(-words / EVIDENCE_WORDS);
}

function seen(words: readonly string[], count: number, word: string): boolean {
  for (let i = 0; i < count; i++) if (words[i] === word) return true;
  return false;
}

/**
 * "Spanish function words: "los", "para"", "Spanish spelling: "¿¡", "lamentamos"", one reason per
 * language and kind, the decisive language first.
 */
function listHits(words: readonly string[], kinds: Int8Array, count: number, first = -1): string[] {
  const reasons: string[] = [];
  for (const kind of HIT_ORDER[first + 1]) {
    const list: string[] = [];
    for (let i = 0; i < count; i++) if (kinds[i] === kind) list.push(words[i]);
    if (list.length === 0) continue;
    if (kind >= SPELLING_KIND) {
      reasons.push(`${LANGUAGE_NAMES[RULE_LANGUAGES[kind - SPELLING_KIND]]} spelling: ${quoteList(list)}`);
      continue;
    }
    const name = kind === IT_KIND ? 'Italian' : kind === IT_KIND + EN ? 'English' : LANGUAGE_NAMES[RULE_LANGUAGES[kind]];
    reasons.push(`${name} function words: ${quoteList(list)}`);
  }
  return reasons;
}

function quoteList(words: string[]): string {
  return words
    .slice(0, MAX_REASON_WORDS)
    .map((w) => `"${w}"`)
    .join(', ');
}

function result(language: Language, confidence: number, reasons: string[]): LanguageResult {
  const c = Number.isFinite(confidence) ? Math.min(MAX_CONFIDENCE, Math.max(0, confidence)) : 0;
  return { label: language, language, confidence: Math.round(c * 100) / 100, reasons };
}
