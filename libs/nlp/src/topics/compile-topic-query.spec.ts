import type { Language } from '@ascolto/domain';
import { tokenize } from '../text/tokenize';
import { compileTopicQuery, createTopicMatcher } from './compile-topic-query';
import type { TopicDocument } from './topic-document';
import { TopicQueryError } from './topic-query-error';

/** A document as the pipeline builds it: the same tokenizer over the mention's text. */
function doc(text: string, language: Language = 'it'): TopicDocument {
  return { text, words: tokenize(text).words, language };
}

const matches = (query: string, text: string, language: Language = 'it') => compileTopicQuery(query).matches(doc(text, language));

describe(compileTopicQuery.name, () => {
  describe('apple the brand, not apple the fruit', () => {
    const brand = 'apple -(mela OR mele OR torta OR frutta OR "apple pie" OR ricetta*)';
    it.each([
      ['Il mio iPhone di Apple non si accende più', true],
      ["L'assistenza Apple mi ha risposto in 5 minuti", true],
      ['#Apple ha aggiornato iOS e ora la batteria dura meno', true],
      ['Oggi torta di mele, ricetta della nonna con apple cinnamon', false],
      ['Best apple pie recipe ever', false],
      ['Frutta di stagione: apple, pere, arance', false],
      ['Ricettario: apple crumble in 20 minuti', false],
      ['Il mio Samsung non si accende', false],
    ])('%j → %s', (text, expected) => {
      expect(matches(brand, text)).toBe(expected);
    });
  });

  describe('words, case and accents', () => {
    it('ignores case on both sides', () => {
      expect(matches('VELA', 'vela mobile')).toBe(true);
      expect(matches('vela', 'VELA MOBILE')).toBe(true);
    });

    it('folds accents on both sides', () => {
      expect(matches('perche', 'Perché non funziona?')).toBe(true);
      expect(matches('perché', 'perche non funziona')).toBe(true);
      expect(matches('citta', 'in città')).toBe(true);
      expect(matches('naïve', 'a naive question')).toBe(true);
      // Decomposed accents (e + combining acute) are the same word as precomposed ones.
      expect(matches('perché', 'perche\u0301 no')).toBe(true);
    });

    it('matches whole words only', () => {
      expect(matches('vela', 'velaestate è finita')).toBe(false);
      expect(matches('vela', 'caravela')).toBe(false);
    });

    it('finds a word after an Italian elision', () => {
      expect(matches('assistenza', "Grazie dell'assistenza")).toBe(true);
      expect(matches('assistenza', 'Grazie dell’assistenza')).toBe(true);
      expect(matches('ordine', "L'ordine non è arrivato")).toBe(true);
    });

    it('finds a handle with dots, as Instagram spells them, and only whole', () => {
      expect(matches('@ottica.lince', 'Occhiali rotti dopo una settimana @ottica.lince')).toBe(true);
      expect(matches('@ottica.lince', 'Scrivete a @Ottica.Lince.')).toBe(true);
      expect(matches('@ottica.lince', '@ottica ciao lince')).toBe(false);
      expect(matches('@ottica', '@ottica.lince ciao')).toBe(false);
      expect(compileTopicQuery('@ottica.lince OR "Ottica Lince"').handles).toEqual(new Set(['@ottica.lince']));
    });

    it("finds a name, a phrase and a handle with an English 's, and nothing else glued on", () => {
      expect(matches('vodafone', "Vodafone's network is down again", 'en')).toBe(true);
      expect(matches('vodafone', 'Vodafone’s network is down again', 'en')).toBe(true);
      expect(matches('"nimbus air"', "Nimbus Air's new livery looks sharp", 'en')).toBe(true);
      expect(matches('"nimbus air"~2', "the new livery of Nimbus Air's fleet", 'en')).toBe(true);
      expect(matches('@gustobox', "@GustoBox's new box is great", 'en')).toBe(true);
      expect(matches('vodafone -down', "Vodafone's down", 'en')).toBe(false);
      expect(matches('vodafone', 'Vodafones everywhere', 'en')).toBe(false);
      expect(matches('vodafone', "Vodafone'd", 'en')).toBe(false);
      expect(matches('#vodafone', "#Vodafone's", 'en')).toBe(false);
      // A query that spells the 's asks for it.
      expect(matches("\"mcdonald's\"", "McDonald's fries", 'en')).toBe(true);
      expect(matches("\"mcdonald's\"", 'McDonald fries', 'en')).toBe(false);
    });

    it('reads an elided query word as the phrase it tokenizes to', () => {
      expect(matches("dell'assistenza", "Grazie dell'assistenza")).toBe(true);
      expect(matches("dell'assistenza", 'Grazie della assistenza')).toBe(false);
      expect(matches("l'assistenza", "Pessima l'assistenza")).toBe(true);
    });
  });

  describe('hashtags and handles', () => {
    it('matches the hashtag form of a bare word', () => {
      expect(matches('vela', 'Estate con #vela')).toBe(true);
      expect(matches('velaestate', 'tutti al mare #VelaEstate')).toBe(true);
    });

    it('matches a hashtag only as a hashtag', () => {
      expect(matches('#vela', 'Estate con #vela')).toBe(true);
      expect(matches('#vela', 'Estate con vela')).toBe(false);
      expect(matches('#vela', 'scrivete a @vela')).toBe(false);
    });

    it('matches a handle only as a handle, and a bare word not as a handle', () => {
      expect(matches('@vela_mobile', 'Ciao @Vela_Mobile, la rete è giù')).toBe(true);
      expect(matches('@vela_mobile', 'vela mobile non va')).toBe(false);
      expect(matches('vela', 'scrivete a @vela')).toBe(false);
    });
  });

  describe('wildcards', () => {
    it('matches words that start with the stem, and their hashtags', () => {
      expect(matches('rimbors*', 'Voglio un rimborso subito')).toBe(true);
      expect(matches('rimbors*', 'rimborsare quando?')).toBe(true);
      expect(matches('rimbors*', '#rimborsi ora')).toBe(true);
      expect(matches('rimbors*', 'nessun rimbo')).toBe(false);
      expect(matches('#vela*', '#velaestate')).toBe(true);
      expect(matches('#vela*', 'velaestate')).toBe(false);
    });
  });

  describe('phrases and proximity', () => {
    it('matches a phrase only with its words next to each other, in order', () => {
      expect(matches('"fibra ottica"', 'La fibra ottica è lenta')).toBe(true);
      expect(matches('"fibra ottica"', 'La fibra non è ottica')).toBe(false);
      expect(matches('"fibra ottica"', 'ottica fibra')).toBe(false);
    });

    it('does not let a phrase reach across sentences', () => {
      expect(matches('"fibra ottica"', 'Ho la fibra. Ottica nuova')).toBe(false);
    });

    it('lets bare phrase words match hashtags, as single words do', () => {
      expect(matches('"vela mobile"', 'Grazie #vela mobile')).toBe(true);
    });

    it('matches words within N positions in any order', () => {
      const q = '"rete lenta"~2';
      expect(matches(q, 'la rete lenta')).toBe(true);
      expect(matches(q, 'la rete è molto lenta')).toBe(true);
      expect(matches(q, 'lenta davvero la rete')).toBe(true);
      expect(matches(q, 'la rete oggi è troppo lenta')).toBe(false);
      expect(matches('"rete lenta"~0', 'lenta rete')).toBe(true);
      expect(matches('"rete lenta"~0', 'lenta la rete')).toBe(false);
    });

    it('needs a distinct occurrence for each word of a proximity phrase', () => {
      expect(matches('"no no"~1', 'no grazie')).toBe(false);
      expect(matches('"no no"~1', 'no grazie no')).toBe(true);
      expect(matches('"no no"~1', 'no grazie mille no')).toBe(false);
      // `vela` also accepts `#vela`, so the two words compete for the same token.
      expect(matches('"vela #vela"~1', 'solo #vela')).toBe(false);
      expect(matches('"vela #vela"~1', '#vela e vela')).toBe(true);
    });

    it('works with three words', () => {
      expect(matches('"app crash login"~3', 'il login fa crash ogni volta che apro la app')).toBe(false);
      expect(matches('"app crash login"~3', 'app, al login crash')).toBe(true);
    });
  });

  describe('lang:', () => {
    it('matches the detected language of the mention', () => {
      expect(matches('vela lang:it', 'vela', 'it')).toBe(true);
      expect(matches('vela lang:it', 'vela', 'en')).toBe(false);
      expect(matches('vela -lang:en', 'vela', 'it')).toBe(true);
      expect(matches('vela (lang:it OR lang:en)', 'vela', 'other')).toBe(false);
    });
  });

  describe('boolean structure', () => {
    it('evaluates AND, OR, NOT with their precedence', () => {
      const q = 'vela fibra OR mobile -spam';
      expect(matches(q, 'vela fibra')).toBe(true);
      expect(matches(q, 'mobile')).toBe(true);
      expect(matches(q, 'mobile spam')).toBe(false);
      expect(matches(q, 'vela fibra spam')).toBe(true);
      expect(matches(q, 'fibra')).toBe(false);
    });
  });

  it('keeps the query text and its AST', () => {
    const compiled = compileTopicQuery('Vela OR mobile');
    expect(compiled.query).toBe('Vela OR mobile');
    expect(compiled.ast.kind).toBe('or');
  });

  it('throws TopicQueryError for a malformed query', () => {
    expect(() => compileTopicQuery('(vela')).toThrow(TopicQueryError);
  });

  describe('hostile documents', () => {
    const q = compileTopicQuery('vela OR "rete lenta"~3 OR rimbors* OR "fibra ottica" -spam');
    it.each([
      ['empty', doc('')],
      ['50,000 characters', doc('vela '.repeat(10_000))],
      ['lone surrogates', doc('\ud800vela\udfff rete\ud83d lenta')],
      ['RTL and zero-width', doc('\u202evela\u202c \u200brete\u200d lenta \u2066fibra\u2069')],
      ['no words array', { text: 'x', words: undefined as unknown as string[], language: 'it' as Language }],
      ['non-string words', { text: 'x', words: [null, 42, {}, 'vela'] as unknown as string[], language: 'it' as Language }],
    ])('never throws on %s', (_label, document) => {
      expect(() => q.matches(document)).not.toThrow();
    });

    it('still finds words around bidi controls', () => {
      expect(q.matches(doc('\u202evela\u202c'))).toBe(true);
    });
  });

  it('reuses the per-document index for every topic, and follows a new document', () => {
    const a = compileTopicQuery('vela');
    const b = compileTopicQuery('fibra');
    const first = doc('vela fibra');
    const second = doc('niente');
    expect([a.matches(first), b.matches(first), a.matches(second), b.matches(second), a.matches(first)]).toEqual([true, true, false, false, true]);
  });
});

