import fc from 'fast-check';
import { InvalidQueryError } from './errors';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, buildTextQuery, parseSearchQuery, type QueryTerm } from './query-parser';

const terms = (q: string) => parseSearchQuery(q).groups.map((g) => g.map((t) => `${t.negated ? '-' : ''}${t.kind === 'phrase' ? `"${t.value}"` : t.value}`));

function errorOf(q: string): InvalidQueryError {
  try {
    parseSearchQuery(q);
  } catch (error) {
    if (error instanceof InvalidQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(q)} to be refused`);
}

describe('parseSearchQuery', () => {
  it('reads words, phrases and exclusions', () => {
    expect(terms('rimborso  "carta bloccata" -spam -"promo code"')).toEqual([
      ['rimborso'],
      ['"carta bloccata"'],
      ['-spam'],
      ['-"promo code"'],
    ]);
  });

  it('records where each term starts', () => {
    const positions = parseSearchQuery('ab  "c d" -e').groups.flat().map((t: QueryTerm) => t.position);
    expect(positions).toEqual([0, 4, 10]);
  });

  it('groups terms joined by OR', () => {
    expect(terms('refund OR rimborso OR "money back" ritardo')).toEqual([['refund', 'rimborso', '"money back"'], ['ritardo']]);
    expect(terms('-spam OR promo')).toEqual([['-spam', 'promo']]);
  });

  it('reads an OR with nothing on one side as a word', () => {
    expect(terms('OR refund')).toEqual([['OR'], ['refund']]);
    expect(terms('refund OR')).toEqual([['refund'], ['OR']]);
    expect(terms('a OR OR b')).toEqual([['a'], ['OR'], ['OR'], ['b']]);
    expect(terms('a or b')).toEqual([['a'], ['or'], ['b']]);
  });

  it('keeps inner hyphens and quotes split words', () => {
    expect(terms('e-mail foo"bar baz"qux')).toEqual([['e-mail'], ['foo'], ['"bar baz"'], ['qux']]);
  });

  it('collapses whitespace inside phrases and drops empty ones', () => {
    expect(terms('"  carta \t bloccata " "" -"  "')).toEqual([['"carta bloccata"']]);
  });

  it('accepts an empty or blank query', () => {
    expect(parseSearchQuery('').groups).toEqual([]);
    expect(parseSearchQuery(' \n\t ').groups).toEqual([]);
  });

  it.each([
    ['"carta bloccata', 0],
    ['rimborso "carta', 9],
    ['a -"b', 3],
    ['ok "fine" "not', 10],
  ])('refuses the unclosed quote in %j at its position', (q, position) => {
    const error = errorOf(q);
    expect(error.position).toBe(position);
    expect(error.message).toContain(`position ${position}`);
  });

  it.each([
    ['-', 0],
    ['rimborso -', 9],
    ['a - b', 2],
    ['a -\tb', 2],
  ])('refuses the lone "-" in %j at its position', (q, position) => {
    expect(errorOf(q).position).toBe(position);
  });

  it('bounds the size of a query', () => {
    expect(errorOf('a'.repeat(MAX_QUERY_LENGTH + 1)).position).toBe(MAX_QUERY_LENGTH);
    const many = Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(errorOf(many).message).toMatch(/more than/);
    expect(() => parseSearchQuery(Array.from({ length: MAX_QUERY_TERMS }, (_, i) => `w${i}`).join(' '))).not.toThrow();
  });
});

describe('buildTextQuery', () => {
  it('requires words and phrases across text, title and author, and excludes negated ones', () => {
    expect(buildTextQuery(parseSearchQuery('rimborso "carta bloccata" -spam'))).toEqual({
      bool: {
        must: [
          { multi_match: { query: 'rimborso', fields: ['text', 'title', 'author.name'], type: 'best_fields', operator: 'and', zero_terms_query: 'all' } },
          { multi_match: { query: 'carta bloccata', fields: ['text', 'title', 'author.name'], type: 'phrase', zero_terms_query: 'all' } },
        ],
        must_not: [
          { multi_match: { query: 'spam', fields: ['text', 'title', 'author.name'], type: 'best_fields', operator: 'and', zero_terms_query: 'none' } },
        ],
      },
    });
  });

  it('turns an OR group into a should with one required', () => {
    const query = buildTextQuery(parseSearchQuery('refund OR -spam'));
    expect(query).toEqual({
      bool: {
        must: [
          {
            bool: {
              minimum_should_match: 1,
              should: [
                expect.objectContaining({ multi_match: expect.objectContaining({ query: 'refund', zero_terms_query: 'all' }) }),
                { bool: { must_not: [expect.objectContaining({ multi_match: expect.objectContaining({ query: 'spam', zero_terms_query: 'none' }) })] } },
              ],
            },
          },
        ],
      },
    });
  });

  it('returns undefined when there is nothing to search', () => {
    expect(buildTextQuery(parseSearchQuery('  ""  '))).toBeUndefined();
  });
});

describe('parser properties', () => {
  const queryText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    // Biased towards the characters the grammar cares about.
    fc.array(fc.constantFrom('a', 'b', ' ', '"', '-', 'OR', '\t', 'è', '\u00a0', '\n', '\\', '*', ':', '('), { maxLength: 60 }).map((parts) => parts.join('')),
  );

  it('never throws anything but InvalidQueryError, with a position inside the query', () => {
    fc.assert(
      fc.property(queryText, (q) => {
        try {
          const parsed = parseSearchQuery(q);
          buildTextQuery(parsed);
        } catch (error) {
          if (!(error instanceof InvalidQueryError)) throw error;
          if (error.position !== undefined && (error.position < 0 || error.position > q.length)) throw new Error(`position ${error.position} outside ${q.length}`, { cause: error });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never builds a Lucene query-string query', () => {
    fc.assert(
      fc.property(queryText, (q) => {
        let built: unknown;
        try {
          built = buildTextQuery(parseSearchQuery(q));
        } catch {
          return;
        }
        const json = JSON.stringify(built ?? {});
        expect(json).not.toMatch(/query_string|simple_query_string|wildcard|regexp|fuzzy|prefix/);
      }),
    );
  });

  it('finds exactly the words and phrases a query is built from', () => {
    const word = fc.stringMatching(/^[a-zà-ù0-9][a-zà-ù0-9'.-]{0,11}$/).filter((w) => w !== 'OR');
    const term = fc.record({
      kind: fc.constantFrom('word' as const, 'phrase' as const),
      words: fc.array(word, { minLength: 1, maxLength: 3 }),
      negated: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(term, { maxLength: 8 }), fc.constantFrom(' ', '  ', '\t', ' \n '), (built, sep) => {
        const expected = built.map((t) => ({
          kind: t.kind,
          value: t.kind === 'word' ? t.words[0] : t.words.join(' '),
          negated: t.negated,
        }));
        const q = expected.map((t) => `${t.negated ? '-' : ''}${t.kind === 'phrase' ? `"${t.value}"` : t.value}`).join(sep);
        const parsed = parseSearchQuery(q).groups.flat().map(({ kind, value, negated }) => ({ kind, value, negated }));
        expect(parsed).toEqual(expected);
      }),
    );
  });
});
