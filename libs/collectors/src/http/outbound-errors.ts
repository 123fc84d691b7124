/**
 * The guarded client refused a URL before (or instead of) talking to it: wrong scheme, or a host
 * that is, or resolves to, an address the product must not reach from the server.
 */
export class OutboundUrlRefusedError extends Error {
  override readonly name = 'OutboundUrlRefusedError';

  constructor(
    readonly url: string,
    /** Human-readable, e.g. `resolves to a loopback address (127.0.0.1)`. */
    readonly reason: string,
  ) {
    super(`Refused outbound request to ${safeUrlForMessage(url)}: ${reason}`);
  }
}

export type OutboundRequestErrorKind = 'timeout' | 'too_large' | 'too_many_redirects' | 'network' | 'aborted';

/** The request was allowed but did not produce a usable response. */
export class OutboundRequestError extends Error {
  override readonly name = 'OutboundRequestError';

  constructor(
    readonly kind: OutboundRequestErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Query parameters that carry secrets in some APIs (`access_token` on Graph, `key` on Google…). */
const SECRET_PARAM = /token|key|secret|password|passwd|auth|sig|signature|session|code|credential/i;

/**
 * Messages end up in logs, run records and the UI: never echo credentials embedded in a URL,
 * neither user:password nor a secret-looking query parameter.
 */
export function safeUrlForMessage(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    for (const name of [...new Set(parsed.searchParams.keys())]) {
      if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
    }
    const text = parsed.toString();
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    const text = String(url);
    return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
  }
}