describe(createTopicMatcher.name, () => {
  it('carries the topic id and limits matches to the topic languages', () => {
    const matcher = createTopicMatcher({ id: 't1', query: 'vela', languages: ['it'] });
    expect(matcher.id).toBe('t1');
    expect(matcher.matches(doc('vela', 'it'))).toBe(true);
    expect(matcher.matches(doc('vela', 'en'))).toBe(false);
  });

  it('accepts every language when the list is empty', () => {
    expect(createTopicMatcher({ id: 't2', query: 'vela', languages: [] }).matches(doc('vela', 'en'))).toBe(true);
  });

  it('throws TopicQueryError for a malformed query', () => {
    expect(() => createTopicMatcher({ id: 't3', query: 'vela AND' })).toThrow(TopicQueryError);
  });

  it('knows which posts only its exclusions turn away', () => {
    const apple = createTopicMatcher({ id: 't5', query: '(apple OR iphone) NOT (fruit OR pie) lang:en', languages: ['en'] });
    expect(apple.excludes!(doc('apple pie with fresh fruit', 'en'))).toBe(true);
    expect(apple.excludes!(doc('my iphone is broken', 'en'))).toBe(false); // it matches
    expect(apple.excludes!(doc('a banana pie', 'en'))).toBe(false); // nothing asked for
    expect(apple.excludes!(doc('apple pie with fresh fruit', 'it'))).toBe(false); // not its language
    // A query without NOT excludes nothing; an exclusion inside one branch excludes from that branch.
    expect(createTopicMatcher({ id: 't6', query: 'vela' }).excludes!(doc('vela regata'))).toBe(false);
    const either = createTopicMatcher({ id: 't7', query: 'vela OR (barca NOT regata)' });
    expect(either.excludes!(doc('barca in regata'))).toBe(true);
    expect(either.excludes!(doc('vela in regata'))).toBe(false);
  });

  it('knows the @handles its query asks for, in lower case, and not those it excludes or only prefixes', () => {
    const handles = (query: string) => [...(createTopicMatcher({ id: 't4', query }).handles ?? [])].sort();
    expect(handles('@VelaMobile OR (vela AND (@Vela_IT OR #VelaDown))')).toEqual(['@vela_it', '@velamobile']);
    expect(handles('vela NOT @VelaJobs -@VelaNews')).toEqual([]);
    expect(handles('@vela* OR "@VelaMobile ciao"')).toEqual([]);
    expect(handles('#vela OR vela')).toEqual([]);
  });
});
