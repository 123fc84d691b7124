import { foldWord, POSSESSIVE } from './fold-word';
import { parseTopicQuery } from './parse-topic-query';
import type { TopicDocument, TopicMatcher } from './topic-document';
import type { TopicQueryNode } from './topic-query-ast';

/**
 * A document's tokens as queries see them: folded (see `foldWord`), at the same positions as
 * `TopicDocument.words` (sentence breaks included, so a phrase never spans two sentences), plus
 * the set of distinct tokens for presence checks. Built once per document and shared by every
 * topic: the pipeline asks all topics about one mention in a row, with the same `words` array, so
 * remembering the last document is enough (a caller that interleaves documents only pays for
 * rebuilding). The array is read-only by contract: it is recognised by identity, so changing its
 * contents between two calls would go unseen. Most tokens are already folded (lower-case ASCII),
 * so `tokens` is usually the document's own array.
 */
interface DocIndex {
  tokens: readonly string[];
  present: ReadonlySet<string>;
  /** Whether some token ends in "'s": most posts have none, and then no atom looks its "'s" form up. */
  possessives: boolean;
}

const EMPTY_INDEX: DocIndex = { tokens: [], present: new Set(), possessives: false };
let lastWords: unknown = null;
let lastIndex: DocIndex = EMPTY_INDEX;

function indexFor(words: unknown): DocIndex {
  if (words === lastWords) return lastIndex;
  lastIndex = Array.isArray(words) ? buildIndex(words) : EMPTY_INDEX;
  lastWords = words;
  return lastIndex;
}

function buildIndex(words: readonly unknown[]): DocIndex {
  let tokens: string[] | null = null;
  let possessives = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const token = typeof word === 'string' ? foldWord(word) : '';
    if (tokens === null && token !== word) tokens = (words as string[]).slice(0, i);
    if (tokens !== null) tokens.push(token);
    // "…'s", by character codes: this runs for every token of every mention.
    if (!possessives && token.length > 2 && token.charCodeAt(token.length - 1) === 0x73 && token.charCodeAt(token.length - 2) === 0x27) possessives = true;
  }
  const folded = tokens ?? (words as readonly string[]);
  return { tokens: folded, present: new Set(folded), possessives };
}

/** One word of a query, with the token values it accepts. */
class Atom {
  /** A bare word also accepts the hashtag of the same word… */
  readonly hashtag: string | null;
  /**
   * …and the word with an English "'s" (possessive or "is"), which the tokenizer keeps in one token:
   * "Vodafone's network is down" names Vodafone, and "Nimbus Air's new livery" the phrase "Nimbus Air".
   * Handles too: no platform allows an apostrophe in one, so "@GustoBox's" is @GustoBox.
   */
  readonly possessive: string | null;

  constructor(
    readonly value: string,
    readonly prefix: boolean,
  ) {
    this.hashtag = value.startsWith('#') || value.startsWith('@') ? null : `#${value}`;
    this.possessive = prefix || value.startsWith('#') ? null : `${value}${POSSESSIVE}`;
  }

  accepts(token: string): boolean {
    if (this.prefix) return token.startsWith(this.value) || (this.hashtag !== null && token.startsWith(this.hashtag));
    return token === this.value || token === this.hashtag || token === this.possessive;
  }

  presentIn(index: DocIndex): boolean {
    if (!this.prefix) {
      const { present } = index;
      return (
        present.has(this.value) ||
        (this.hashtag !== null && present.has(this.hashtag)) ||
        (index.possessives && this.possessive !== null && present.has(this.possessive))
      );
    }
    for (const token of index.present) if (this.accepts(token)) return true;
    return false;
  }

  /** Whether some token could be accepted by both atoms (then proximity needs a real matching). */
  overlaps(other: Atom): boolean {
    if (this.prefix || other.prefix) return true;
    return (
      other.accepts(this.value) ||
      (this.hashtag !== null && other.accepts(this.hashtag)) ||
      (this.possessive !== null && other.accepts(this.possessive))
    );
  }
}

type Evaluate = (index: DocIndex, doc: TopicDocument) => boolean;

