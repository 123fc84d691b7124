import { MAX_PHRASE_WORDS, MAX_PROXIMITY, MAX_TOPIC_QUERY_DEPTH, MAX_TOPIC_QUERY_LENGTH, parseTopicQuery } from './parse-topic-query';
import { printTopicQuery, type TopicQueryNode } from './topic-query-ast';
import { TopicQueryError } from './topic-query-error';

const w = (value: string, prefix = false): TopicQueryNode => ({ kind: 'word', value, prefix });
const and = (...children: TopicQueryNode[]): TopicQueryNode => ({ kind: 'and', children });
const or = (...children: TopicQueryNode[]): TopicQueryNode => ({ kind: 'or', children });
const not = (child: TopicQueryNode): TopicQueryNode => ({ kind: 'not', child });
const phrase = (words: string[], slop: number | null = null): TopicQueryNode => ({ kind: 'phrase', words, slop });

/** The canonical text of a query: short to compare, and itself checked against the AST below. */
const canonical = (query: string) => printTopicQuery(parseTopicQuery(query));

function errorOf(query: string): TopicQueryError {
  try {
    parseTopicQuery(query);
  } catch (error) {
    if (error instanceof TopicQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

describe(parseTopicQuery.name, () => {
  describe('terms', () => {
    it('reads a word, lower-cased and without accents', () => {
      expect(parseTopicQuery('Vela')).toEqual(w('vela'));
      expect(parseTopicQuery('PERCHÉ')).toEqual(w('perche'));
    });

    it('keeps the # of a hashtag and the @ of a handle', () => {
      expect(parseTopicQuery('#VelaEstate')).toEqual(w('#velaestate'));
      expect(parseTopicQuery('@vela_mobile')).toEqual(w('@vela_mobile'));
    });

    it('reads a trailing * as a prefix wildcard', () => {
      expect(parseTopicQuery('rimbors*')).toEqual(w('rimbors', true));
      expect(parseTopicQuery('#vela*')).toEqual(w('#vela', true));
    });

    it('reads a quoted phrase, and a proximity after it', () => {
      expect(parseTopicQuery('"Fibra  ottica"')).toEqual(phrase(['fibra', 'ottica']));
      expect(parseTopicQuery('"rete lenta"~3')).toEqual(phrase(['rete', 'lenta'], 3));
      expect(parseTopicQuery('"rete lenta"~0')).toEqual(phrase(['rete', 'lenta'], 0));
    });

    it('reads one word in quotes as that word', () => {
      expect(parseTopicQuery('"vela"')).toEqual(w('vela'));
      expect(parseTopicQuery('"vela"~4')).toEqual(w('vela'));
    });

    it('splits a word the way mention text is split: elisions and hyphens make a phrase', () => {
      expect(parseTopicQuery("dell'assistenza")).toEqual(phrase(['dell', 'assistenza']));
      expect(parseTopicQuery('dell’assistenza')).toEqual(phrase(['dell', 'assistenza']));
      expect(parseTopicQuery('e-mail')).toEqual(phrase(['e', 'mail']));
      expect(parseTopicQuery("don't")).toEqual(w("don't"));
    });

    it('reads lang: with any known language code, in any case', () => {
      expect(parseTopicQuery('vela lang:it')).toEqual(and(w('vela'), { kind: 'lang', language: 'it' }));
      expect(parseTopicQuery('vela LANG:EN')).toEqual(and(w('vela'), { kind: 'lang', language: 'en' }));
      expect(parseTopicQuery('vela lang:other')).toEqual(and(w('vela'), { kind: 'lang', language: 'other' }));
    });
  });

  describe('operators', () => {
    it('joins adjacent terms with an implicit AND, the same as an explicit one', () => {
      expect(parseTopicQuery('vela mobile')).toEqual(and(w('vela'), w('mobile')));
      expect(parseTopicQuery('vela AND mobile')).toEqual(parseTopicQuery('vela mobile'));
    });

    it('reads OR, NOT and the - shorthand', () => {
      expect(parseTopicQuery('vela OR velamobile')).toEqual(or(w('vela'), w('velamobile')));
      expect(parseTopicQuery('vela NOT spam')).toEqual(and(w('vela'), not(w('spam'))));
      expect(parseTopicQuery('vela -spam')).toEqual(parseTopicQuery('vela NOT spam'));
      expect(parseTopicQuery('vela -"promo code"')).toEqual(and(w('vela'), not(phrase(['promo', 'code']))));
      expect(parseTopicQuery('vela NOT NOT spam')).toEqual(and(w('vela'), not(not(w('spam')))));
    });

    it('treats lower-case and, or, not as ordinary words', () => {
      expect(parseTopicQuery('vela or mobile')).toEqual(and(w('vela'), w('or'), w('mobile')));
      expect(parseTopicQuery('not working')).toEqual(and(w('not'), w('working')));
      expect(parseTopicQuery('Vela And Mobile')).toEqual(and(w('vela'), w('and'), w('mobile')));
    });

    it('keeps a minus inside a word as part of the word', () => {
      expect(parseTopicQuery('wi-fi')).toEqual(phrase(['wi', 'fi']));
    });

    it('binds NOT tighter than AND, and AND tighter than OR', () => {
      expect(parseTopicQuery('a b OR c d')).toEqual(or(and(w('a'), w('b')), and(w('c'), w('d'))));
      expect(parseTopicQuery('a OR b c')).toEqual(or(w('a'), and(w('b'), w('c'))));
      expect(parseTopicQuery('NOT a b')).toEqual(and(not(w('a')), w('b')));
      expect(parseTopicQuery('a NOT b OR c')).toEqual(or(and(w('a'), not(w('b'))), w('c')));
    });

    it('groups with parentheses, and flattens groups that change nothing', () => {
      expect(parseTopicQuery('(a OR b) c')).toEqual(and(or(w('a'), w('b')), w('c')));
      expect(parseTopicQuery('a -(b OR c)')).toEqual(and(w('a'), not(or(w('b'), w('c')))));
      expect(parseTopicQuery('(a b) (c d)')).toEqual(and(w('a'), w('b'), w('c'), w('d')));
      expect(parseTopicQuery('((a))')).toEqual(w('a'));
      expect(parseTopicQuery('a OR (b OR c)')).toEqual(or(w('a'), w('b'), w('c')));
    });

    it('tells apple the fruit from Apple the brand', () => {
      expect(canonical('apple (iphone OR mac OR ipad OR @apple) -(mela OR torta OR frutta OR "apple pie")')).toBe(
        'apple (iphone OR mac OR ipad OR @apple) NOT (mela OR torta OR frutta OR "apple pie")',
      );
    });

    it('ignores whitespace of any kind between terms', () => {
      expect(parseTopicQuery(' \t vela\n\u00a0mobile\u3000 ')).toEqual(and(w('vela'), w('mobile')));
    });
  });

  describe('errors, each with the position of the problem', () => {
    it.each([
      ['', 0, 'empty query'],
      ['   \n ', 0, 'empty query'],
      ['"fibra ottica', 0, 'unclosed quote'],
      ['vela "fibra', 5, 'unclosed quote'],
      ['(vela OR mobile', 0, "missing ')'"],
      ['a (b (c) d', 2, "missing ')'"],
      ['vela)', 4, "unexpected ')' without a matching '('"],
      [') vela', 0, "unexpected ')' without a matching '('"],
      ['vela ()', 5, 'empty parentheses'],
      ['vela NOT', 5, 'NOT needs a term after it'],
      ['vela (NOT)', 6, 'NOT needs a term after it'],
      ['vela -', 5, "'-' needs a term right after it"],
      ['vela - spam', 5, "'-' needs a term right after it"],
      ['(vela -)', 6, "'-' needs a term right after it"],
      ['AND vela', 0, 'AND needs a term before it'],
      ['vela (OR mobile)', 6, 'OR needs a term before it'],
      ['vela AND', 5, 'AND needs a term after it'],
      ['vela OR', 5, 'OR needs a term after it'],
      ['vela OR OR mobile', 5, 'OR needs a term after it'],
      ['vela AND OR mobile', 5, 'AND needs a term after it'],
      ['(vela OR) mobile', 6, 'OR needs a term after it'],
      ['vela NOT OR mobile', 5, 'NOT needs a term after it'],
      ['vela foo:bar', 5, 'unknown field "foo:" (the only field is lang:)'],
      ['vela lang:xx', 10, 'unknown language "xx"'],
      ['vela lang:', 10, 'unknown language ""'],
      ['vela ri*mborso', 7, "'*' is allowed only at the end of a word"],
      ['vela r*', 6, "at least 2 letters are needed before '*'"],
      ['vela #r*', 7, "at least 2 letters are needed before '*'"],
      ['vela e-ma*', 9, "'*' works on a single word only"],
      ['vela "rimbors* rapido"', 13, "'*' does not work inside quotes"],
      ['vela rete~3', 9, "'~' works only after a quoted phrase"],
      ['vela "rete lenta"~', 17, "'~' needs a whole number of words after it"],
      ['vela "rete lenta"~x', 17, "'~' needs a whole number of words after it"],
      ['vela "rete lenta"~3x', 17, "'~' needs a whole number of words after it"],
      ['vela "rete lenta"~51', 18, `proximity larger than ${MAX_PROXIMITY}`],
      ['vela "rete lenta"~99999999999', 18, `proximity larger than ${MAX_PROXIMITY}`],
      ['vela ""', 5, 'empty phrase'],
      ['vela "  "', 5, 'empty phrase'],
      ['vela "!!"', 5, 'nothing to match in the phrase'],
      ['vela :-/', 5, 'nothing to match in ":-/"'],
      ['-spam', 0, 'the query only excludes or filters'],
      ['lang:it', 0, 'the query only excludes or filters'],
      ['vela OR -spam', 0, 'the query only excludes or filters'],
    ])('refuses %j at %i: %s', (query, position, reason) => {
      const error = errorOf(query);
      expect(error).toBeInstanceOf(TopicQueryError);
      expect(error.position).toBe(position);
      expect(error.reason.startsWith(reason)).toBe(true);
      expect(error.message).toBe(`${error.reason} (at position ${position})`);
    });

    it('refuses a query longer than the limit, at the limit', () => {
      expect(parseTopicQuery('a'.repeat(MAX_TOPIC_QUERY_LENGTH))).toEqual(w('a'.repeat(MAX_TOPIC_QUERY_LENGTH)));
      const error = errorOf('a'.repeat(MAX_TOPIC_QUERY_LENGTH + 1));
      expect(error.position).toBe(MAX_TOPIC_QUERY_LENGTH);
      expect(error.reason).toBe(`query longer than ${MAX_TOPIC_QUERY_LENGTH} characters`);
    });

    it('refuses nesting deeper than the limit, at the first level too many', () => {
      const ok = `${'('.repeat(MAX_TOPIC_QUERY_DEPTH)}a${')'.repeat(MAX_TOPIC_QUERY_DEPTH)}`;
      expect(parseTopicQuery(ok)).toEqual(w('a'));
      const deep = `${'('.repeat(MAX_TOPIC_QUERY_DEPTH + 1)}a${')'.repeat(MAX_TOPIC_QUERY_DEPTH + 1)}`;
      expect(errorOf(deep)).toMatchObject({ position: MAX_TOPIC_QUERY_DEPTH, reason: `nesting deeper than ${MAX_TOPIC_QUERY_DEPTH} levels` });
      const nots = `a ${'NOT '.repeat(MAX_TOPIC_QUERY_DEPTH + 1)}b`;
      expect(errorOf(nots)).toMatchObject({ position: 2 + 4 * MAX_TOPIC_QUERY_DEPTH });
      expect(errorOf(`a ${'-'.repeat(MAX_TOPIC_QUERY_DEPTH + 1)}b`)).toMatchObject({ position: 2 + MAX_TOPIC_QUERY_DEPTH });
    });

    it('refuses a phrase of more words than the limit', () => {
      const words = Array.from({ length: MAX_PHRASE_WORDS + 1 }, (_, i) => `w${i}`);
      expect(errorOf(`vela "${words.join(' ')}"`)).toMatchObject({ position: 5, reason: `more than ${MAX_PHRASE_WORDS} words in one phrase` });
      expect(errorOf(`vela ${words.join('-')}`)).toMatchObject({ position: 5 });
      expect(parseTopicQuery(`"${words.slice(1).join(' ')}"`)).toEqual(phrase(words.slice(1)));
    });

    it('refuses a value that is not text', () => {
      expect(errorOf(42 as unknown as string)).toMatchObject({ position: 0, reason: 'the query must be text' });
    });
  });
});

describe(printTopicQuery.name, () => {
  it.each([
    ['vela mobile', 'vela mobile'],
    ['vela AND (mobile OR fibra)', 'vela (mobile OR fibra)'],
    ['(a OR b) (c OR d)', '(a OR b) (c OR d)'],
    ['a b OR c', 'a b OR c'],
    ['-(a b) c', 'NOT (a b) c'],
    ['c -(a OR b)', 'c NOT (a OR b)'],
    ['"Rete  Lenta"~2 #Vela* @Vela lang:IT', '"rete lenta"~2 #vela* @vela lang:it'],
  ])('prints %j as %j, which parses to the same AST', (query, printed) => {
    expect(canonical(query)).toBe(printed);
    expect(parseTopicQuery(printed)).toEqual(parseTopicQuery(query));
  });
});
