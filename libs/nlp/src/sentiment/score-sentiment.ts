import type { Language, Sentiment } from '@ascolto/domain';
import { SENTENCE_BREAK, tokenize, type Tokens } from '../text/tokenize';
import {
  AFTER_CONTRAST,
  BEFORE_CONTRAST,
  CONTRAST_CONJUNCTIONS,
  EMOJI_LEXICON,
  EMOTICON_VALENCES,
  LEXICONS,
  NEGATION_FACTOR,
  NEGATION_WINDOW,
  NORMALISATION_ALPHA,
  POLARITY_THRESHOLD,
  type CompiledLexicon,
  type Phrase,
} from './sentiment-lexicon';

export interface SentimentResult {
  sentiment: Sentiment;
  /** In [-1, 1]. */
  score: number;
  confidence: number;
  /** The words, phrases and emoji that counted, with their valence. */
  reasons: string[];
}

const MAX_REASONS = 8;
const ITALIAN_ONLY: readonly CompiledLexicon[] = [LEXICONS.it];
const ENGLISH_ONLY: readonly CompiledLexicon[] = [LEXICONS.en];
/** For `other`: short Italian or English posts often land there, so both are consulted. */
const BOTH: readonly CompiledLexicon[] = [LEXICONS.it, LEXICONS.en];

/**
 * Lexicon scoring (AFINN valences, see sentiment-lexicon.ts) with phrases, negation, intensifiers,
 * contrast ("ma", "but"), emoji and emoticons. For `other` both the Italian and the English lexicon are consulted, because
 * short Italian or English posts often land there; confidence is lowered accordingly.
 */
export function scoreSentiment(text: string, language: Language): SentimentResult {
  return scoreSentimentFromTokens(tokenize(text), language);
}

export function scoreSentimentFromTokens(tokens: Tokens, language: Language): SentimentResult {
  const lexicons = language === 'it' ? ITALIAN_ONLY : language === 'en' ? ENGLISH_ONLY : BOTH;

  let sum = 0;
  let hits = 0;
  const reasons: string[] = [];

  const words = tokens.words;
  let negatedUntil = -1;
  let boost = 1;
  let boostUntil = -1;
  // After the first contrast ("…, ma", "…, but") what came before counts less and what follows more.
  let weight = 1;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (weight === 1 && i > 0 && CONTRAST_CONJUNCTIONS.has(word)) {
      sum *= BEFORE_CONTRAST;
      weight = AFTER_CONTRAST;
      if (hits > 0 && reasons.length < MAX_REASONS) reasons.push(`contrast "${word}": before ×${BEFORE_CONTRAST}, after ×${AFTER_CONTRAST}`);
      continue;
    }
    if (word === SENTENCE_BREAK) {
      negatedUntil = -1;
      boostUntil = -1;
      continue;
    }
    for (let l = 0; l < lexicons.length; l++) {
      const entry = lexicons[l].entries.get(word);
      if (!entry) continue;
      const phrase = entry.phrases ? matchPhrase(entry.phrases, words, i) : null;
      if (phrase) {
        if (phrase.value !== 0) {
          const value = applyModifiers(phrase.value, i <= negatedUntil, i <= boostUntil ? boost : 1) * weight;
          sum += value;
          hits++;
          if (reasons.length < MAX_REASONS) reasons.push(`phrase "${phrase.text}" ${signed(value)}`);
        }
        // A phrase worth 0 only shields its words ("top up" is not praise).
        i += phrase.rest.length;
        boostUntil = -1;
        break;
      }
      if (entry.negator) {
        negatedUntil = i + NEGATION_WINDOW;
        break;
      }
      if (entry.intensity !== undefined) {
        // Applies to a lexicon word right after it, or one word later ("molto più lento").
        boost = entry.intensity;
        boostUntil = i + 2;
        break;
      }
      if (entry.valence !== undefined) {
        const negated = i <= negatedUntil;
        const value = applyModifiers(entry.valence, negated, i <= boostUntil ? boost : 1) * weight;
        sum += value;
        hits++;
        if (reasons.length < MAX_REASONS) reasons.push(negated ? `negated "${word}" ${signed(value)}` : `word "${word}" ${signed(value)}`);
        boostUntil = -1;
        break;
      }
    }
  }

  for (const symbol of tokens.emoji) {
    const valence = EMOTICON_VALENCES[symbol] ?? EMOJI_LEXICON.get(symbol);
    if (valence === undefined) continue;
    sum += valence;
    hits++;
    if (reasons.length < MAX_REASONS) reasons.push(`emoji ${symbol} ${signed(valence)}`);
  }

  if (hits === 0) {
    const few = tokens.wordCount < 3;
    return {
      sentiment: 'neutral',
      score: 0,
      confidence: few ? 0.2 : 0.5,
      reasons: [few ? 'too little text to judge' : 'no sentiment words or emoji'],
    };
  }

  const score = round3(sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA));
  const sentiment: Sentiment = score >= POLARITY_THRESHOLD ? 'positive' : score <= -POLARITY_THRESHOLD ? 'negative' : 'neutral';
  // Confidence grows with the strength of the score and the number of cues, and is lower when the
  // language (and so the lexicon) was a guess.
  const strength = sentiment === 'neutral' ? 1 - Math.abs(score) / POLARITY_THRESHOLD : Math.abs(score);
  let confidence = 0.35 + 0.4 * strength + 0.05 * Math.min(hits, 4);
  if (language === 'other') confidence *= 0.7;
  return { sentiment, score, confidence: round2(Math.min(0.95, confidence)), reasons };
}

function matchPhrase(candidates: Phrase[], words: string[], i: number): Phrase | null {
  for (const phrase of candidates) {
    if (i + phrase.rest.length >= words.length) continue;
    let ok = true;
    for (let k = 0; k < phrase.rest.length; k++) {
      if (words[i + 1 + k] !== phrase.rest[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return phrase;
  }
  return null;
}

function applyModifiers(valence: number, negated: boolean, boost: number): number {
  const value = valence * boost;
  return negated ? value * NEGATION_FACTOR : value;
}

function signed(x: number): string {
  const r = Math.round(x * 10) / 10;
  return r > 0 ? `+${r}` : `${r}`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
