import { LANGUAGES, type Language } from '@ascolto/domain';
import { queryWords } from './fold-word';
import type { TopicQueryNode } from './topic-query-ast';
import { TopicQueryError } from './topic-query-error';

/**
 * The topic query language (what an admin writes to say which mentions belong to a topic):
 *
 *   vela mobile              both words (implicit AND; `vela AND mobile` says the same)
 *   vela OR velamobile       either word
 *   NOT spam, -spam          the word must not appear
 *   (a OR b) c               grouping; precedence is NOT, then AND, then OR
 *   "fibra ottica"           the words next to each other, in this order
 *   "rete lenta"~3           both words, any order, at most 3 other words between them
 *   #velaestate  @vela_it    a hashtag / a handle, exactly
 *   rimbors*                 any word starting with `rimbors` (at least 2 characters before `*`)
 *   lang:it                  the detected language (it, en, other)
 *
 * Only upper-case `AND`, `OR`, `NOT` are operators: `and`, `or`, `not` (and `Or`, `Not`) are
 * ordinary words, because "not working" and "or" are things people write in posts. Words are
 * compared without case and accents, and split the way the pipeline splits mention text, so
 * `dell'assistenza` in a query is the phrase `"dell assistenza"` and `assistenza` alone also finds
 * it. A bare word finds the hashtag of the same word too (`vela` finds `#vela`), while `#vela`
 * finds only the hashtag.
 *
 * Every error is a TopicQueryError with the 0-based position of the problem.
 */

export const MAX_TOPIC_QUERY_LENGTH = 2_000;
/** Parentheses and NOTs nested inside each other. */
export const MAX_TOPIC_QUERY_DEPTH = 32;
/** Largest `~N`: beyond a couple of sentences proximity means nothing. */
export const MAX_PROXIMITY = 50;
/** Longest phrase (or hyphenated word): proximity matching grows with the number of words. */
export const MAX_PHRASE_WORDS = 16;
/** Shortest stem before a `*`: `a*` would match half of any post. */
export const MIN_PREFIX_LENGTH = 2;

const KNOWN_LANGUAGES: readonly string[] = LANGUAGES;

type Operator = 'and' | 'or' | 'not' | 'minus';

type Token =
  | { type: 'lparen' | 'rparen'; start: number }
  | { type: Operator; start: number }
  | { type: 'word'; start: number; text: string }
  | { type: 'phrase'; start: number; text: string; slop: number | null };

const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || /\s/u.test(ch);

/** A character that ends a bare word. */
const isDelimiter = (ch: string) => ch === '(' || ch === ')' || ch === '"' || isSpace(ch);

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  const n = query.length;
  let i = 0;
  while (i < n) {
    const ch = query[i];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'lparen' : 'rparen', start });
      i++;
      continue;
    }
    if (ch === '"') {
      const close = query.indexOf('"', i + 1);
      if (close < 0) throw new TopicQueryError('unclosed quote', start);
      i = close + 1;
      let slop: number | null = null;
      if (query[i] === '~') {
        const tilde = i;
        i++;
        while (i < n && query[i] >= '0' && query[i] <= '9') i++;
        const digits = query.slice(tilde + 1, i);
        if (digits.length === 0 || (i < n && !isDelimiter(query[i]))) {
          throw new TopicQueryError("'~' needs a whole number of words after it, e.g. \"rete lenta\"~3", tilde);
        }
        slop = digits.length > 3 ? Infinity : Number(digits);
        if (slop > MAX_PROXIMITY) throw new TopicQueryError(`proximity larger than ${MAX_PROXIMITY}`, tilde + 1);
      }
      tokens.push({ type: 'phrase', start, text: query.slice(start + 1, close), slop });
      continue;
    }
    if (ch === '-') {
      // A leading minus is NOT; inside a word (`e-mail`) it is part of the word.
      if (i + 1 >= n || isSpace(query[i + 1]) || query[i + 1] === ')') {
        throw new TopicQueryError("'-' needs a term right after it", start);
      }
      tokens.push({ type: 'minus', start });
      i++;
      continue;
    }
    while (i < n && !isDelimiter(query[i])) i++;
    const text = query.slice(start, i);
    if (text === 'AND') tokens.push({ type: 'and', start });
    else if (text === 'OR') tokens.push({ type: 'or', start });
    else if (text === 'NOT') tokens.push({ type: 'not', start });
    else tokens.push({ type: 'word', start, text });
  }
  return tokens;
}

