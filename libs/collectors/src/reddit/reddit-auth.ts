import { SourceAuthError, SourceConfigError, SourcePayloadError } from '../collector-errors';
import type { ApiResponse, ApiRun, QueryValue } from '../http/api-client';
import type { SourceCredentials } from '../source-adapter';

export const DEFAULT_REDDIT_TOKEN_URL = 'https://www.reddit.com/api/v1/access_token';

/** Credential keys of the cached token, stored encrypted with the app's keys. */
export const TOKEN_KEYS = {
  access: 'accessToken',
  expiresAt: 'accessTokenExpiresAt',
  refresh: 'refreshToken',
  /** Which client id (and user) the token belongs to: changed keys must not reuse it. */
  owner: 'tokenFor',
} as const;

/** Renew this long before `expires_in` runs out, so a token never expires mid-walk. */
const EARLY_RENEWAL_MS = 2 * 60_000;

/** `: message` from a Reddit error body (`{"message": "Forbidden", "error": 403}`), or a note that it was HTML. */
export function describeReddit(response: ApiResponse): string {
  try {
    const body = JSON.parse(response.body) as { message?: unknown; error?: unknown; reason?: unknown };
    const parts = [body?.message, body?.reason, typeof body?.error === 'string' ? body.error : undefined].filter((p): p is string => typeof p === 'string');
    if (parts.length) return `: ${parts.join(' ').slice(0, 200)}`;
  } catch {
    // not JSON
  }
  return /^\s*</.test(response.body) ? ', an HTML page' : '';
}

/**
 * OAuth for one run: app-only (`client_credentials`) or, for a "script" app with a username and
 * password, the password grant. The token is cached in the stored credentials until shortly
 * before its own `expires_in` (1 h or 24 h depending on the grant: correction 26), refreshed with
 * the refresh token when there is one, and a 401 from the API forces one renewal.
 */
export class RedditTokenManager {
  private credentials: SourceCredentials;
  private renewedThisRun = false;

  constructor(
    private readonly api: ApiRun,
    private readonly tokenUrl: string,
    private readonly apiBase: string,
    private readonly userAgent: string,
    credentials: SourceCredentials,
    private readonly save: (next: SourceCredentials) => Promise<void>,
    private readonly now: () => Date,
    private readonly signal: AbortSignal,
  ) {
    this.credentials = { ...credentials };
  }

  private get owner(): string {
    return `${this.credentials.clientId ?? ''}/${this.credentials.username ?? ''}`;
  }

  /** GET an API path with the token; a 401 renews the token once and repeats the call. */
  async get(path: string, query: Record<string, QueryValue>): Promise<ApiResponse> {
    const first = await this.send(path, query, await this.token());
    if (first.status !== 401) return first;
    const second = await this.send(path, query, await this.renew(true));
    if (second.status === 401) throw new SourceAuthError(`Reddit refused a fresh token (HTTP 401${describeReddit(second)})`);
    return second;
  }

  private send(path: string, query: Record<string, QueryValue>, token: string): Promise<ApiResponse> {
    return this.api.send({
      url: `${this.apiBase}${path}`,
      query,
      headers: { authorization: `bearer ${token}`, 'user-agent': this.userAgent },
      signal: this.signal,
    });
  }

  private async token(): Promise<string> {
    const c = this.credentials;
    const expiresAt = Date.parse(c[TOKEN_KEYS.expiresAt] ?? '');
    if (c[TOKEN_KEYS.access] && c[TOKEN_KEYS.owner] === this.owner && Number.isFinite(expiresAt) && expiresAt - EARLY_RENEWAL_MS > this.now().getTime()) {
      return c[TOKEN_KEYS.access];
    }
    return this.renew(false);
  }

  private async renew(afterRejection: boolean): Promise<string> {
    if (afterRejection && this.renewedThisRun) throw new SourceAuthError('Reddit refused the token it had just issued');
    this.renewedThisRun = true;
    const refresh = this.credentials[TOKEN_KEYS.refresh];
    if (refresh && this.credentials[TOKEN_KEYS.owner] === this.owner) {
      const refreshed = await this.grant({ grant_type: 'refresh_token', refresh_token: refresh }, true);
      if (refreshed) return refreshed;
    }
    const { username, password } = this.credentials;
    const form: Record<string, string> = username && password ? { grant_type: 'password', username, password } : { grant_type: 'client_credentials' };
    return (await this.grant(form, false))!;
  }

  /** Asks the token endpoint; null when a refresh token was refused (the caller falls back to a full grant). */
  private async grant(form: Record<string, string>, isRefresh: boolean): Promise<string | null> {
    const { clientId, clientSecret } = this.credentials;
    if (!clientId) throw new SourceAuthError('Reddit needs the app’s client id');
    const basic = Buffer.from(`${clientId}:${clientSecret ?? ''}`, 'utf8').toString('base64');
    const response = await this.api.send({
      method: 'POST',
      url: this.tokenUrl,
      form,
      headers: { authorization: `Basic ${basic}`, 'user-agent': this.userAgent },
      signal: this.signal,
    });
    let body: Record<string, unknown> | null;
    try {
      body = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      body = null;
    }
    // Reddit answers a wrong password or a dead refresh token with 200 and `{"error": "invalid_grant"}`.
    const error = body && typeof body.error === 'string' ? body.error : null;
    if (response.status !== 200 || error || !body) {
      if (isRefresh && (response.status === 200 || response.status === 400 || response.status === 401)) return null;
      if (response.status === 401 || response.status === 403 || response.status === 400 || error) {
        throw new SourceAuthError(`Reddit refused the app’s credentials (HTTP ${response.status}${error ? `: ${error.slice(0, 100)}` : describeReddit(response)})`);
      }
      if (response.status === 200) throw new SourcePayloadError('Reddit’s token endpoint answered 200 with a body that is not JSON');
      throw new SourceConfigError(`Reddit’s token endpoint answered HTTP ${response.status}${describeReddit(response)}`, response.status);
    }
    const access = typeof body.access_token === 'string' && body.access_token ? body.access_token : null;
    if (!access) throw new SourcePayloadError('Reddit’s token endpoint answered 200 without an access_token');
    const lifetime = Number(body.expires_in);
    const seconds = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 3_600;
    const next: SourceCredentials = {
      ...this.credentials,
      [TOKEN_KEYS.access]: access,
      [TOKEN_KEYS.expiresAt]: new Date(this.now().getTime() + seconds * 1000).toISOString(),
      [TOKEN_KEYS.owner]: this.owner,
    };
    if (typeof body.refresh_token === 'string' && body.refresh_token) next[TOKEN_KEYS.refresh] = body.refresh_token;
    else if (!isRefresh) delete next[TOKEN_KEYS.refresh];
    this.credentials = next;
    await this.save(next);
    return access;
  }
}