function compileNode(node: TopicQueryNode): Evaluate {
  switch (node.kind) {
    case 'word': {
      const atom = new Atom(node.value, node.prefix);
      return (index) => atom.presentIn(index);
    }
    case 'phrase': {
      const atoms = node.words.map((word) => new Atom(word, false));
      return node.slop === null ? exactPhrase(atoms) : proximity(atoms, node.slop);
    }
    case 'lang': {
      const { language } = node;
      return (_index, doc) => doc.language === language;
    }
    case 'not': {
      const child = compileNode(node.child);
      return (index, doc) => !child(index, doc);
    }
    case 'and': {
      const children = node.children.map(compileNode);
      return (index, doc) => {
        for (const child of children) if (!child(index, doc)) return false;
        return true;
      };
    }
    case 'or': {
      const children = node.children.map(compileNode);
      return (index, doc) => {
        for (const child of children) if (child(index, doc)) return true;
        return false;
      };
    }
  }
}

function exactPhrase(atoms: Atom[]): Evaluate {
  const k = atoms.length;
  return (index) => {
    // Most posts lack one of the words; the map answers that without walking the tokens.
    for (const atom of atoms) if (!atom.presentIn(index)) return false;
    const { tokens } = index;
    outer: for (let p = 0; p + k <= tokens.length; p++) {
      for (let i = 0; i < k; i++) if (!atoms[i].accepts(tokens[p + i])) continue outer;
      return true;
    }
    return false;
  };
}

/**
 * `"a b c"~N`: one occurrence of each word, at distinct positions, all within a window of
 * N + k tokens (k words, at most N others between the first and the last), in any order.
 */
function proximity(atoms: Atom[], slop: number): Evaluate {
  const span = slop + atoms.length - 1;
  const disjoint = atoms.every((a, i) => atoms.every((b, j) => i === j || !a.overlaps(b)));
  const inWindow = disjoint ? disjointWindow : matchedWindow;
  return (index) => {
    for (const atom of atoms) if (!atom.presentIn(index)) return false;
    return inWindow(atoms, index.tokens, span);
  };
}

/**
 * When no token can stand for two of the words, each position belongs to at most one word: a
 * sliding window that counts how many words it currently holds answers in one pass.
 */
function disjointWindow(atoms: Atom[], tokens: readonly string[], span: number): boolean {
  const k = atoms.length;
  const owner: number[] = [];
  const at: number[] = [];
  for (let p = 0; p < tokens.length; p++) {
    for (let i = 0; i < k; i++) {
      if (atoms[i].accepts(tokens[p])) {
        owner.push(i);
        at.push(p);
        break;
      }
    }
  }
  const counts = new Array<number>(k).fill(0);
  let held = 0;
  let left = 0;
  for (let right = 0; right < at.length; right++) {
    if (counts[owner[right]]++ === 0) held++;
    while (at[right] - at[left] > span) {
      if (--counts[owner[left]] === 0) held--;
      left++;
    }
    if (held === k) return true;
  }
  return false;
}

/**
 * The general case (a word repeated in the phrase, `vela #vela`, or a prefix): for each window,
 * a bipartite matching of words to distinct positions (augmenting paths; phrases are short).
 */
function matchedWindow(atoms: Atom[], tokens: readonly string[], span: number): boolean {
  const k = atoms.length;
  const candidates: number[] = [];
  for (let p = 0; p < tokens.length; p++) if (atoms.some((atom) => atom.accepts(tokens[p]))) candidates.push(p);
  for (let start = 0; start + k <= candidates.length; start++) {
    let end = start;
    while (end < candidates.length && candidates[end] - candidates[start] <= span) end++;
    if (end - start < k) continue;
    const window = candidates.slice(start, end);
    const taken = new Map<number, number>();
    const assign = (i: number, seen: Set<number>): boolean => {
      for (const p of window) {
        if (seen.has(p) || !atoms[i].accepts(tokens[p])) continue;
        seen.add(p);
        const holder = taken.get(p);
        if (holder === undefined || assign(holder, seen)) {
          taken.set(p, i);
          return true;
        }
      }
      return false;
    };
    let matched = 0;
    for (let i = 0; i < k && assign(i, new Set()); i++) matched++;
    if (matched === k) return true;
  }
  return false;
}

