/**
 * One scan of the text shared by language detection, sentiment, classification and priority.
 * `analyzeMention` tokenises once and hands the tokens to every stage; the public stage functions
 * that take a string tokenise for themselves.
 */

/** Analysis looks at the start of long posts only; the label of a 50,000-character text is decided by its first few thousand. */
export const MAX_ANALYSIS_CHARS = 4_000;

export interface Tokens {
  /**
   * Lower-case words in order. Hashtags keep their `#` (`#velaestate`), mentions their `@`.
   * Apostrophes are normalised to `'`; Italian elisions are split (`dell'assistenza` →
   * `dell'`, `assistenza`), English contractions are kept whole (`don't`). Sentence ends
   * (`.`, `!`, `?`, `;`, line breaks) appear as the token `SENTENCE_BREAK`, so that phrases and
   * negation do not reach across sentences.
   */
  words: string[];
  /** Hashtags as written, case kept (`#NonFunzionaNiente`), so features can split them into words. */
  tags: string[];
  /** Words proper (without sentence breaks). */
  wordCount: number;
  /** Emoji (variation selectors removed) and emoticons such as `:)` and `<3`, in order. */
  emoji: string[];
  questionMarks: number;
  exclamationMarks: number;
  /**
   * Opening `¿` and `¡` (also counted in questionMarks and exclamationMarks): only Spanish writes
   * them, and language detection sees no other punctuation. One that follows a letter is not
   * counted: that is mojibake (`ï¿½`, `Ã¡`), not Spanish.
   */
  invertedMarks: number;
  urls: number;
  hashtags: number;
  mentions: number;
  /** Letters seen, and how many of them were upper case (for the all-caps signal). */
  letters: number;
  upperLetters: number;
  /** Longest run of one repeated character (`!!!!!!`, `sooooo`). */
  longestRepeat: number;
  /**
   * The last question of the post, as indexes into `words`: its first word and the index just past
   * its last word (so "… 9 giorni. Che fine ha fatto?" gives the span of "che fine ha fatto").
   * Both -1 when no word is followed by a question mark.
   */
  lastQuestionStart: number;
  lastQuestionEnd: number;
  /** Amounts of money: a `€`, `$` or `£` next to a digit (`5€`, `$9.99`, `€ 20`). */
  moneyAmounts: number;
  /** Words that start with a digit (`12`, `10k`, `2026`): prices, scores, readings. */
  numbers: number;
  /** Length of the analysed slice. */
  length: number;
}

/**
 * Italian chat shorthand, written out: "nn funziona" is "non funziona" to the negation scope, the
 * keyword rules and the models alike. Only forms that are not English words ("x" for "per" and "k"
 * for "che" are left alone: "3 x 2", "k thanks").
 */
const CHAT_SHORTHAND = new Map<string, string>([
  ['nn', 'non'], ['xké', 'perché'], ['xkè', 'perché'], ['xke', 'perché'], ['xché', 'perché'], ['xchè', 'perché'], ['xk', 'perché'],
  ['cmq', 'comunque'], ['cmnq', 'comunque'], ['qlc', 'qualche'], ['qlk', 'qualche'], ['qlcs', 'qualcosa'], ['qlks', 'qualcosa'],
  ['qcs', 'qualcosa'], ['nnt', 'niente'], ['ke', 'che'], ['anke', 'anche'], ['qnd', 'quando'], ['qndo', 'quando'], ['dmn', 'domani'],
]);
const LONGEST_SHORTHAND = 5;

const ITALIAN_ELISIONS = new Set([
  "l'", "dell'", "dall'", "nell'", "sull'", "all'", "coll'", "un'", "c'", "d'", "quell'", "quest'", "s'", "m'", "t'", "v'",
  "n'", "anch'", "tutt'", "dev'", "com'", "dov'", "cos'", "bell'", "sant'", "mezz'", "nessun'", "qual'",
]);

/** Emoticons recognised as tokens; longest first so `:-)` wins over `:-`. */
const EMOTICONS = [":'(", ':-)', ':-(', ':-D', ';-)', ':-/', ':-P', ':)', ':(', ':D', ';)', ':/', ':P', ':p', '=)', '=(', '<3', '</3', ':*'];
const EMOTICON_STARTS = new Set(EMOTICONS.map((e) => e.charCodeAt(0)));

export const SENTENCE_BREAK = '.';

export function tokenize(text: string): Tokens {
  return scan(typeof text === 'string' ? text : '');
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

const LETTER_RE = /[\p{L}\p{M}]/u;

/** Letters and digits of any script; the fast ranges cover Latin, the regex the rest. */
/** A character a handle may hold after a dot: ASCII letters, digits and the underscore. */
function isHandleChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

function isWordChar(c: number, text: string, i: number): boolean {
  if (c < 0x80) return isAsciiLetter(c) || (c >= 0x30 && c <= 0x39);
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  if (c < 0x370) return c >= 0x300; // combining marks
  if (c >= 0x2000 && c <= 0x2bff) return false; // punctuation, symbols, arrows, dingbats
  if (c >= 0xd800 && c <= 0xdfff) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp >= 0x1f000) return false;
    return LETTER_RE.test(String.fromCodePoint(cp));
  }
  return LETTER_RE.test(text[i]);
}

