import type { RequestAuth } from '../common/http/authenticated-request';

/**
 * What the session guard needs: resolve a cookie token to a live session, or null. An abstract
 * class so it doubles as the injection token and the guard can be unit-tested without a database.
 */
export abstract class SessionAuthenticator {
  abstract authenticate(token: string): Promise<RequestAuth | null>;
}
