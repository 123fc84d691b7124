import type { Language } from '@ascolto/domain';

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

/**
 * The query text for an AST: parsing it gives the same AST back. Used to show a query in its
 * canonical form (folded words, explicit grouping) and by the round-trip property tests.
 */
export function printTopicQuery(node: TopicQueryNode): string {
  switch (node.kind) {
    case 'word':
      return node.prefix ? `${node.value}*` : node.value;
    case 'phrase':
      return `"${node.words.join(' ')}"${node.slop === null ? '' : `~${node.slop}`}`;
    case 'lang':
      return `lang:${node.language}`;
    case 'and':
      // AND binds tighter than OR, so only an OR inside needs its parentheses back.
      return node.children.map((child) => (child.kind === 'or' ? `(${printTopicQuery(child)})` : printTopicQuery(child))).join(' ');
    case 'or':
      return node.children.map(printTopicQuery).join(' OR ');
    case 'not':
      return `NOT ${node.child.kind === 'and' || node.child.kind === 'or' ? `(${printTopicQuery(node.child)})` : printTopicQuery(node.child)}`;
  }
}