/** A digit at `i`, or one space further in direction `step` (`€ 20`, `20 €`). */
function isDigitNear(text: string, i: number, step: 1 | -1): boolean {
  let c = text.charCodeAt(i);
  if (c === 0x20) c = text.charCodeAt(i + step);
  return c >= 0x30 && c <= 0x39;
}

function isEmoji(cp: number): boolean {
  return (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf) || (cp >= 0x2190 && cp <= 0x21ff) || (cp >= 0x2b00 && cp <= 0x2bff) || cp === 0x2122 || cp === 0x2139;
}

function scan(full: string): Tokens {
  const text = full.length > MAX_ANALYSIS_CHARS ? full.slice(0, MAX_ANALYSIS_CHARS) : full;
  const n = text.length;
  const words: string[] = [];
  const emoji: string[] = [];
  const tags: string[] = [];
  let questionMarks = 0;
  let exclamationMarks = 0;
  let invertedMarks = 0;
  let urls = 0;
  let hashtags = 0;
  let mentions = 0;
  let letters = 0;
  let upperLetters = 0;
  let moneyAmounts = 0;
  let lastQuestionStart = -1;
  let lastQuestionEnd = -1;
  const countLetter = (ch: number) => {
    if (ch >= 0x41 && ch <= 0x5a) {
      letters++;
      upperLetters++;
    } else if ((ch >= 0x61 && ch <= 0x7a) || ch >= 0xc0) {
      letters++;
      if (ch >= 0xc0 && ch <= 0xde && ch !== 0xd7) upperLetters++;
    }
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);

    // URLs are skipped whole: their letters are neither words nor language evidence.
    if ((c === 0x68 || c === 0x77 || c === 0x48 || c === 0x57) && (i === 0 || !isWordChar(text.charCodeAt(i - 1), text, i - 1)) && startsUrl(text, i)) {
      urls++;
      while (i < n && !isSpace(text.charCodeAt(i))) i++;
      continue;
    }

    // An @ after a letter or digit is an e-mail address ("anna@example.com"), not a handle.
    const handleStart = c === 0x40 && (i === 0 || !isWordChar(text.charCodeAt(i - 1), text, i - 1));
    if (isWordChar(c, text, i) || ((c === 0x23 || handleStart) && i + 1 < n && isWordChar(text.charCodeAt(i + 1), text, i + 1))) {
      const start = i;
      let curly = false;
      if (c === 0x23) hashtags++;
      else if (c === 0x40) mentions++;
      else countLetter(c);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d >= 0x61 && d <= 0x7a) {
          letters++;
          i++;
          continue;
        }
        if ((d >= 0x41 && d <= 0x5a) || (d >= 0x30 && d <= 0x39)) {
          countLetter(d);
          i++;
          continue;
        }
        if (d >= 0x80 && isWordChar(d, text, i)) {
          countLetter(d);
          if (d >= 0xd800 && d <= 0xdbff) i++;
          i++;
          continue;
        }
        // An apostrophe between letters stays inside the word: dell'ordine, don't.
        if ((d === 0x27 || d === 0x2019) && i + 1 < n && isWordChar(text.charCodeAt(i + 1), text, i + 1)) {
          if (d === 0x2019) curly = true;
          i++;
          continue;
        }
        // Handles and tags may contain underscores (@vela_mobile).
        if ((c === 0x40 || c === 0x23) && d === 0x5f) {
          i++;
          continue;
        }
        // Instagram and TikTok handles may contain dots between their characters (@ottica.lince);
        // a dot at the end ends the sentence ("scrivete a @ottica.lince.").
        if (c === 0x40 && d === 0x2e && i + 1 < n && isHandleChar(text.charCodeAt(i + 1))) {
          i++;
          continue;
        }
        break;
      }
      // "bit.ly/x1", "vela.it/promo": a link written without its scheme is a link too.
      if (c !== 0x23 && c !== 0x40 && i < n && text.charCodeAt(i) === 0x2e) {
        const linkEnd = bareLinkEnd(text, start, i);
        if (linkEnd > 0) {
          urls++;
          i = linkEnd;
          continue;
        }
      }
      const written = text.slice(start, i);
      if (c === 0x23) tags.push(written);
      const lower = written.toLowerCase();
      pushWord(words, curly ? lower.replace(/\u2019/g, "'") : lower);
      continue;
    }

    if (c === 0x2e || c === 0x3f || c === 0x21 || c === 0x3b || c === 0x0a || c === 0x2026) {
      if (words.length > 0 && words[words.length - 1] !== SENTENCE_BREAK) {
        if (c === 0x3f) {
          lastQuestionEnd = words.length;
          lastQuestionStart = words.lastIndexOf(SENTENCE_BREAK) + 1;
        }
        words.push(SENTENCE_BREAK);
      }
    }
    if ((c === 0x24 || c === 0x20ac || c === 0xa3) && (isDigitNear(text, i - 1, -1) || isDigitNear(text, i + 1, 1))) moneyAmounts++;
    if (c === 0x3f || c === 0xbf) questionMarks++;
    else if (c === 0x21 || c === 0xa1) exclamationMarks++;
    if ((c === 0xbf || c === 0xa1) && (i === 0 || !isWordChar(text.charCodeAt(i - 1), text, i - 1))) invertedMarks++;
    else if (EMOTICON_STARTS.has(c)) {
      const emoticon = matchEmoticon(text, i);
      if (emoticon) {
        emoji.push(emoticon);
        i += emoticon.length;
        continue;
      }
    } else if (c >= 0x2190) {
      const cp = text.codePointAt(i) ?? c;
      if (isEmoji(cp)) {
        emoji.push(String.fromCodePoint(cp));
        i += cp > 0xffff ? 2 : 1;
        continue;
      }
    }
    i++;
  }
  let wordCount = 0;
  let numbers = 0;
  for (const w of words) {
    if (w === SENTENCE_BREAK) continue;
    wordCount++;
    const first = w.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39) numbers++;
  }
  return { words, tags, wordCount, emoji, questionMarks, exclamationMarks, invertedMarks, urls, hashtags, mentions, letters, upperLetters, longestRepeat: longestRun(text), length: n, lastQuestionStart, lastQuestionEnd, moneyAmounts, numbers };
}

