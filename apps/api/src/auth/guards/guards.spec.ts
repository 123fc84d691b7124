import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role, SessionUser } from '@ascolto/domain';
import { Public } from '../../common/decorators/public.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import type { AuthenticatedRequest, RequestAuth } from '../../common/http/authenticated-request';
import { SessionAuthenticator } from '../session-authenticator';
import { constantTimeEquals, CsrfGuard } from './csrf.guard';
import { RolesGuard } from './roles.guard';
import { SessionGuard } from './session.guard';

// Handlers decorated the way controllers decorate them, so the guards read real metadata.
class Routes {
  @Public()
  open(): void {}

  @Roles('admin', 'lead', 'agent')
  triage(): void {}

  @Roles('admin')
  adminOnly(): void {}

  undecorated(): void {}
}

@Public()
class PublicController {
  anything(): void {}
}

function contextFor(handler: keyof Routes | 'anything', req: Partial<AuthenticatedRequest>): ExecutionContext {
  const controller = handler === 'anything' ? PublicController : Routes;
  const fn = (controller.prototype as unknown as Record<string, () => void>)[handler];
  return {
    getType: () => 'http',
    getHandler: () => fn,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}), getNext: () => undefined }),
  } as unknown as ExecutionContext;
}

const user = (role: Role): SessionUser => ({ id: 'u1', email: 'a@example.com', name: 'A', role, locale: 'it' });
const auth = (role: Role, csrfToken = 'csrf-token-of-session'): RequestAuth => ({ user: user(role), sessionId: 's1', csrfToken });

class FakeSessions extends SessionAuthenticator {
  readonly seen: string[] = [];
  constructor(private readonly valid: Record<string, RequestAuth>) {
    super();
  }
  async authenticate(token: string): Promise<RequestAuth | null> {
    this.seen.push(token);
    return this.valid[token] ?? null;
  }
}

describe(SessionGuard.name, () => {
  const sessions = new FakeSessions({ 'good-token': auth('agent') });
  const guard = new SessionGuard(new Reflector(), sessions);

  it('lets @Public() routes through without a cookie and without looking anything up', async () => {
    const seen = sessions.seen.length;
    await expect(guard.canActivate(contextFor('open', { cookies: {} }))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor('anything', { cookies: {} }))).resolves.toBe(true);
    expect(sessions.seen.length).toBe(seen);
  });

  it('refuses a private route without the session cookie (401)', async () => {
    await expect(guard.canActivate(contextFor('triage', { cookies: {} }))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(contextFor('undecorated', {}))).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('refuses an unknown or expired session (401)', async () => {
    await expect(guard.canActivate(contextFor('triage', { cookies: { ascolto_session: 'stale' } }))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
  });

  it('attaches the session to the request when the cookie is valid', async () => {
    const req: Partial<AuthenticatedRequest> = { cookies: { ascolto_session: 'good-token' } };
    await expect(guard.canActivate(contextFor('triage', req))).resolves.toBe(true);
    expect(req.auth?.user.role).toBe('agent');
  });
});

describe(RolesGuard.name, () => {
  const guard = new RolesGuard(new Reflector());

  it('allows a role listed in @Roles()', () => {
    expect(guard.canActivate(contextFor('triage', { auth: auth('agent') }))).toBe(true);
    expect(guard.canActivate(contextFor('adminOnly', { auth: auth('admin') }))).toBe(true);
  });

  it('refuses a role not listed (403)', () => {
    expect(() => guard.canActivate(contextFor('triage', { auth: auth('analyst') }))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(contextFor('adminOnly', { auth: auth('lead') }))).toThrow(ForbiddenException);
  });

  it('refuses a private route that declares no roles, whatever the role (fail closed)', () => {
    expect(() => guard.canActivate(contextFor('undecorated', { auth: auth('admin') }))).toThrow(ForbiddenException);
  });

  it('does not apply to @Public() routes', () => {
    expect(guard.canActivate(contextFor('open', {}))).toBe(true);
  });
});

describe(CsrfGuard.name, () => {
  const guard = new CsrfGuard(new Reflector());
  const req = (method: string, headers: Record<string, string>, role: Role | null = 'agent'): Partial<AuthenticatedRequest> => ({
    method,
    headers,
    ...(role ? { auth: auth(role) } : {}),
  });

  it('does not ask safe methods for a token', () => {
    expect(guard.canActivate(contextFor('triage', req('GET', {})))).toBe(true);
    expect(guard.canActivate(contextFor('triage', req('HEAD', {})))).toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses %s without the X-XSRF-TOKEN header (403)', (method) => {
    expect(() => guard.canActivate(contextFor('triage', req(method, {})))).toThrow(ForbiddenException);
  });

  it('refuses a token that is not the session one, even one differing only in its last character', () => {
    expect(() => guard.canActivate(contextFor('triage', req('PATCH', { 'x-xsrf-token': 'csrf-token-of-sessioN' })))).toThrow(
      ForbiddenException,
    );
    expect(() => guard.canActivate(contextFor('triage', req('PATCH', { 'x-xsrf-token': '' })))).toThrow(ForbiddenException);
  });

  it('accepts the session token echoed in the header', () => {
    expect(guard.canActivate(contextFor('triage', req('PATCH', { 'x-xsrf-token': 'csrf-token-of-session' })))).toBe(true);
  });

  it('exempts @Public() routes (login has no session to protect yet)', () => {
    expect(guard.canActivate(contextFor('open', req('POST', {}, null)))).toBe(true);
  });

  it('refuses a write when no session was attached', () => {
    expect(() => guard.canActivate(contextFor('triage', req('POST', { 'x-xsrf-token': 'anything' }, null)))).toThrow(ForbiddenException);
  });
});

describe(constantTimeEquals.name, () => {
  it('compares whole strings, including different lengths', () => {
    expect(constantTimeEquals('abc', 'abc')).toBe(true);
    expect(constantTimeEquals('abc', 'abd')).toBe(false);
    expect(constantTimeEquals('abc', 'abcd')).toBe(false);
    expect(constantTimeEquals('', 'a')).toBe(false);
  });
});
