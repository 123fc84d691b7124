/**
 * The title worth showing above a mention's text, or null. Many feeds (microblogs, forum digests)
 * fill the title with the first words of the post, often cut with an ellipsis; repeating it above
 * the same text only adds noise to the inbox.
 */
export function displayTitle(title: string | null, text: string): string | null {
  const trimmed = title?.trim();
  if (!trimmed) return null;
  const head = trimmed.replace(/(\u2026|\.\.\.)$/, '').trimEnd().toLowerCase();
  if (!head) return null;
  return text.trimStart().toLowerCase().startsWith(head) ? null : trimmed;
}
