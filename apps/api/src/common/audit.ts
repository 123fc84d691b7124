import type { EntityManager } from 'typeorm';

export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'user.create'
  | 'mention.status'
  | 'mention.labels'
  | 'ticket.create'
  | 'source.create'
  | 'source.update'
  | 'source.delete'
  | 'topic.create'
  | 'topic.update'
  | 'topic.delete';

export interface AuditInput {
  actorId: string | null;
  action: AuditAction;
  entityType: 'user' | 'session' | 'mention' | 'ticket' | 'source' | 'topic';
  entityId: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends to the audit log through the caller's EntityManager, so that inside a transaction the
 * event commits or rolls back together with the change it records.
 */
export async function recordAudit(manager: EntityManager, event: AuditInput): Promise<void> {
  await manager.query(
    'INSERT INTO audit_events (actor_id, action, entity_type, entity_id, data) VALUES ($1, $2, $3, $4, $5::jsonb)',
    [event.actorId, event.action, event.entityType, event.entityId, JSON.stringify(event.data ?? {})],
  );
}
