import type { TopicQueryNode } from '@ascolto/domain';
import { SourceConfigError } from '../collector-errors';

/** What a source's search syntax can express. */
export interface SearchDialect {
  /** Name used in error messages. */
  name: string;
  /** How alternatives are joined: `OR` (X, Reddit), `|` (YouTube), or null: no OR (one query per alternative). */
  or: 'OR' | '|' | null;
  /** How a term is excluded: `-term` or `NOT term`; null: exclusions are dropped (the pipeline filters). */
  not: '-' | 'NOT' | null;
  /** Quoted phrases. */
  phrase: boolean;
  /** `lang:xx` operator; otherwise language constraints are left to the pipeline. */
  lang: boolean;
  /** Trailing `*` wildcard. */
  prefix: boolean;
  /** Keeps `#tag` and `@handle` as operators; otherwise they become plain words. */
  tagsAndHandles: boolean;
  /** Most separate queries a query may expand into where there is no OR. Default 5. */
  maxQueries?: number;
}

export interface RenderedSearch {
  /** One query, or several (alternatives of a dialect without OR); their union covers the topic. */
  queries: string[];
  /** False when something was left out (exclusions, languages, wildcards): results are a superset and the pipeline's topic matching decides. */
  exact: boolean;
}

type Clause = { text: string; exact: boolean } | 'ALL';

/**
 * Turns a parsed topic query into a source's own search syntax. The result never misses what the
 * topic would match: what the dialect cannot say is widened (an exclusion or a language is
 * dropped, an unsupported term matches everything), and the worker's topic matching then applies
 * the full query to what comes back. Returns null when nothing searchable is left.
 */
export function renderSearchQuery(query: TopicQueryNode | null, dialect: SearchDialect): RenderedSearch | null {
  if (!query) return null;
  const alternatives = dialect.or ? [query] : toAlternatives(query, dialect);
  const queries: string[] = [];
  let exact = true;
  for (const alternative of alternatives) {
    // An alternative that only excludes would match nearly everything: no useful search either.
    const clause = alternative.kind === 'not' ? 'ALL' : render(alternative, dialect, false);
    if (clause === 'ALL') return null; // one alternative matches everything: no useful search
    exact &&= clause.exact;
    if (!queries.includes(clause.text)) queries.push(clause.text);
  }
  const max = dialect.maxQueries ?? 5;
  if (queries.length > max) {
    throw new SourceConfigError(`the topic query needs ${queries.length} separate ${dialect.name} searches (at most ${max}): simplify its OR groups`);
  }
  return queries.length ? { queries, exact } : null;
}

function render(node: TopicQueryNode, dialect: SearchDialect, nested: boolean): Clause {
  switch (node.kind) {
    case 'word': {
      if (node.prefix && !dialect.prefix) return 'ALL';
      let value = node.value;
      if (!dialect.tagsAndHandles) value = value.replace(/^[#@]/, '');
      return { text: `${value}${node.prefix ? '*' : ''}`, exact: true };
    }
    case 'phrase':
      if (!dialect.phrase) return { text: node.words.join(' '), exact: false };
      // A proximity phrase is widened to a plain phrase only where that is looser: it is not
      // (the words may be apart), so it becomes all its words, in any order.
      if (node.slop !== null) return { text: node.words.join(' '), exact: false };
      return { text: `"${node.words.join(' ')}"`, exact: true };
    case 'lang':
      return dialect.lang ? { text: `lang:${node.language}`, exact: true } : 'ALL';
    case 'not': {
      const child = render(node.child, dialect, true);
      if (!dialect.not || child === 'ALL') return 'ALL';
      const simple = node.child.kind === 'word' || node.child.kind === 'phrase' || node.child.kind === 'lang';
      if (dialect.not === '-') return simple ? { text: `-${child.text}`, exact: child.exact } : 'ALL';
      return { text: `NOT ${simple ? child.text : `(${child.text})`}`, exact: child.exact };
    }
    case 'and': {
      const parts: string[] = [];
      let exact = true;
      for (const c of node.children) {
        const clause = render(c, dialect, true);
        if (clause === 'ALL') {
          exact = false;
          continue;
        }
        parts.push(clause.text);
        exact &&= clause.exact;
      }
      if (!parts.length) return 'ALL';
      // Only positive parts left? Then fine; only exclusions left would match nearly everything.
      if (parts.every((p) => p.startsWith('-') || p.startsWith('NOT '))) return 'ALL';
      const text = parts.join(' ');
      return { text: nested && parts.length > 1 ? `(${text})` : text, exact };
    }
    case 'or': {
      const parts: string[] = [];
      let exact = true;
      for (const c of node.children) {
        const clause = render(c, dialect, true);
        if (clause === 'ALL') return 'ALL';
        parts.push(clause.text);
        exact &&= clause.exact;
      }
      const joiner = dialect.or === '|' ? ' | ' : ' OR ';
      const text = parts.join(joiner);
      return { text: nested && parts.length > 1 ? `(${text})` : text, exact };
    }
  }
}

/** Disjunctive normal form for dialects without OR: each alternative is an OR-free query. */
function toAlternatives(node: TopicQueryNode, dialect: SearchDialect): TopicQueryNode[] {
  const limit = (dialect.maxQueries ?? 5) * 4;
  const expand = (n: TopicQueryNode): TopicQueryNode[] => {
    switch (n.kind) {
      case 'or':
        return n.children.flatMap(expand).slice(0, limit + 1);
      case 'and': {
        let combos: TopicQueryNode[][] = [[]];
        for (const child of n.children) {
          const options = expand(child);
          combos = combos.flatMap((combo) => options.map((option) => [...combo, option])).slice(0, limit + 1);
        }
        return combos.map((children) => (children.length === 1 ? children[0] : { kind: 'and', children }));
      }
      // An OR under a NOT is an AND of exclusions: keep it whole; render() drops what it cannot say.
      default:
        return [n];
    }
  };
  return expand(node);
}
