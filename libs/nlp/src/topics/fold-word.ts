import { SENTENCE_BREAK, tokenize } from '../text/tokenize';

/** True for text that folding leaves alone apart from a trailing apostrophe: ASCII without capitals. */
function isAsciiLower(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c > 0x7f || (c >= 0x41 && c <= 0x5a)) return false;
  }
  return true;
}
const MARKS = /\p{M}+/gu;

/**
 * The form in which a query word and a document token are compared: lower case, without
 * diacritics (`perché` = `perche`), compatibility forms unified (full-width letters, ligatures),
 * and without the apostrophe that ends an elision (`dell'` = `dell`, so a query never has to know
 * how the tokenizer splits `dell'assistenza`). Applied to both sides, so either spelling finds the
 * other. Lone surrogates pass through unchanged; it never throws.
 */
export function foldWord(word: string): string {
  let folded = word;
  if (!isAsciiLower(word)) {
    // Lower case before decomposing (so `İ` loses its dot) and after (compatibility capitals).
    folded = word.toLowerCase().normalize('NFKD').replace(MARKS, '').toLowerCase();
  }
  let end = folded.length;
  while (end > 1 && folded.charCodeAt(end - 1) === 0x27) end--;
  return end === folded.length ? folded : folded.slice(0, end);
}

/** The English "'s" the tokenizer keeps inside a word ("Vodafone's"), as folded. */
export const POSSESSIVE = "'s";

/** A folded token without a trailing "'s" ("@gustobox's" → "@gustobox"); others unchanged. */
export function withoutPossessive(token: string): string {
  return token.length > POSSESSIVE.length && token.endsWith(POSSESSIVE) ? token.slice(0, -POSSESSIVE.length) : token;
}

/**
 * The folded tokens of a piece of query text, split exactly as the pipeline splits mention text
 * (the same tokenizer), so that `e-mail` or `l'assistenza` in a query means the same token
 * sequence as in a post. Sentence breaks are dropped: a query has no sentences.
 */
export function queryWords(text: string): string[] {
  const words: string[] = [];
  for (const token of tokenize(foldWord(text)).words) {
    if (token === SENTENCE_BREAK) continue;
    const folded = foldWord(token);
    if (folded.length > 0 && folded !== "'") words.push(folded);
  }
  return words;
}
