import type { EntityManager } from 'typeorm';
import type { Role, SessionUser } from '@ascolto/domain';
import { UserEntity } from '@ascolto/persistence';
import { recordAudit } from '../common/audit';
import { hashPassword } from './passwords';

export class UserAlreadyExistsError extends Error {
  override readonly name = 'UserAlreadyExistsError';
  constructor(readonly email: string) {
    super(`A user with e-mail ${email} already exists`);
  }
}

/** E-mail addresses are compared case-insensitively: stored and looked up lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toSessionUser(user: Pick<UserEntity, 'id' | 'email' | 'name' | 'role' | 'locale'>): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}

export interface NewUserAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
}

/**
 * Creates a user with an argon2id hash and audits it. Shared by the `create-user` command and the
 * start-up admin, which run without the HTTP layer. Input is validated by the callers (DTO).
 */
export async function createUserAccount(
  manager: EntityManager,
  input: NewUserAccount,
  actorId: string | null = null,
): Promise<UserEntity> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return manager.transaction(async (tx) => {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO users (email, name, password_hash, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email, input.name.trim(), passwordHash, input.role],
    );
    if (rows.length === 0) throw new UserAlreadyExistsError(email);
    await recordAudit(tx, {
      actorId,
      action: 'user.create',
      entityType: 'user',
      entityId: rows[0].id,
      data: { email, role: input.role },
    });
    return tx.findOneByOrFail(UserEntity, { id: rows[0].id });
  });
}
