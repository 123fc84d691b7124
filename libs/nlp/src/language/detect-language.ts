import type { Language, LabelExplanation } from '@ascolto/domain';
import { tokenize, type Tokens } from '../text/tokenize';
import {
  DECISIVE_WORD_SCORE,
  ENGLISH_TRIGRAMS,
  ENGLISH_WORDS,
  ITALIAN_TRIGRAMS,
  ITALIAN_WORDS,
  MIN_MARGIN,
  MIN_WORDS,
  OTHER_LANGUAGE_WORDS,
  TRIGRAM_WEIGHT,
  VOWEL_ENDING_THRESHOLD,
  VOWEL_ENDING_WEIGHT,
} from './language-rules';

export type LanguageResult = LabelExplanation & { language: Language };

const TRIGRAMS = new Map<string, 'it' | 'en'>([
  ...ITALIAN_TRIGRAMS.map((t): [string, 'it'] => [t, 'it']),
  ...ENGLISH_TRIGRAMS.map((t): [string, 'en'] => [t, 'en']),
]);
/** One lookup per word: which list it is on, and its weight. Italian wins over English over other. */
const FUNCTION_WORDS = new Map<string, { lang: 'it' | 'en' | 'other'; weight: number }>();
for (const [list, lang] of [[OTHER_LANGUAGE_WORDS, 'other'], [ENGLISH_WORDS, 'en'], [ITALIAN_WORDS, 'it']] as const) {
  for (const [word, weight] of Object.entries(list)) FUNCTION_WORDS.set(word, { lang, weight });
}

/** Trigrams are computed on at most this many words. */
const MAX_TRIGRAM_WORDS = 80;
const MAX_REASON_WORDS = 5;

/**
 * Italian, English or `other`, with the words and trigrams that decided (see language-rules.ts for
 * the method). `other` means "not clearly Italian or English": another language, a text too short
 * to tell, or only emoji, links and hashtags.
 */
export function detectLanguage(text: string): LanguageResult {
  return detectLanguageFromTokens(tokenize(text));
}

export function detectLanguageFromTokens(tokens: Tokens): LanguageResult {
  const { words } = tokens;
  let it = 0;
  let en = 0;
  let other = 0;
  let plainWords = 0;
  const itHits: string[] = [];
  const enHits: string[] = [];
  const otherHits: string[] = [];
  for (const word of words) {
    const first = word.charCodeAt(0);
    if (first === 0x23 || first === 0x40 || first === 0x2e || (first >= 0x30 && first <= 0x39)) continue; // hashtags, handles, sentence breaks, numbers
    plainWords++;
    const hit = FUNCTION_WORDS.get(word);
    if (hit === undefined) continue;
    if (hit.lang === 'it') {
      it += hit.weight;
      addReason(itHits, word);
    } else if (hit.lang === 'en') {
      en += hit.weight;
      addReason(enHits, word);
    } else {
      other += hit.weight;
      addReason(otherHits, word);
    }
  }

  if (plainWords === 0) {
    return result('other', 0.1, ['no words to judge (only emoji, links, hashtags or handles)']);
  }

  const reasons: string[] = [];
  if (itHits.length) reasons.push(`it words: ${quoteList(itHits)}`);
  if (enHits.length) reasons.push(`en words: ${quoteList(enHits)}`);
  if (otherHits.length) reasons.push(`other-language words: ${quoteList(otherHits)}`);

  const wordLead = Math.abs(it - en);
  if (Math.max(it, en) < DECISIVE_WORD_SCORE || wordLead < DECISIVE_WORD_SCORE / 2) {
    const grams = scoreTrigrams(words);
    it += grams.it * TRIGRAM_WEIGHT;
    en += grams.en * TRIGRAM_WEIGHT;
    if (grams.it + grams.en > 0) reasons.push(`trigrams: it ${grams.it}, en ${grams.en}`);
    if (grams.vowelShare >= VOWEL_ENDING_THRESHOLD && grams.counted >= 3) {
      it += VOWEL_ENDING_WEIGHT;
      reasons.push(`${Math.round(grams.vowelShare * 100)}% of words end in a vowel`);
    }
  }

  const best: Language = it >= en ? 'it' : 'en';
  const top = Math.max(it, en);
  const second = Math.min(it, en);
  const total = it + en + other;
  if (other > top) {
    return result('other', clamp01(0.4 + 0.1 * (other - top)), [...reasons, 'words of another language outweigh Italian and English']);
  }
  if (top === 0) {
    return result('other', 0.2, ['no Italian or English function words or trigrams']);
  }
  const margin = (top - second - other) / (total + 1);
  if (plainWords < MIN_WORDS && top < DECISIVE_WORD_SCORE) {
    return result('other', 0.15, [...reasons, `too short to tell (${plainWords} word${plainWords === 1 ? '' : 's'})`]);
  }
  if (margin < MIN_MARGIN) {
    return result('other', clamp01(0.3 - margin), [...reasons, 'Italian and English evidence too close']);
  }
  // More evidence and a wider lead both raise confidence; a handful of words never reaches certainty.
  const evidence = 1 - Math.exp(-top / 4);
  return result(best, round2(clamp01(0.25 + 0.7 * evidence * Math.min(1, margin * 1.5))), reasons);
}

function scoreTrigrams(words: string[]): { it: number; en: number; vowelShare: number; counted: number } {
  let it = 0;
  let en = 0;
  let counted = 0;
  let vowelEnd = 0;
  const limit = Math.min(words.length, MAX_TRIGRAM_WORDS);
  for (let w = 0; w < limit; w++) {
    const word = words[w];
    const first = word.charCodeAt(0);
    if (first === 0x23 || first === 0x40 || word.length < 2 || word.includes("'")) continue;
    if (first >= 0x30 && first <= 0x39) continue;
    counted++;
    const lastChar = word[word.length - 1];
    if ('aeiouàèéìòù'.includes(lastChar)) vowelEnd++;
    const padded = `_${word}_`;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const lang = TRIGRAMS.get(padded.slice(i, i + 3));
      if (lang === 'it') it++;
      else if (lang === 'en') en++;
    }
  }
  return { it, en, vowelShare: counted ? vowelEnd / counted : 0, counted };
}

function addReason(list: string[], word: string): void {
  if (list.length < MAX_REASON_WORDS && !list.includes(word)) list.push(word);
}

function quoteList(words: string[]): string {
  return words.map((w) => `"${w}"`).join(', ');
}

function result(language: Language, confidence: number, reasons: string[]): LanguageResult {
  return { label: language, language, confidence: round2(clamp01(confidence)), reasons };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
