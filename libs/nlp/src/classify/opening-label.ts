/**
 * The label a post opens with, if it has one: "Weather bot: Leeds 4°C…" → `weather bot`,
 * "[Avviso automatico] Traffico intenso sulla A1…" → `avviso automatico`, "Flight status: NA118…" →
 * `flight status`. Feeds and bots head every post with the same few words; people seldom do, and
 * when they do ("Update: still no refund") the rest of the post names a person or a problem, which
 * the rules that read the label check (`automatedPost`, classify-mention.ts).
 *
 * The lower-case words of a leading `[…]` or `(…)`, or of the words before a first `:` that a space
 * or the end follows (not a clock, "14:30", nor a link, nor an emoticon). At most MAX_LABEL_WORDS
 * words within MAX_LABEL_CHARS characters; a label holding an @handle, a question or a sentence end
 * is the start of a sentence, not a label. Reads the text because the tokens have lost the colon.
 */
export const MAX_LABEL_WORDS = 4;
export const MAX_LABEL_CHARS = 40;
/** Leading characters that may come before the label: spaces, emoji, bullets ("🚨 Avviso: …"). */
const MAX_LEAD_CHARS = 8;

const LABEL_WORD = /[\p{L}\p{N}]+/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function openingLabel(text: string): string[] | null {
  if (typeof text !== 'string') return null;
  const n = text.length;
  let start = 0;
  while (start < n && start < MAX_LEAD_CHARS) {
    const c = text.charCodeAt(start);
    // A post that opens with a handle is written to someone.
    if (c === 0x40) return null;
    if (c === 0x5b || c === 0x28) break;
    // ASCII decides at once; only a character beyond it (an accented capital, an emoji) asks the regex.
    if (c < 0x80 ? (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) : LETTER_OR_DIGIT.test(text[start])) break;
    start++;
  }
  if (start >= n || start >= MAX_LEAD_CHARS) return null;
  const open = text.charCodeAt(start);
  let label: string;
  if (open === 0x5b || open === 0x28) {
    const close = text.indexOf(open === 0x5b ? ']' : ')', start + 1);
    if (close < 0 || close - start > MAX_LABEL_CHARS) return null;
    label = text.slice(start + 1, close);
  } else {
    const limit = Math.min(n, start + MAX_LABEL_CHARS + 1);
    let colon = -1;
    for (let i = start; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x3a) {
        colon = i;
        break;
      }
      // A sentence, a question or a handle before any colon: no label.
      if (c === 0x2e || c === 0x3f || c === 0x21 || c === 0x40 || c === 0x0a) return null;
    }
    if (colon < 0) return null;
    const after = colon + 1 < n ? text.charCodeAt(colon + 1) : 0x20;
    // "14:30", "https://…", ":)": a clock, a link or an emoticon, not the end of a label.
    if (after !== 0x20 && after !== 0x09 && after !== 0x0a && after !== 0xa0) return null;
    label = text.slice(start, colon);
  }
  if (/[@?!.]/.test(label)) return null;
  const words = label.toLowerCase().match(LABEL_WORD);
  if (!words || words.length > MAX_LABEL_WORDS) return null;
  return words;
}
