import { SourceAuthError, SourceConfigError, SourcePayloadError } from '../collector-errors';
import type { ApiResponse, ApiRun, QueryValue } from '../http/api-client';
import type { SourceCredentials } from '../source-adapter';
import type { BskySession, XrpcError } from './bluesky.types';

/** Credential keys of the cached session, stored encrypted next to the app password. */
export const SESSION_KEYS = {
  access: 'sessionAccessJwt',
  refresh: 'sessionRefreshJwt',
  did: 'sessionDid',
  handle: 'sessionHandle',
  /** The identifier the session was made for: a changed identifier must not reuse it. */
  owner: 'sessionFor',
} as const;

export function xrpcError(response: ApiResponse): XrpcError | null {
  try {
    const body = JSON.parse(response.body) as unknown;
    return body && typeof body === 'object' ? (body as XrpcError) : null;
  } catch {
    return null;
  }
}

/** An access token past its life: 400 `ExpiredToken` (XRPC's choice), or 401 with a token error. */
function isTokenProblem(response: ApiResponse): boolean {
  if (response.status === 401) return true;
  if (response.status !== 400) return false;
  const error = xrpcError(response)?.error;
  return error === 'ExpiredToken' || error === 'InvalidToken';
}

/**
 * One run's view of a Bluesky app-password session. A stored session is reused across runs and
 * worker restarts (createSession allows about 10 logins a day per account, SOURCES.md correction
 * 17), refreshed with `refreshSession` when the access token expires, and only when that fails
 * is a new session created — at most once per run. Only the tokens, DID and handle are kept: the
 * 200 body also holds the account's e-mail and DID document, which are never stored or logged.
 */
export class BlueskySessionManager {
  private session: BskySession | null;
  private credentials: SourceCredentials;
  private loggedInThisRun = false;

  constructor(
    private readonly api: ApiRun,
    private readonly base: string,
    credentials: SourceCredentials,
    private readonly save: (next: SourceCredentials) => Promise<void>,
    private readonly signal: AbortSignal,
  ) {
    this.credentials = { ...credentials };
    this.session = storedSession(credentials);
  }

  private get host(): string {
    return new URL(this.base).host;
  }

  /** GET an XRPC method with the session; an expired token is refreshed and the call repeated once. */
  async get(nsid: string, query: Record<string, QueryValue>): Promise<ApiResponse> {
    const first = await this.send(nsid, query, await this.current());
    if (!isTokenProblem(first)) return first;
    const refreshed = await this.renew();
    const second = await this.send(nsid, query, refreshed);
    if (isTokenProblem(second)) {
      throw new SourceAuthError(`Bluesky rejected a fresh session for ${nsid} (HTTP ${second.status}${describe(second)})`);
    }
    return second;
  }

  private send(nsid: string, query: Record<string, QueryValue>, session: BskySession): Promise<ApiResponse> {
    return this.api.send({
      url: `${this.base}/xrpc/${nsid}`,
      query,
      headers: { authorization: `Bearer ${session.accessJwt}` },
      limitKey: this.host,
      signal: this.signal,
    });
  }

  private async current(): Promise<BskySession> {
    if (this.session) return this.session;
    return this.login();
  }

  /** refreshSession with the refresh token; when that token is dead too, log in again (once per run). */
  private async renew(): Promise<BskySession> {
    const stored = this.session;
    if (stored) {
      const response = await this.api.send({
        method: 'POST',
        url: `${this.base}/xrpc/com.atproto.server.refreshSession`,
        headers: { authorization: `Bearer ${stored.refreshJwt}` },
        limitKey: `${this.host}#refreshSession#${stored.did}`,
        signal: this.signal,
      });
      if (response.status === 200) return this.adopt(response, 'refreshSession');
      // 400 ExpiredToken / InvalidToken or 401: the refresh token is gone; anything else is not ours to fix.
      if (response.status !== 400 && response.status !== 401) {
        throw new SourceConfigError(`Bluesky refreshSession answered HTTP ${response.status}${describe(response)}`, response.status);
      }
    }
    if (this.loggedInThisRun) throw new SourceAuthError('Bluesky rejected the session it had just created');
    return this.login();
  }

  private async login(): Promise<BskySession> {
    const identifier = this.credentials.identifier?.trim();
    const password = this.credentials.appPassword;
    if (!identifier || !password) throw new SourceAuthError('Bluesky needs an identifier (handle, DID or e-mail) and an app password');
    this.loggedInThisRun = true;
    const response = await this.api.send({
      method: 'POST',
      url: `${this.base}/xrpc/com.atproto.server.createSession`,
      json: { identifier, password },
      // createSession has its own, tiny limit per account (10 a day): its headers must pace
      // neither searches nor other accounts' logins.
      limitKey: `${this.host}#createSession#${identifier.toLowerCase()}`,
      signal: this.signal,
    });
    if (response.status === 200) return this.adopt(response, 'createSession');
    if (response.status === 401 || response.status === 400 || response.status === 403) {
      throw new SourceAuthError(`Bluesky refused the identifier or app password (HTTP ${response.status}${describe(response)})`);
    }
    throw new SourceConfigError(`Bluesky createSession answered HTTP ${response.status}${describe(response)}: is the URL the account's PDS (e.g. https://bsky.social)?`, response.status);
  }

  private async adopt(response: ApiResponse, nsid: string): Promise<BskySession> {
    const body = response.json<Record<string, unknown>>();
    const pick = (key: string) => (typeof body?.[key] === 'string' && (body[key] as string).length > 0 ? (body[key] as string) : null);
    const accessJwt = pick('accessJwt');
    const refreshJwt = pick('refreshJwt');
    const did = pick('did');
    if (!accessJwt || !refreshJwt || !did) throw new SourcePayloadError(`Bluesky ${nsid} answered 200 without accessJwt, refreshJwt and did`);
    const session: BskySession = { accessJwt, refreshJwt, did, handle: pick('handle') ?? did };
    this.session = session;
    this.credentials = {
      ...this.credentials,
      [SESSION_KEYS.access]: session.accessJwt,
      [SESSION_KEYS.refresh]: session.refreshJwt,
      [SESSION_KEYS.did]: session.did,
      [SESSION_KEYS.handle]: session.handle,
      [SESSION_KEYS.owner]: this.credentials.identifier?.trim() ?? '',
    };
    // Saved at once: a rotated refresh token must outlive a run that fails later.
    await this.save(this.credentials);
    return session;
  }
}

function storedSession(credentials: SourceCredentials): BskySession | null {
  const access = credentials[SESSION_KEYS.access];
  const refresh = credentials[SESSION_KEYS.refresh];
  const did = credentials[SESSION_KEYS.did];
  if (!access || !refresh || !did) return null;
  if ((credentials[SESSION_KEYS.owner] ?? '') !== (credentials.identifier?.trim() ?? '')) return null;
  return { accessJwt: access, refreshJwt: refresh, did, handle: credentials[SESSION_KEYS.handle] || did };
}

/** `: ErrorName message` from an XRPC body, or a note that the body was HTML (never the body itself). */
export function describe(response: ApiResponse): string {
  const error = xrpcError(response);
  if (error && (error.error || error.message)) return `: ${[error.error, error.message].filter((p) => typeof p === 'string').join(' ').slice(0, 200)}`;
  return /^\s*</.test(response.body) ? ', an HTML page' : '';
}
