import type { TopicQueryNode } from '@ascolto/domain';

export type {
  TopicAndNode,
  TopicLanguageNode,
  TopicNotNode,
  TopicOrNode,
  TopicPhraseNode,
  TopicQueryNode,
  TopicWordNode,
} from '@ascolto/domain';

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
