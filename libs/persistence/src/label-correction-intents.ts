import type { DataSource } from 'typeorm';
import type { CorrectableLabel, CorrectLabelsRequest } from '@ascolto/domain';
import type { PlannedLabelChange } from './entities/label-correction-intent.entity';

// A person's label correction, PostgreSQL first: the intent is committed before Elasticsearch is
// written, and replaced by its `label_corrections` rows and audit event once the document holds
// it. The API and the worker's reconciler both finish intents through `completeCorrectionIntent`.

/** Anything that runs SQL: an EntityManager inside a transaction, a QueryRunner, a DataSource. */
interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface NewCorrectionIntent {
  mentionId: string;
  mentionIndex: string;
  request: CorrectLabelsRequest;
  /** The changes planned on the document read before the write. */
  planned: PlannedLabelChange[];
  userId: string;
  userName: string;
}

/** A pending intent as the reconciler reads it. */
export interface CorrectionIntent extends NewCorrectionIntent {
  id: string;
  createdAt: Date;
  attempts: number;
}

/** What the rows copy from the mention document as it was before the correction was written. */
export interface CorrectedDocument {
  id: string;
  publishedAt: string;
  pipelineVersion: string;
  text: string;
  language: string;
}

export interface CorrectionOutcome {
  /** The document the correction was written on, as it was just before. */
  before: CorrectedDocument;
  /** Its monthly index. */
  index: string;
  /** The labels whose value changed: one `label_corrections` row each. */
  changes: PlannedLabelChange[];
  /** The document's `correctedLabels` after the write. */
  corrected: CorrectableLabel[];
  /** Finished by the worker's reconciler rather than by the request that asked for it. */
  reconciled?: boolean;
}

interface IntentRow {
  id: string;
  mention_id: string;
  mention_index: string;
  request: CorrectLabelsRequest;
  planned: PlannedLabelChange[];
  user_id: string;
  user_name: string;
  created_at: Date;
  attempts: number;
}

/** Commits a pending intent (call it outside any transaction, so it is durable at once); returns its id. */
export async function createCorrectionIntent(sql: Sql, intent: NewCorrectionIntent): Promise<string> {
  const rows = (await sql.query(
    // The clock, not the transaction's start: rows later take this time as the correction's.
    `INSERT INTO label_correction_intents (mention_id, mention_index, request, planned, user_id, user_name, created_at)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, clock_timestamp()) RETURNING id`,
    [intent.mentionId, intent.mentionIndex, JSON.stringify(intent.request), JSON.stringify(intent.planned), intent.userId, intent.userName],
  )) as Array<{ id: string }>;
  return rows[0].id;
}

/** Removes a pending intent whose correction was refused or not written: nothing is recorded. */
export async function discardCorrectionIntent(sql: Sql, id: string): Promise<void> {
  await sql.query('DELETE FROM label_correction_intents WHERE id = $1 AND applied_at IS NULL', [id]);
}

/** The reconciler's failed attempt, for the logs and the next pass. */
export async function markCorrectionIntentFailed(sql: Sql, id: string, error: string): Promise<void> {
  await sql.query('UPDATE label_correction_intents SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND applied_at IS NULL', [id, error.slice(0, 1_000)]);
}

/** Pending intents made before `before`, oldest first (the order people asked in). */
export async function pendingCorrectionIntents(sql: Sql, before: Date, limit: number): Promise<CorrectionIntent[]> {
  const rows = (await sql.query(
    `SELECT id, mention_id, mention_index, request, planned, user_id, user_name, created_at, attempts
       FROM label_correction_intents
      WHERE applied_at IS NULL AND created_at < $1
      ORDER BY id LIMIT $2`,
    [before, limit],
  )) as IntentRow[];
  return rows.map(toIntent);
}

/** The requests of the corrections of `mentionId` asked for after intent `id` (pending or applied). */
export async function laterCorrectionRequests(sql: Sql, mentionId: string, id: string): Promise<CorrectLabelsRequest[]> {
  const rows = (await sql.query('SELECT request FROM label_correction_intents WHERE mention_id = $1 AND id > $2 ORDER BY id', [mentionId, id])) as Array<{
    request: CorrectLabelsRequest;
  }>;
  return rows.map((row) => row.request);
}

/**
 * Replaces pending intent `id` by its `label_corrections` rows and the audit event, in one
 * transaction. Returns false, recording nothing, when the intent is already applied (the API and
 * the reconciler both finished it) or gone.
 */
export async function completeCorrectionIntent(dataSource: DataSource, id: string, outcome: CorrectionOutcome): Promise<boolean> {
  return dataSource.transaction(async (tx) => {
    const intents: IntentRow[] = await tx.query(
      'SELECT id, user_id, created_at FROM label_correction_intents WHERE id = $1 AND applied_at IS NULL FOR UPDATE',
      [id],
    );
    const intent = intents[0];
    if (!intent) return false;
    const { before } = outcome;
    for (const change of outcome.changes) {
      // The pipeline's value is what the first correction of this label replaced; later ones
      // replace a person's value, which is not the machine's.
      const first: Array<{ machine_value: string | null; machine_confidence: number | null }> = await tx.query(
        `SELECT machine_value, machine_confidence FROM label_corrections
          WHERE mention_id = $1 AND kind = $2 ORDER BY created_at, id LIMIT 1`,
        [before.id, change.kind],
      );
      const machine = first[0] ?? { machine_value: change.from, machine_confidence: change.confidence };
      await tx.query(
        `INSERT INTO label_corrections
           (mention_id, mention_index, mention_published_at, kind, machine_value, machine_confidence, corrected_value,
            pipeline_version, mention_text, mention_language, user_id, intent_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          before.id,
          outcome.index,
          before.publishedAt,
          change.kind,
          machine.machine_value,
          machine.machine_confidence,
          change.to,
          before.pipelineVersion,
          before.text,
          before.language,
          intent.user_id,
          id,
          // When the person made it, so that the latest correction of a label stays the latest
          // even if an earlier one is recorded after it.
          intent.created_at,
        ],
      );
    }
    const data: Record<string, unknown> = { changes: outcome.changes.map(({ label, from, to }) => ({ label, from, to })), corrected: outcome.corrected };
    if (outcome.reconciled) data.reconciled = true;
    await tx.query('INSERT INTO audit_events (actor_id, action, entity_type, entity_id, data) VALUES ($1, $2, $3, $4, $5::jsonb)', [
      intent.user_id,
      'mention.labels',
      'mention',
      before.id,
      JSON.stringify(data),
    ]);
    await tx.query('UPDATE label_correction_intents SET applied_at = now() WHERE id = $1', [id]);
    return true;
  });
}

function toIntent(row: IntentRow): CorrectionIntent {
  return {
    id: row.id,
    mentionId: row.mention_id,
    mentionIndex: row.mention_index,
    request: row.request,
    planned: row.planned,
    userId: row.user_id,
    userName: row.user_name,
    createdAt: row.created_at,
    attempts: row.attempts,
  };
}
