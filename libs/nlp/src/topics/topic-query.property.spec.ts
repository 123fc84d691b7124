import fc from 'fast-check';
import { LANGUAGES, type Language } from '@ascolto/domain';
import { tokenize } from '../text/tokenize';
import { compileTopicQuery } from './compile-topic-query';
import { foldWord } from './fold-word';
import { MAX_TOPIC_QUERY_LENGTH, parseTopicQuery } from './parse-topic-query';
import { printTopicQuery, type TopicQueryNode } from './topic-query-ast';
import type { TopicDocument } from './topic-document';
import { TopicQueryError } from './topic-query-error';

/** Any UTF-16 string, lone surrogates included (what a hostile post or form field can carry). */
const utf16 = (maxLength: number) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((codes) => String.fromCharCode(...codes));

/** Characters that mean something to the query language or the tokenizer, to reach every branch. */
const QUERY_PIECES = [
  ' ', '  ', '(', ')', '"', '-', '*', '~', '~3', ':', 'AND', 'OR', 'NOT', 'and', 'or', 'not', 'lang:', 'lang:it', 'lang:xx', 'foo:',
  '#', '@', '_', "'", '’', '.', '!', '\n', '\t', 'vela', 'Vela', 'perché', "dell'", 'assistenza', 'e-mail', 'rimbors', '\u200b',
  '\u202e', '\u0301', '\ud800', '\udfff', '😀', 'ß', 'İ', 'ǆ', 'ﬁ', 'ＶＥＬＡ', 'עברית', 'http://x.it', '12', '~99',
];
const querySoup = fc
  .array(fc.oneof(fc.constantFrom(...QUERY_PIECES), utf16(3)), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** Well-formed-looking queries built from the grammar, so that most of them parse. */
const WORDS = ['vela', 'Mobile', 'perché', 'città', 'rimborso', "dell'assistenza", 'e-mail', '#VelaEstate', '@vela_it', 'and', 'not', 'ÉCOLE', 'ǅemal', 'ﬁbra', 'x2'];
const { query: grammarQuery } = fc.letrec<{ query: string; term: string }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...WORDS),
    fc.constantFrom('rimbors*', 'vel*', '#vela*'),
    fc.tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), fc.option(fc.integer({ min: 0, max: 50 }))).map(
      ([words, slop]) => `"${words.join(' ')}"${slop === null ? '' : `~${slop}`}`,
    ),
    fc.constantFrom(...LANGUAGES).map((language) => `lang:${language}`),
    tie('term').map((term) => `-${term}`),
    tie('term').map((term) => `NOT ${term}`),
    tie('query').map((query) => `(${query})`),
  ),
  query: fc
    .array(fc.tuple(fc.constantFrom(' ', ' AND ', ' OR ', '  '), tie('term')), { minLength: 1, maxLength: 5 })
    .map((parts) => parts.map(([op, term], i) => (i === 0 ? term : `${op}${term}`)).join('')),
}));

const parsed = (query: string): TopicQueryNode | null => {
  try {
    return parseTopicQuery(query);
  } catch (error) {
    if (error instanceof TopicQueryError) return null;
    throw error;
  }
};

const anyLanguage = fc.oneof(fc.constantFrom<Language>(...LANGUAGES), utf16(4) as fc.Arbitrary<unknown> as fc.Arbitrary<Language>);

/** Documents as the pipeline builds them, from hostile text. */
const tokenizedDoc = fc
  .tuple(fc.oneof(utf16(200), fc.array(fc.constantFrom(...WORDS, ...QUERY_PIECES), { maxLength: 60 }).map((w) => w.join(' '))), anyLanguage)
  .map(([text, language]): TopicDocument => ({ text, words: tokenize(text).words, language }));

/** Documents that do not even come from the tokenizer: arbitrary strings as words. */
const rawDoc = fc
  .tuple(fc.array(fc.oneof(utf16(12), fc.constantFrom(...WORDS)), { maxLength: 80 }), anyLanguage)
  .map(([words, language]): TopicDocument => ({ text: words.join(' '), words, language }));

