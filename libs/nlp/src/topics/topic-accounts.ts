import { ADDRESSED_KEPT_PREFIX, NO_CUES_REASON } from '../classify/classify-mention';
import { foldWord, withoutPossessive } from './fold-word';
import type { TopicDocument } from './topic-document';

/**
 * The first @handle of the post that the topic asks for, as the post spells it (lower case), without
 * an English "'s" ("@GustoBox's new box": no handle holds an apostrophe).
 */
export function handleAskedFor(words: readonly string[], handles: ReadonlySet<string> | undefined): string | undefined {
  if (!handles?.size) return undefined;
  for (const word of words) {
    if (word.charCodeAt(0) !== 0x40) continue;
    const folded = foldWord(word);
    if (handles.has(folded)) return word;
    const handle = withoutPossessive(folded);
    if (handle !== folded && handles.has(handle)) return withoutPossessive(word);
  }
  return undefined;
}

/**
 * Whether the stored labels of a mention that stays in a topic may change with the accounts the
 * topic names, a change its membership does not show: "@LampoExpress the box went to the porter"
 * was flushed for want of a cue under `porter`, and is kept for a person once the query reads
 * `@LampoExpress OR porter`; the other way round once the handle leaves the query. So a re-tag asks
 * for the labels again where the post is written to one of the topic's accounts and its category
 * was flushed for want of a cue (`NO_CUES_REASON`), or it is not written to any of them and its
 * category says it was kept as written to one (`ADDRESSED_KEPT_PREFIX`: perhaps an account this
 * topic named before; the re-analysis reads every topic). Those are the only labels the accounts
 * decide (classify-mention.ts, the branch after the care, marketing and tone cues); any other
 * reason means the labels stand, so a re-tag run twice asks for nothing the second time.
 */
export function labelsFollowTopicAccounts(doc: TopicDocument, handles: ReadonlySet<string> | undefined, storedCategoryReason: string | undefined): boolean {
  if (storedCategoryReason === undefined) return false;
  if (handleAskedFor(doc.words, handles) !== undefined) return storedCategoryReason === NO_CUES_REASON;
  return storedCategoryReason.startsWith(ADDRESSED_KEPT_PREFIX);
}
