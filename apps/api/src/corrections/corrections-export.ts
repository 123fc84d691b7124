import type { DataSource } from 'typeorm';
import type { Category, FlushReason, Intent, Sentiment } from '@ascolto/domain';

/**
 * One corrected mention in the training record format that `npm run nlp:train -- --corrections`
 * reads (libs/nlp/training/datasets.ts `readJsonl`, label-mapping.ts `labelsOf`): the mention's
 * text and language when it was last corrected, and only the labels people corrected, each at its
 * latest value.
 */
export interface CorrectionRecord {
  id: string;
  text: string;
  lang: string;
  sentiment?: Sentiment;
  category?: Category;
  intent?: Intent;
  flushReason?: FlushReason;
}

interface LatestRow {
  mention_id: string;
  kind: 'sentiment' | 'category' | 'intent' | 'flush_reason';
  corrected_value: string | null;
  mention_text: string;
  mention_language: string;
  created_at: Date;
}

/** Mentions per query: bounds memory however many corrections there are. */
const PAGE = 500;

/**
 * Every corrected mention, in mention id order. With `since`, only mentions with a correction
 * recorded at or after it — each still with all its latest labels, so a later export's record for a
 * mention replaces an earlier one's whole. `label_corrections` holds applied corrections only (a
 * pending one has no row yet); `since` compares the time a row was recorded (`applied_at`), not the
 * time the person made it, so a correction the worker's reconciler recorded late is still in the
 * next export.
 */
export async function* correctionRecords(dataSource: DataSource, since?: Date): AsyncGenerator<CorrectionRecord> {
  let after = '';
  for (;;) {
    // Keyset pagination over mention ids, then the latest row per (mention, kind) of that page.
    const rows: LatestRow[] = await dataSource.query(
      `SELECT DISTINCT ON (mention_id, kind) mention_id, kind, corrected_value, mention_text, mention_language, created_at
         FROM label_corrections
        WHERE mention_id IN (
                SELECT DISTINCT mention_id FROM label_corrections
                 WHERE mention_id > $1 AND ($2::timestamptz IS NULL OR applied_at >= $2)
                 ORDER BY mention_id LIMIT $3)
        ORDER BY mention_id, kind, created_at DESC, id DESC`,
      [after, since ?? null, PAGE],
    );
    if (rows.length === 0) return;
    let group: LatestRow[] = [];
    for (const row of rows) {
      if (group.length > 0 && group[0].mention_id !== row.mention_id) {
        yield toRecord(group);
        group = [];
      }
      group.push(row);
    }
    yield toRecord(group);
    after = rows[rows.length - 1].mention_id;
  }
}

function toRecord(rows: LatestRow[]): CorrectionRecord {
  const newest = rows.reduce((a, b) => (b.created_at > a.created_at ? b : a));
  const record: CorrectionRecord = { id: newest.mention_id, text: newest.mention_text, lang: newest.mention_language };
  for (const row of rows) {
    // A flush reason cleared by a category other than flush is not a label to learn.
    if (row.corrected_value === null) continue;
    if (row.kind === 'sentiment') record.sentiment = row.corrected_value as Sentiment;
    else if (row.kind === 'category') record.category = row.corrected_value as Category;
    else if (row.kind === 'intent') record.intent = row.corrected_value as Intent;
    else record.flushReason = row.corrected_value as FlushReason;
  }
  return record;
}

/**
 * One JSONL line. JSON.stringify escapes quotes, backslashes and control characters (a newline in
 * a post cannot start a new record); U+2028/U+2029, which JSON allows raw but some line readers
 * split on, are escaped too. Nothing else reads the text: it is not HTML, a template or a shell.
 */
export function toJsonlLine(record: CorrectionRecord): string {
  return `${JSON.stringify(record).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}

/** The export as JSONL text chunks (for a stream). */
export async function* correctionLines(dataSource: DataSource, since?: Date): AsyncGenerator<string> {
  for await (const record of correctionRecords(dataSource, since)) yield toJsonlLine(record);
}
