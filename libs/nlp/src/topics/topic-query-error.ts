/**
 * A topic query that cannot be used as written. `position` is the 0-based character offset in the
 * query where the problem is (the dashboard puts the caret there); `reason` is a short English
 * phrase without the position (`unclosed quote`, `missing ')'`), `message` is both together.
 */
export class TopicQueryError extends Error {
  override readonly name = 'TopicQueryError';

  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} (at position ${position})`);
  }
}
