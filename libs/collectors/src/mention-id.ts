import { createHash } from 'node:crypto';
import type { SourceType } from '@ascolto/domain';

/**
 * The deterministic id of a mention: `${sourceType}-` followed by the first 32 hex characters
 * (128 bits) of SHA-256 over `sourceType`, `sourceKey` and `externalId` joined with NUL bytes.
 *
 * The same item delivered twice gets the same id, so indexing it again overwrites instead of
 * duplicating. Hashing keeps ids short and safe for Elasticsearch (`_id` is limited to 512 bytes;
 * feed URLs and guids are not), and the NUL separator keeps ("a", "bc") and ("ab", "c") apart.
 * Changing this function re-keys every stored mention: don't.
 */
export function mentionId(sourceType: SourceType, sourceKey: string, externalId: string): string {
  const digest = createHash('sha256').update(`${sourceType}\u0000${sourceKey}\u0000${externalId}`, 'utf8').digest('hex');
  return `${sourceType}-${digest.slice(0, 32)}`;
}
