import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role, UiLocale } from '@ascolto/domain';
import type { RequestAuth } from '../common/http/authenticated-request';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';
import { SessionAuthenticator } from './session-authenticator';

const HOUR_MS = 3_600_000;
// Writing last_seen_at on every request would turn each read into a write; once a minute keeps
// the sliding expiry accurate to the minute at a fraction of the cost.
const TOUCH_INTERVAL_MS = 60_000;
// 32 random bytes in base64url, no padding.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface NewSession {
  sessionId: string;
  /** Goes to the browser only; the database keeps its SHA-256. */
  token: string;
  csrfToken: string;
}

interface SessionRow {
  id: string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  locale: UiLocale;
  disabled_at: Date | null;
}

@Injectable()
export class SessionService extends SessionAuthenticator {
  private readonly ttlMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    super();
    this.ttlMs = config.session.ttlHours * HOUR_MS;
    this.maxMs = config.session.maxHours * HOUR_MS;
  }

  async create(manager: EntityManager, userId: string, now = new Date()): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    // Expired rows of anyone are useless; dropping them at login keeps the table small without a job.
    await manager.query('DELETE FROM sessions WHERE expires_at < $1', [now]);
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $4) RETURNING id`,
      [hashSessionToken(token), userId, csrfToken, now, new Date(now.getTime() + this.ttlMs)],
    );
    return { sessionId: rows[0].id, token, csrfToken };
  }

  async authenticate(token: string, now = new Date()): Promise<RequestAuth | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    // Looked up by hash through a unique index: no comparison of secrets happens in our code.
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, s.csrf_token, s.created_at, s.expires_at, s.last_seen_at,
              u.id AS user_id, u.email, u.name, u.role, u.locale, u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1`,
      [hashSessionToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.expires_at.getTime() <= now.getTime() || row.disabled_at !== null) {
      await this.revoke(row.id);
      return null;
    }
    if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
      const expiresAt = new Date(Math.min(now.getTime() + this.ttlMs, row.created_at.getTime() + this.maxMs));
      await this.dataSource.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [row.id, now, expiresAt]);
    }
    return {
      sessionId: row.id,
      csrfToken: row.csrf_token,
      user: { id: row.user_id, email: row.email, name: row.name, role: row.role, locale: row.locale },
    };
  }

  async revoke(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
  }
}
