import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, RequestAuth } from '../http/authenticated-request';

/** The session of the caller; only on routes behind the session guard (i.e. not @Public). */
export const CurrentAuth = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestAuth => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  // Reaching a handler without auth means the route is @Public but asks for the user: a bug.
  if (!auth) throw new UnauthorizedException('Not signed in');
  return auth;
});
