/**
 * Only http(s) links from mentions become clickable: a `javascript:` or `data:` URL written by a
 * stranger must stay text even though Angular would also neutralise it.
 */
export function isHttpUrl(value: string | null | undefined): value is string {
  if (!value) {
    return false;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The host to show next to a source ("example.com"), or null for anything not http(s). */
export function displayHost(value: string | null | undefined): string | null {
  if (!isHttpUrl(value)) {
    return null;
  }
  return new URL(value).hostname.replace(/^www\./, '');
}
