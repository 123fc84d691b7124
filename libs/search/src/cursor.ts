import type { MentionSort } from '@ascolto/domain';
import { InvalidQueryError } from './errors';

/**
 * Cursors carry the sort values of the last mention on a page (for `search_after`), tagged with the
 * sort they were made for. They are opaque to clients (base64url JSON) but not secret: a client
 * that forges one only moves its own position in a list it may read anyway.
 */
export type SortValue = number | string;

/** Shape of each sort's values, in order: publishedAt (epoch ms), id / priority, publishedAt, id. */
const SORT_SHAPES: Record<MentionSort, readonly ('number' | 'string')[]> = {
  newest: ['number', 'string'],
  priority: ['number', 'number', 'string'],
};

const MAX_CURSOR_LENGTH = 2_048;

export function encodeCursor(sort: MentionSort, values: readonly SortValue[]): string {
  return Buffer.from(JSON.stringify({ s: sort, v: values }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedSort: MentionSort): SortValue[] {
  const invalid = (why: string) => new InvalidQueryError(`Invalid cursor: ${why}`);
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid('not a cursor from this API');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor from this API');
  }
  if (typeof decoded !== 'object' || decoded === null) throw invalid('not a cursor from this API');
  const { s, v } = decoded as { s?: unknown; v?: unknown };
  if (typeof s !== 'string' || !Object.hasOwn(SORT_SHAPES, s)) throw invalid('unknown sort');
  if (s !== expectedSort) throw invalid(`made for sort "${s}", not "${expectedSort}"`);
  const shape = SORT_SHAPES[expectedSort];
  if (!Array.isArray(v) || v.length !== shape.length) throw invalid('wrong number of sort values');
  v.forEach((value, i) => {
    const ok = shape[i] === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string';
    if (!ok) throw invalid(`sort value ${i + 1} has the wrong type`);
  });
  return v as SortValue[];
}
