import { Parser } from 'htmlparser2';

/** Longest plain text the pipeline keeps; longer posts are cut (the original stays in `content`). */
export const MAX_TEXT_LENGTH = 10_000;
/**
 * HTML beyond this is not parsed. Generous (markup is often several times the text) but bounded, so
 * a hostile 5 MiB description cannot stall the ingest path.
 */
const MAX_HTML_INPUT = 200_000;
const PARSE_CHUNK = 16_384;

/** Elements whose content is never text a person wrote for others to read. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'select', 'textarea']);
/** Elements that start a new line; everything else is inline and joins its neighbours. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

export interface HtmlTextResult {
  text: string;
  /** `<a href>` elements seen; link-heavy posts are a spam signal even when the link text hides the URL. */
  links: number;
}

/**
 * Plain text from untrusted HTML (or from plain text, which is the common case and skips the
 * parser). Script/style content is dropped, entities are decoded, link text is kept, block elements
 * become line breaks, whitespace is collapsed, control/zero-width/bidi-override characters and lone
 * surrogates are removed, and the result is capped at MAX_TEXT_LENGTH. Never throws.
 */
export function htmlToText(html: string): string {
  return htmlToTextWithLinks(html).text;
}

export function htmlToTextWithLinks(html: string): HtmlTextResult {
  if (typeof html !== 'string' || html.length === 0) return { text: '', links: 0 };
  if (html.indexOf('<') === -1 && html.indexOf('&') === -1) {
    return { text: cleanText(html.length > MAX_HTML_INPUT ? html.slice(0, MAX_HTML_INPUT) : html), links: 0 };
  }
  try {
    return parseHtml(html.length > MAX_HTML_INPUT ? html.slice(0, MAX_HTML_INPUT) : html);
  } catch {
    // htmlparser2 is tolerant and should not throw; if it ever does, losing markup beats losing the post.
    return { text: cleanText(html.replace(/<[^<>]{0,2000}>/g, ' ')), links: 0 };
  }
}

/**
 * One parser for every document, reset between them: building an htmlparser2 Parser (and its
 * tokenizer) costs more than parsing a typical post. The pipeline is synchronous, so one document
 * is parsed at a time; the handlers write into `doc`.
 */
const doc = { parts: [] as string[], length: 0, skipDepth: 0, links: 0, full: false };
const parser = new Parser(
  {
    onopentag(name) {
      if (SKIPPED.has(name)) doc.skipDepth++;
      else if (name === 'a') doc.links++;
      if (BLOCKS.has(name)) doc.parts.push('\n');
      else if (name === 'img') doc.parts.push(' ');
    },
    onclosetag(name) {
      if (SKIPPED.has(name)) {
        if (doc.skipDepth > 0) doc.skipDepth--;
      } else if (BLOCKS.has(name)) {
        doc.parts.push('\n');
      }
    },
    ontext(text) {
      if (doc.skipDepth > 0 || doc.full) return;
      doc.parts.push(text);
      doc.length += text.length;
      // Whitespace collapsing shrinks the text, so keep some slack before stopping.
      if (doc.length > MAX_TEXT_LENGTH * 2) doc.full = true;
    },
  },
  { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeCDATA: false },
);

function parseHtml(html: string): HtmlTextResult {
  doc.parts = [];
  doc.length = 0;
  doc.skipDepth = 0;
  doc.links = 0;
  doc.full = false;
  // Also clears whatever a document that threw half-way left behind.
  parser.reset();
  for (let i = 0; i < html.length && !doc.full; i += PARSE_CHUNK) {
    parser.write(html.slice(i, i + PARSE_CHUNK));
  }
  parser.end();
  const text = cleanText(doc.parts.join(''));
  doc.parts = [];
  return { text, links: doc.links };
}

/**
 * One pass over the string: drops control characters (except line breaks), zero-width and
 * bidirectional-override characters, soft hyphens and lone surrogates; collapses whitespace runs to
 * one space, or one line break when the run contained one; trims; caps the length without cutting a
 * surrogate pair in half.
 */
export function cleanText(input: string): string {
  // Most posts are already clean; returning them as they are spares building a copy piece by piece
  // (a chain of string pieces that every later stage would first have to flatten).
  return isAlreadyClean(input) ? input : rebuildClean(input);
}

/** cleanText's full pass, which copies what it keeps; exported so tests can check the shortcut against it. */
export function rebuildClean(input: string): string {
  let out = '';
  let pendingSpace = 0; // 0 none, 1 space, 2 newline
  let start = -1; // start of the current run of ordinary characters, copied in one slice
  const n = input.length;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    let kind: 0 | 1 | 2 | 3; // 0 keep, 1 space, 2 newline, 3 drop
    let pair = false;
    if (c < 0x20) kind = c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c ? 2 : c === 0x09 ? 1 : 3;
    else if (c < 0x7f) kind = c === 0x20 ? 1 : 0;
    else if (c <= 0x9f) kind = 3; // DEL and C1 controls
    else if (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000) kind = 1;
    else if (c === 0xad || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || c === 0xfeff || c === 0xfffe || c === 0xffff) kind = 3;
    else if (c === 0x2028 || c === 0x2029 || c === 0x85) kind = 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < n ? input.charCodeAt(i + 1) : 0;
      // A valid pair is kept whole; a lone high surrogate is dropped.
      pair = next >= 0xdc00 && next <= 0xdfff;
      kind = pair ? 0 : 3;
    } else if (c >= 0xdc00 && c <= 0xdfff) kind = 3;
    else kind = 0;

    if (kind === 0) {
      if (start < 0) {
        if (pendingSpace > 0 && out.length > 0) out += pendingSpace === 2 ? '\n' : ' ';
        pendingSpace = 0;
        start = i;
      }
      if (pair) i++;
      continue;
    }
    if (start >= 0) {
      out += input.slice(start, i);
      start = -1;
      if (out.length >= MAX_TEXT_LENGTH) break;
    }
    if (kind === 1 && pendingSpace < 1) pendingSpace = 1;
    else if (kind === 2) pendingSpace = 2;
  }
  if (start >= 0) out += input.slice(start);
  if (out.length > MAX_TEXT_LENGTH) {
    let cut = MAX_TEXT_LENGTH;
    const last = out.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut--;
    out = out.slice(0, cut);
  }
  return out;
}

/**
 * Whether cleanText would return `input` unchanged: printable characters and valid surrogate pairs,
 * separated by single spaces or single line feeds, no whitespace at either end, within the cap.
 */
function isAlreadyClean(input: string): boolean {
  const n = input.length;
  if (n === 0 || n > MAX_TEXT_LENGTH) return false;
  let previousSpace = true; // so that leading whitespace counts as a change
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x20 || c === 0x0a) {
      if (previousSpace) return false;
      previousSpace = true;
      continue;
    }
    previousSpace = false;
    if (c < 0x7f) {
      if (c < 0x20) return false;
      continue;
    }
    if (c <= 0xad) {
      if (c <= 0xa0 || c === 0xad) return false; // DEL, C1 controls, no-break space, soft hyphen
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? input.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || next < 0xdc00 || next > 0xdfff) return false;
      i++;
      continue;
    }
    // Other spaces, zero-width, bidirectional and separator characters, byte-order mark, non-characters.
    if (c === 0x1680 || c === 0x3000 || c === 0xfeff || c >= 0xfffe) return false;
    if (c >= 0x2000 && ((c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x206f))) return false;
  }
  return !previousSpace;
}