const OPERATOR_NAMES = { and: 'AND', or: 'OR', not: 'NOT', minus: "'-'" } as const;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): TopicQueryNode {
    const node = this.parseOr();
    const next = this.peek();
    if (next) {
      // parseOr stops only at a ')' it did not open (everything else continues an AND or an OR).
      throw new TopicQueryError("unexpected ')' without a matching '('", next.start);
    }
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private parseOr(): TopicQueryNode {
    const children = [this.parseAnd()];
    for (let next = this.peek(); next?.type === 'or'; next = this.peek()) {
      this.index++;
      this.expectOperand(next);
      children.push(this.parseAnd());
    }
    return combine('or', children);
  }

  private parseAnd(): TopicQueryNode {
    const first = this.peek();
    if (first && (first.type === 'and' || first.type === 'or')) {
      throw new TopicQueryError(`${OPERATOR_NAMES[first.type]} needs a term before it`, first.start);
    }
    const children = [this.parseUnary()];
    for (let next = this.peek(); next && next.type !== 'or' && next.type !== 'rparen'; next = this.peek()) {
      if (next.type === 'and') {
        this.index++;
        this.expectOperand(next);
      }
      children.push(this.parseUnary());
    }
    return combine('and', children);
  }

  /** After a binary or unary operator: something that can start a term must follow. */
  private expectOperand(operator: { type: Operator; start: number }): void {
    const next = this.peek();
    if (!next || next.type === 'rparen' || next.type === 'and' || next.type === 'or') {
      throw new TopicQueryError(`${OPERATOR_NAMES[operator.type]} needs a term after it`, operator.start);
    }
  }

  private parseUnary(): TopicQueryNode {
    const token = this.peek()!;
    if (token.type === 'not' || token.type === 'minus') {
      this.index++;
      this.expectOperand(token);
      this.enter(token);
      const child = this.parseUnary();
      this.depth--;
      return { kind: 'not', child };
    }
    return this.parsePrimary();
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_TOPIC_QUERY_DEPTH) {
      throw new TopicQueryError(`nesting deeper than ${MAX_TOPIC_QUERY_DEPTH} levels`, token.start);
    }
  }

  private parsePrimary(): TopicQueryNode {
    const token = this.tokens[this.index++];
    switch (token.type) {
      case 'lparen': {
        const next = this.peek();
        if (!next) throw new TopicQueryError("missing ')'", token.start);
        if (next.type === 'rparen') throw new TopicQueryError('empty parentheses', token.start);
        this.enter(token);
        const inner = this.parseOr();
        this.depth--;
        if (this.peek()?.type !== 'rparen') throw new TopicQueryError("missing ')'", token.start);
        this.index++;
        return inner;
      }
      case 'word':
        return wordNode(token.text, token.start);
      case 'phrase':
        return phraseNode(token.text, token.slop, token.start);
      default:
        // 'rparen', 'and', 'or' are ruled out by the callers; kept as a guard, with a position.
        if (token.type === 'rparen') throw new TopicQueryError("unexpected ')' without a matching '('", token.start);
        throw new TopicQueryError(`unexpected ${OPERATOR_NAMES[token.type]}`, token.start);
    }
  }
}

function combine(kind: 'and' | 'or', children: TopicQueryNode[]): TopicQueryNode {
  if (children.length === 1) return children[0];
  // `(a b) c` is the same as `a b c`: one flat list keeps the AST canonical for printing.
  return { kind, children: children.flatMap((child) => (child.kind === kind ? child.children : [child])) } as TopicQueryNode;
}

