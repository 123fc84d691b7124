import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '../../common/decorators/public.decorator';
import type { AuthenticatedRequest } from '../../common/http/authenticated-request';
import { CSRF_HEADER } from '../auth.constants';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Compares two strings in time that does not depend on where they differ (or on their lengths). */
export function constantTimeEquals(a: string, b: string): boolean {
  // Hashing first gives equal-length inputs, so timingSafeEqual never short-cuts on length.
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Global guard #2: a state-changing request must echo the session's CSRF token (readable cookie
 * XSRF-TOKEN) in the X-XSRF-TOKEN header. Another site can make the browser send our cookies but
 * cannot read them, so it cannot produce the header. The token is compared with the one stored
 * for the session, not with the cookie, so a planted cookie does not help either.
 * Public routes are exempt: without a session there is nothing to ride on (that is login).
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (SAFE_METHODS.has(req.method.toUpperCase())) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const expected = req.auth?.csrfToken;
    const sent = req.headers[CSRF_HEADER];
    if (!expected || typeof sent !== 'string' || sent.length === 0 || !constantTimeEquals(sent, expected)) {
      throw new ForbiddenException('Missing or invalid CSRF token (send the XSRF-TOKEN cookie value in the X-XSRF-TOKEN header)');
    }
    return true;
  }
}
