import type { Request } from 'express';
import type { SessionUser } from '@ascolto/domain';

/** What the session guard attaches to a request it lets through. */
export interface RequestAuth {
  user: SessionUser;
  sessionId: string;
  csrfToken: string;
}

export interface AuthenticatedRequest extends Request {
  auth?: RequestAuth;
}
