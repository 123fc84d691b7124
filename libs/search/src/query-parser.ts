import type { estypes } from '@elastic/elasticsearch';
import { InvalidQueryError } from './errors';

/**
 * The inbox's small query language, parsed by us so that nothing a user types ever reaches a
 * Lucene query parser (`query_string` and friends have their own syntax, errors and expensive
 * features such as leading wildcards and regexes):
 *
 *   refund ritardo        every word is required (in text, title or author name)
 *   "carta bloccata"      a phrase
 *   -spam  -"promo code"  excluded word / phrase
 *   rimborso OR refund    either of two terms (chains: a OR b OR c)
 *
 * Words end at whitespace or a double quote. An `OR` with no term on one side is read as a word.
 */
export interface QueryTerm {
  kind: 'word' | 'phrase';
  value: string;
  negated: boolean;
  /** 0-based index in the query string where the term (including a leading `-`) starts. */
  position: number;
}

/** Terms that must all match; a group with several terms needs any one of them. */
export interface ParsedQuery {
  groups: QueryTerm[][];
}

export const MAX_QUERY_LENGTH = 1_000;
export const MAX_QUERY_TERMS = 32;

export const TEXT_SEARCH_FIELDS = ['text', 'title', 'author.name'] as const;

const isSpace = (ch: string) => /\s/u.test(ch);

interface Token {
  term: QueryTerm;
  /** The bare word `OR`, which may turn out to be an operator. */
  isOr: boolean;
}

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = q.length;
  while (i < n) {
    const ch = q[i];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (ch === '-') {
      negated = true;
      i++;
      if (i >= n || isSpace(q[i])) {
        throw new InvalidQueryError(`"-" at position ${start} must be followed by a word or a "phrase"`, start);
      }
    }
    if (q[i] === '"') {
      const close = q.indexOf('"', i + 1);
      if (close < 0) throw new InvalidQueryError(`Unclosed quote at position ${i}`, i);
      const value = q.slice(i + 1, close).trim().replace(/\s+/gu, ' ');
      i = close + 1;
      // An empty phrase says nothing; dropping it is kinder than an error.
      if (value.length > 0) tokens.push({ term: { kind: 'phrase', value, negated, position: start }, isOr: false });
      continue;
    }
    let end = i;
    while (end < n && q[end] !== '"' && !isSpace(q[end])) end++;
    const value = q.slice(i, end);
    i = end;
    tokens.push({ term: { kind: 'word', value, negated, position: start }, isOr: !negated && value === 'OR' });
  }
  return tokens;
}

export function parseSearchQuery(q: string): ParsedQuery {
  if (q.length > MAX_QUERY_LENGTH) {
    throw new InvalidQueryError(`Query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  }
  const tokens = tokenize(q);
  const groups: QueryTerm[][] = [];
  let termCount = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    const last = groups[groups.length - 1];
    const previous = tokens[t - 1];
    const next = tokens[t + 1];
    // `OR` joins the previous group and the next term only when both exist and neither is itself
    // `OR`; otherwise it is just the word "or".
    if (token.isOr && last && previous && !previous.isOr && next && !next.isOr) {
      last.push(next.term);
      t++;
    } else {
      groups.push([token.term]);
    }
    termCount++;
    if (termCount > MAX_QUERY_TERMS) {
      throw new InvalidQueryError(`Query has more than ${MAX_QUERY_TERMS} terms`, token.term.position);
    }
  }
  return { groups };
}

function termQuery(term: QueryTerm, forExclusion: boolean): estypes.QueryDslQueryContainer {
  // A term made only of stop words ("the", "di") analyses to nothing. Required, it should not
  // filter anything out ("all"); excluded, it must not exclude everything ("none").
  const zeroTerms = forExclusion ? 'none' : 'all';
  if (term.kind === 'word') {
    return {
      multi_match: {
        query: term.value,
        fields: [...TEXT_SEARCH_FIELDS],
        type: 'best_fields',
        operator: 'and',
        zero_terms_query: zeroTerms,
      },
    };
  }
  return {
    multi_match: { query: term.value, fields: [...TEXT_SEARCH_FIELDS], type: 'phrase', zero_terms_query: zeroTerms },
  };
}

function clauseFor(term: QueryTerm): estypes.QueryDslQueryContainer {
  return term.negated ? { bool: { must_not: [termQuery(term, true)] } } : termQuery(term, false);
}

/** Query DSL for a parsed query, or `undefined` when it has no terms (match everything). */
export function buildTextQuery(parsed: ParsedQuery): estypes.QueryDslQueryContainer | undefined {
  const must: estypes.QueryDslQueryContainer[] = [];
  const mustNot: estypes.QueryDslQueryContainer[] = [];
  for (const group of parsed.groups) {
    if (group.length === 1) {
      const [term] = group;
      if (term.negated) mustNot.push(termQuery(term, true));
      else must.push(termQuery(term, false));
    } else {
      must.push({ bool: { should: group.map(clauseFor), minimum_should_match: 1 } });
    }
  }
  if (must.length === 0 && mustNot.length === 0) return undefined;
  const bool: estypes.QueryDslBoolQuery = {};
  if (must.length > 0) bool.must = must;
  if (mustNot.length > 0) bool.must_not = mustNot;
  return { bool };
}

/** True when the query has something to highlight (a positive term). */
export function hasPositiveTerm(parsed: ParsedQuery): boolean {
  return parsed.groups.some((group) => group.some((term) => !term.negated));
}