/** The @handles a query asks for; what sits under a NOT is excluded, not asked for. */
function namedHandles(node: TopicQueryNode, into: Set<string>): Set<string> {
  switch (node.kind) {
    case 'word':
      if (!node.prefix && node.value.startsWith('@') && node.value.length > 1) into.add(node.value);
      break;
    case 'and':
    case 'or':
      for (const child of node.children) namedHandles(child, into);
      break;
    default:
      break;
  }
  return into;
}

/**
 * The query without its exclusions: every NOT dropped from the group it sits in ("apple NOT fruit"
 * → "apple"; "vela OR (barca NOT regata)" → "vela OR barca"). Null when nothing is left; only
 * asked of a query that has a NOT (without one, nothing can exclude a post).
 */
function withoutExclusions(node: TopicQueryNode): TopicQueryNode | null {
  switch (node.kind) {
    case 'not':
      return null;
    case 'and':
    case 'or': {
      const children = node.children.map(withoutExclusions).filter((child): child is TopicQueryNode => child !== null);
      if (children.length === 0) return null;
      return children.length === 1 ? children[0] : { kind: node.kind, children };
    }
    default:
      return node;
  }
}

function hasExclusion(node: TopicQueryNode): boolean {
  if (node.kind === 'not') return true;
  return (node.kind === 'and' || node.kind === 'or') && node.children.some(hasExclusion);
}

/** A parsed and compiled topic query; `matches` is pure and never throws. */
export class CompiledTopicQuery {
  private readonly evaluate: Evaluate;
  /** The query with its NOTs dropped; null when it has none. */
  private readonly evaluateIncluded: Evaluate | null;
  /** The handles the query asks for (see `TopicMatcher.handles`). */
  readonly handles: ReadonlySet<string>;

  constructor(
    readonly query: string,
    readonly ast: TopicQueryNode,
  ) {
    this.evaluate = compileNode(ast);
    const included = hasExclusion(ast) ? withoutExclusions(ast) : null;
    this.evaluateIncluded = included ? compileNode(included) : null;
    this.handles = namedHandles(ast, new Set());
  }

  matches(doc: TopicDocument): boolean {
    return this.evaluate(indexFor(doc?.words), doc ?? { text: '', words: [], language: 'other' });
  }

  /**
   * Whether the query's exclusions, and only they, turn the post away: it matches the query without
   * its NOTs, and not the query ("apple NOT fruit" and "apple pie with fruit"). A keyword collision
   * the team has named.
   */
  excludes(doc: TopicDocument): boolean {
    if (this.evaluateIncluded === null) return false;
    const index = indexFor(doc?.words);
    const document = doc ?? { text: '', words: [], language: 'other' };
    return this.evaluateIncluded(index, document) && !this.evaluate(index, document);
  }
}

/** Parses and compiles a topic query; throws TopicQueryError when it is malformed. */
export function compileTopicQuery(query: string): CompiledTopicQuery {
  return new CompiledTopicQuery(query, parseTopicQuery(query));
}

/** A topic as stored: its query and, optionally, the languages it is limited to (empty = all). */
export interface TopicDefinition {
  id: string;
  query: string;
  languages?: readonly string[];
}

class QueryTopicMatcher implements TopicMatcher {
  private readonly languages: ReadonlySet<string> | null;
  readonly handles: ReadonlySet<string>;

  constructor(
    readonly id: string,
    private readonly compiled: CompiledTopicQuery,
    languages: readonly string[] | undefined,
  ) {
    this.languages = languages?.length ? new Set(languages) : null;
    this.handles = compiled.handles;
  }

  matches(doc: TopicDocument): boolean {
    if (this.languages && !this.languages.has(doc?.language)) return false;
    return this.compiled.matches(doc);
  }

  excludes(doc: TopicDocument): boolean {
    // A post in a language the topic does not follow is not the topic's to exclude.
    if (this.languages && !this.languages.has(doc?.language)) return false;
    return this.compiled.excludes(doc);
  }
}

/** The matcher the pipeline runs for a topic; throws TopicQueryError when its query is malformed. */
export function createTopicMatcher(topic: TopicDefinition): TopicMatcher {
  return new QueryTopicMatcher(topic.id, compileTopicQuery(topic.query), topic.languages);
}
