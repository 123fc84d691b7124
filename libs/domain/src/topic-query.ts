// The parsed form of a topic query. Plain data, so the worker can hand it to collectors, which
// turn it into each source's own search syntax (collectors may import only the domain).
import type { Language } from './taxonomy';

/**
 * A word to look for, already in the form documents are compared in (see `foldWord`). It keeps
 * the `#` of a hashtag and the `@` of a handle, as the document's tokens do; a bare word also
 * matches the hashtag of the same word, a hashtag or handle only itself. With `prefix` it matches
 * every token that starts with `value` (`rimbors*`).
 */
export interface TopicWordNode {
  kind: 'word';
  value: string;
  prefix: boolean;
}

/**
 * Two or more words. Without `slop` they must appear next to each other in this order; with
 * `slop` N (`"a b"~N`) they must all appear, in any order, with at most N other tokens between the
 * first and the last of them.
 */
export interface TopicPhraseNode {
  kind: 'phrase';
  words: string[];
  slop: number | null;
}

/** `lang:it`: the language the pipeline detected for the mention. */
export interface TopicLanguageNode {
  kind: 'lang';
  language: Language;
}

/** Every child must match. Never directly contains another `and` (the parser flattens them). */
export interface TopicAndNode {
  kind: 'and';
  children: TopicQueryNode[];
}

/** At least one child must match. Never directly contains another `or`. */
export interface TopicOrNode {
  kind: 'or';
  children: TopicQueryNode[];
}

export interface TopicNotNode {
  kind: 'not';
  child: TopicQueryNode;
}

export type TopicQueryNode = TopicWordNode | TopicPhraseNode | TopicLanguageNode | TopicAndNode | TopicOrNode | TopicNotNode;
