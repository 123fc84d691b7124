import type { CookieOptions, Response } from 'express';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.constants';

// No Max-Age: browser-session cookies. The server decides when a session ends (sliding idle
// timeout plus an absolute limit) and a stale cookie is simply refused.
function base(secure: boolean): CookieOptions {
  return { sameSite: 'strict', secure, path: '/' };
}

export function setSessionCookies(res: Response, tokens: { token: string; csrfToken: string }, secure: boolean): void {
  res.cookie(SESSION_COOKIE, tokens.token, { ...base(secure), httpOnly: true });
  setCsrfCookie(res, tokens.csrfToken, secure);
}

/** Readable by the dashboard's script on purpose: it copies the value into the X-XSRF-TOKEN header. */
export function setCsrfCookie(res: Response, csrfToken: string, secure: boolean): void {
  res.cookie(CSRF_COOKIE, csrfToken, { ...base(secure), httpOnly: false });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { ...base(secure), httpOnly: true });
  res.clearCookie(CSRF_COOKIE, { ...base(secure), httpOnly: false });
}
