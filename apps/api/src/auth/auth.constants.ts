/** httpOnly cookie holding the random session token (only its SHA-256 is stored). */
export const SESSION_COOKIE = 'ascolto_session';
/** Readable cookie with the per-session CSRF token; the dashboard echoes it in CSRF_HEADER. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
/** Lower-case, as Node presents incoming header names. Angular's HttpClient sends X-XSRF-TOKEN. */
export const CSRF_HEADER = 'x-xsrf-token';
/** The same message for every failed login, whatever failed, so it reveals nothing. */
export const LOGIN_FAILED_MESSAGE = 'Wrong e-mail or password';