const FIELD = /^([A-Za-z]+):/;

function wordNode(text: string, start: number): TopicQueryNode {
  const field = FIELD.exec(text);
  if (field) return fieldNode(field[1], text.slice(field[0].length), start);
  const tilde = text.indexOf('~');
  if (tilde >= 0) throw new TopicQueryError('\'~\' works only after a quoted phrase, e.g. "rete lenta"~3', start + tilde);
  const star = text.indexOf('*');
  const prefix = star >= 0;
  if (prefix && star !== text.length - 1) throw new TopicQueryError("'*' is allowed only at the end of a word", start + star);
  const words = queryWords(prefix ? text.slice(0, -1) : text);
  if (words.length === 0) throw new TopicQueryError(`nothing to match in "${text}": it has no letters or digits`, start);
  if (words.length > MAX_PHRASE_WORDS) throw new TopicQueryError(`more than ${MAX_PHRASE_WORDS} words in one phrase`, start);
  if (words.length > 1) {
    if (prefix) throw new TopicQueryError("'*' works on a single word only", start + star);
    return { kind: 'phrase', words, slop: null };
  }
  const [value] = words;
  if (prefix && value.replace(/^[#@]/, '').length < MIN_PREFIX_LENGTH) {
    throw new TopicQueryError(`at least ${MIN_PREFIX_LENGTH} letters are needed before '*'`, start + star);
  }
  return { kind: 'word', value, prefix };
}

function fieldNode(name: string, value: string, start: number): TopicQueryNode {
  if (name.toLowerCase() !== 'lang') throw new TopicQueryError(`unknown field "${name}:" (the only field is lang:)`, start);
  const language = value.toLowerCase();
  if (!KNOWN_LANGUAGES.includes(language)) {
    throw new TopicQueryError(`unknown language "${value}" (use ${KNOWN_LANGUAGES.join(', ')})`, start + name.length + 1);
  }
  return { kind: 'lang', language: language as Language };
}

function phraseNode(text: string, slop: number | null, start: number): TopicQueryNode {
  const star = text.indexOf('*');
  if (star >= 0) throw new TopicQueryError("'*' does not work inside quotes", start + 1 + star);
  if (text.trim().length === 0) throw new TopicQueryError('empty phrase', start);
  const words = queryWords(text);
  if (words.length === 0) throw new TopicQueryError('nothing to match in the phrase: it has no letters or digits', start);
  if (words.length > MAX_PHRASE_WORDS) throw new TopicQueryError(`more than ${MAX_PHRASE_WORDS} words in one phrase`, start);
  // One word in quotes is that word; a proximity on one word says nothing.
  if (words.length === 1) return { kind: 'word', value: words[0], prefix: false };
  return { kind: 'phrase', words, slop };
}

/** True when the node can only match by finding something: a query made only of exclusions (or only of `lang:`) would sweep every post in. */
function requiresContent(node: TopicQueryNode): boolean {
  switch (node.kind) {
    case 'word':
    case 'phrase':
      return true;
    case 'lang':
    case 'not':
      return false;
    case 'and':
      return node.children.some(requiresContent);
    case 'or':
      return node.children.every(requiresContent);
  }
}

/** Parses a topic query into its AST, or throws a TopicQueryError saying where and why. */
export function parseTopicQuery(query: string): TopicQueryNode {
  if (typeof query !== 'string') throw new TopicQueryError('the query must be text', 0);
  if (query.length > MAX_TOPIC_QUERY_LENGTH) {
    throw new TopicQueryError(`query longer than ${MAX_TOPIC_QUERY_LENGTH} characters`, MAX_TOPIC_QUERY_LENGTH);
  }
  const tokens = lex(query);
  if (tokens.length === 0) throw new TopicQueryError('empty query', 0);
  const ast = new Parser(tokens).parse();
  if (!requiresContent(ast)) {
    throw new TopicQueryError('the query only excludes or filters: add a word, "phrase", #hashtag or @handle that must appear', 0);
  }
  return ast;
}
