import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Throttler names; the limits come from ApiConfig.loginThrottle (see AuthModule). */
export const LOGIN_THROTTLE_BY_IP = 'login-ip';
export const LOGIN_THROTTLE_BY_EMAIL = 'login-email';

/**
 * Guessing passwords is slowed twice: per client address (one attacker, many accounts) and per
 * e-mail (many addresses, one account). Only the login route uses this guard, so the limits never
 * touch ordinary API traffic.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getErrorMessage(): Promise<string> {
    return 'Too many login attempts; wait a minute and try again';
  }
}

/** The per-e-mail tracker: the normalised address from the body, or the client address without one. */
export function loginEmailTracker(req: Record<string, unknown>): string {
  const body = req.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 320) : '';
  return email ? `email:${email}` : `ip:${String(req.ip)}`;
}
