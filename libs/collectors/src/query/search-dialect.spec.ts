import type { TopicQueryNode } from '@ascolto/domain';
import { SourceConfigError } from '../collector-errors';
import { renderSearchQuery, type SearchDialect } from './search-dialect';

const w = (value: string, prefix = false): TopicQueryNode => ({ kind: 'word', value, prefix });
const phrase = (words: string[], slop: number | null = null): TopicQueryNode => ({ kind: 'phrase', words, slop });
const and = (...children: TopicQueryNode[]): TopicQueryNode => ({ kind: 'and', children });
const or = (...children: TopicQueryNode[]): TopicQueryNode => ({ kind: 'or', children });
const not = (child: TopicQueryNode): TopicQueryNode => ({ kind: 'not', child });
const lang = (language: 'it' | 'en'): TopicQueryNode => ({ kind: 'lang', language });

const X: SearchDialect = { name: 'X', or: 'OR', not: '-', phrase: true, lang: true, prefix: false, tagsAndHandles: true };
const REDDIT: SearchDialect = { name: 'Reddit', or: 'OR', not: 'NOT', phrase: true, lang: false, prefix: false, tagsAndHandles: false };
const PLAIN: SearchDialect = { name: 'Algolia', or: null, not: '-', phrase: true, lang: false, prefix: false, tagsAndHandles: false, maxQueries: 3 };

describe('renderSearchQuery', () => {
  // (vela OR "vela mobile") AND -barca AND lang:it
  const topic = and(or(w('vela'), phrase(['vela', 'mobile'])), not(w('barca')), lang('it'));

  it('writes the whole query where the dialect can say it', () => {
    expect(renderSearchQuery(topic, X)).toEqual({ queries: ['(vela OR "vela mobile") -barca lang:it'], exact: true });
  });

  it('widens what a dialect cannot say, never narrows', () => {
    expect(renderSearchQuery(topic, REDDIT)).toEqual({ queries: ['(vela OR "vela mobile") NOT barca'], exact: false });
    // A wildcard term inside an OR makes the OR match anything: it is dropped, not kept half.
    expect(renderSearchQuery(and(w('fibra'), or(w('rimbors', true), w('guasto'))), X)).toEqual({ queries: ['fibra'], exact: false });
    // Hashtags and handles become words where they are no operators.
    expect(renderSearchQuery(and(w('#velamobile'), w('@vela')), REDDIT)).toEqual({ queries: ['velamobile vela'], exact: true });
  });

  it('splits alternatives into separate searches where there is no OR, up to the limit', () => {
    expect(renderSearchQuery(and(or(w('vela'), w('velamobile')), w('rete')), PLAIN)).toEqual({ queries: ['vela rete', 'velamobile rete'], exact: true });
    expect(() => renderSearchQuery(and(or(w('a1'), w('b1')), or(w('c1'), w('d1'))), PLAIN)).toThrow(SourceConfigError);
  });

  it('gives no search when nothing searchable is left', () => {
    expect(renderSearchQuery(null, X)).toBeNull();
    expect(renderSearchQuery(not(w('spam')), X)).toBeNull();
    expect(renderSearchQuery(lang('it'), REDDIT)).toBeNull();
    expect(renderSearchQuery(or(w('vela'), w('rimbors', true)), X)).toBeNull();
  });

  it('keeps proximity phrases as all their words', () => {
    expect(renderSearchQuery(phrase(['rete', 'lenta'], 3), X)).toEqual({ queries: ['rete lenta'], exact: false });
  });
});
