import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SessionUser } from '@ascolto/domain';
import { UserEntity } from '@ascolto/persistence';
import { recordAudit } from '../common/audit';
import type { RequestAuth } from '../common/http/authenticated-request';
import { LOGIN_FAILED_MESSAGE } from './auth.constants';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { SessionService, type NewSession } from './session.service';
import { normaliseEmail, toSessionUser } from './user-accounts';

export interface LoginContext {
  ip: string | undefined;
  userAgent: string | undefined;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
  ) {}

  async login(emailInput: string, password: string, context: LoginContext): Promise<{ user: SessionUser; session: NewSession }> {
    const email = normaliseEmail(emailInput);
    const user = await this.dataSource.manager.findOneBy(UserEntity, { email });
    // Same work whether or not the account exists, and the same answer for every failure.
    const passwordOk = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
    const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : user.disabledAt ? 'disabled' : null;
    if (reason || !user) {
      await recordAudit(this.dataSource.manager, {
        actorId: user?.id ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        data: { email, reason, ip: context.ip ?? null },
      });
      this.logger.warn({ reason, userId: user?.id ?? null, ip: context.ip }, 'Login failed');
      throw new UnauthorizedException(LOGIN_FAILED_MESSAGE);
    }

    const session = await this.dataSource.transaction(async (tx) => {
      const created = await this.sessions.create(tx, user.id);
      await recordAudit(tx, {
        actorId: user.id,
        action: 'auth.login',
        entityType: 'session',
        entityId: created.sessionId,
        data: { ip: context.ip ?? null, userAgent: context.userAgent?.slice(0, 300) ?? null },
      });
      return created;
    });
    this.logger.log({ userId: user.id, sessionId: session.sessionId }, 'Signed in');
    return { user: toSessionUser(user), session };
  }

  async logout(auth: RequestAuth): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.sessions.revoke(auth.sessionId, tx);
      await recordAudit(tx, {
        actorId: auth.user.id,
        action: 'auth.logout',
        entityType: 'session',
        entityId: auth.sessionId,
      });
    });
  }
}
