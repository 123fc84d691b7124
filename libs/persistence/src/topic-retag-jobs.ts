import type { TopicRetagReason } from '@ascolto/domain';

/** Anything that runs SQL: an EntityManager inside a transaction, a QueryRunner, a DataSource. */
interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Asks the worker to re-tag the indexed mentions for `topicId`. Call it in the transaction that
 * changes the topic, so the change and its job commit (or roll back) together. A job of the same
 * topic still pending or running is superseded: only the newest definition is worth computing,
 * and the worker running the old one stops at its next progress write. Returns the new job's id.
 */
export async function enqueueTopicRetag(sql: Sql, topicId: string, reason: TopicRetagReason): Promise<string> {
  await sql.query(
    `UPDATE topic_retag_jobs SET state = 'superseded', finished_at = now()
      WHERE topic_id = $1 AND state IN ('pending', 'running')`,
    [topicId],
  );
  const rows = (await sql.query(
    // The clock, not the transaction's start: the newest job of a topic is the one enqueued last.
    `INSERT INTO topic_retag_jobs (topic_id, reason, created_at) VALUES ($1, $2, clock_timestamp()) RETURNING id`,
    [topicId, reason],
  )) as Array<{ id: string }>;
  return rows[0].id;
}
