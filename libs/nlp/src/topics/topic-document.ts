import type { Language } from '@ascolto/domain';

/** What topic matching sees of a mention: produced once per mention by the pipeline. */
export interface TopicDocument {
  /** Plain text (HTML removed). */
  text: string;
  /** Lower-case tokens in order, as `tokenize` produces them (hashtags keep `#`, handles `@`). */
  words: readonly string[];
  language: Language;
}

/** A topic whose query has been compiled; the pipeline asks it whether a mention belongs. */
export interface TopicMatcher {
  id: string;
  matches(doc: TopicDocument): boolean;
  /**
   * The @handles (lower case) the topic's query asks for outside any NOT: the brand's own accounts.
   * A mention that matches the topic and names one of them is written to the brand, which the
   * classifier counts (a post addressed to a brand is not flushed as having nothing to act on).
   */
  readonly handles?: ReadonlySet<string>;
  /**
   * Whether the topic's own exclusions (its NOTs) turn the post away: the rest of its query matches
   * it. The pipeline flushes such a post as `off_topic` when no topic takes it ("apple NOT fruit").
   */
  excludes?(doc: TopicDocument): boolean;
}