function longestRun(text: string): number {
  let longest = text.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === text.charCodeAt(i - 1) && c !== 0x20) {
      if (++run > longest) longest = run;
    } else {
      run = 1;
    }
  }
  return longest;
}

function pushWord(words: string[], word: string): void {
  const apostrophe = word.indexOf("'");
  if (apostrophe > 0 && apostrophe < word.length - 1) {
    const prefix = word.slice(0, apostrophe + 1);
    if (ITALIAN_ELISIONS.has(prefix)) {
      words.push(prefix);
      pushWord(words, word.slice(apostrophe + 1));
      return;
    }
  }
  words.push((word.length <= LONGEST_SHORTHAND && CHAT_SHORTHAND.get(word)) || word);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0;
}

/** `http://`, `https://` or `www.` at i, case-insensitive, without allocating. */
function startsUrl(text: string, i: number): boolean {
  const lower = (k: number) => text.charCodeAt(i + k) | 0x20;
  if (lower(0) === 0x77) return lower(1) === 0x77 && lower(2) === 0x77 && text.charCodeAt(i + 3) === 0x2e;
  if (lower(0) !== 0x68 || lower(1) !== 0x74 || lower(2) !== 0x74 || lower(3) !== 0x70) return false;
  const k = lower(4) === 0x73 ? 5 : 4;
  return text.charCodeAt(i + k) === 0x3a && text.charCodeAt(i + k + 1) === 0x2f && text.charCodeAt(i + k + 2) === 0x2f;
}

/**
 * Where a link written without `http://` or `www.` ends, when the word text[start, end) is its
 * first label (`bit.ly/x1`, `amzn.to/3AbC`, `vela.it/promo`), or -1. Only with a path after a
 * top-level domain of 2–6 letters: "vela.it" alone and "ok.grazie" (a missing space) stay words.
 */
function bareLinkEnd(text: string, start: number, end: number): number {
  for (let k = start; k < end; k++) if (!isAsciiAlphanumeric(text.charCodeAt(k))) return -1;
  const n = text.length;
  let i = end;
  let topLevelLength = 0;
  while (i < n && text.charCodeAt(i) === 0x2e) {
    let j = i + 1;
    let lettersOnly = true;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (isAsciiLetter(c)) continue;
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d) lettersOnly = false;
      else break;
    }
    if (j === i + 1) return -1;
    topLevelLength = lettersOnly ? j - i - 1 : 0;
    i = j;
  }
  if (i >= n || text.charCodeAt(i) !== 0x2f || topLevelLength < 2 || topLevelLength > 6) return -1;
  while (i < n && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isAsciiAlphanumeric(c: number): boolean {
  return isAsciiLetter(c) || (c >= 0x30 && c <= 0x39);
}

function matchEmoticon(text: string, i: number): string | null {
  for (const e of EMOTICONS) {
    if (text.startsWith(e, i)) {
      // "xD" only counts on its own, not inside a word; ":/" not inside "https://" (URLs are skipped earlier).
      const after = text.charCodeAt(i + e.length);
      if (Number.isNaN(after) || !isAsciiLetter(after)) return e;
    }
  }
  return null;
}