describe('topic query properties', () => {
  it('parsing any string returns an AST or throws a TopicQueryError with a position inside the query', () => {
    fc.assert(
      fc.property(fc.oneof(querySoup, utf16(60), grammarQuery), (query) => {
        try {
          parseTopicQuery(query);
        } catch (error) {
          expect(error).toBeInstanceOf(TopicQueryError);
          const { position, reason } = error as TopicQueryError;
          expect(Number.isInteger(position) && position >= 0 && position <= Math.max(query.length, 0)).toBe(true);
          expect(reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('refuses over-long input with a TopicQueryError, whatever it holds', () => {
    fc.assert(
      fc.property(utf16(50), (tail) => {
        const query = `${'vela '.repeat(MAX_TOPIC_QUERY_LENGTH / 5)}${tail}x`;
        expect(() => parseTopicQuery(query)).toThrow(TopicQueryError);
      }),
      { numRuns: 50 },
    );
  });

  it('printing an AST and parsing the text gives the same AST', () => {
    fc.assert(
      fc.property(fc.oneof(grammarQuery, grammarQuery, querySoup), (query) => {
        const ast = parsed(query);
        if (ast === null) return;
        expect(parseTopicQuery(printTopicQuery(ast))).toEqual(ast);
      }),
      { numRuns: 3_000 },
    );
  });

  it('a query and its printed form match the same documents', () => {
    fc.assert(
      fc.property(grammarQuery, tokenizedDoc, (query, doc) => {
        const ast = parsed(query);
        if (ast === null) return;
        expect(compileTopicQuery(printTopicQuery(ast)).matches(doc)).toBe(compileTopicQuery(query).matches(doc));
      }),
      { numRuns: 1_000 },
    );
  });

  it('a post a query excludes is one it does not match, and one its exclusions alone turn away', () => {
    const hasNot = (node: TopicQueryNode): boolean => node.kind === 'not' || ((node.kind === 'and' || node.kind === 'or') && node.children.some(hasNot));
    fc.assert(
      fc.property(grammarQuery, grammarQuery, tokenizedDoc, (a, b, doc) => {
        const astA = parsed(a);
        const astB = parsed(b);
        if (astA === null || astB === null) return;
        const compiled = compileTopicQuery(a);
        if (compiled.excludes(doc)) expect(compiled.matches(doc)).toBe(false);
        if (!hasNot(astA)) expect(compiled.excludes(doc)).toBe(false);
        // With no exclusion inside a or b, "(a) NOT (b)" turns away exactly the posts both take.
        if (!hasNot(astA) && !hasNot(astB)) {
          expect(compileTopicQuery(`(${a}) NOT (${b})`).excludes(doc)).toBe(compiled.matches(doc) && compileTopicQuery(b).matches(doc));
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('NOT and OR mean what they say', () => {
    fc.assert(
      fc.property(grammarQuery, grammarQuery, tokenizedDoc, (a, b, doc) => {
        if (parsed(a) === null || parsed(b) === null) return;
        const left = compileTopicQuery(a).matches(doc);
        const right = compileTopicQuery(b).matches(doc);
        expect(compileTopicQuery(`(${a}) OR (${b})`).matches(doc)).toBe(left || right);
        expect(compileTopicQuery(`(${a}) AND (${b})`).matches(doc)).toBe(left && right);
        expect(compileTopicQuery(`(${a}) NOT (${b})`).matches(doc)).toBe(left && !right);
      }),
      { numRuns: 1_000 },
    );
  });

  it('the case of a post does not change whether it matches', () => {
    fc.assert(
      fc.property(grammarQuery, fc.array(fc.constantFrom(...WORDS), { maxLength: 20 }), (query, words) => {
        if (parsed(query) === null) return;
        const compiled = compileTopicQuery(query);
        const text = words.join(' ');
        const lower = { text, words: tokenize(text.toLowerCase()).words, language: 'it' as Language };
        const upper = { text, words: tokenize(text.toUpperCase()).words, language: 'it' as Language };
        expect(compiled.matches(upper)).toBe(compiled.matches(lower));
      }),
      { numRuns: 500 },
    );
  });

  it('matching hostile documents never throws and answers a boolean', () => {
    fc.assert(
      fc.property(grammarQuery, fc.oneof(tokenizedDoc, rawDoc), (query, doc) => {
        if (parsed(query) === null) return;
        expect(typeof compileTopicQuery(query).matches(doc)).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });
});

describe(foldWord.name, () => {
  it('never throws, and folding twice changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(utf16(20), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...WORDS, ...QUERY_PIECES)), (word) => {
        const once = foldWord(word);
        expect(foldWord(once)).toBe(once);
      }),
      { numRuns: 5_000 },
    );
  });

  it('makes upper and lower case, and accented and plain letters, the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzàèéìòùç'), minLength: 1, maxLength: 12 }), (word) => {
        expect(foldWord(word.toUpperCase())).toBe(foldWord(word));
        expect(foldWord(word)).toBe(foldWord(word.normalize('NFD')));
        expect(foldWord(word)).toMatch(/^[a-z]+$/);
      }),
      { numRuns: 1_000 },
    );
  });
});
