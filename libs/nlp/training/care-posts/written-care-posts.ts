import { resolve } from 'node:path';
import { shippedModels } from '../../src/models/pipeline-models';
import { lexiconBaselines } from '../baselines';
import { loadFileCorpus } from '../corpus';
import { analyseItems, evaluateFile, type FileEvaluation } from '../evaluate';

/**
 * Care posts we wrote ourselves, as customers of Italian companies write to them (a phone company,
 * a bank, an energy supplier, a courier, trains, grocery delivery), labelled by us with PRODUCT.md's
 * sentiment, category, intent and flush reason. They copy no data set: the data sets label no
 * Italian complaint, question or outage, and none of them uses a care team's categories. Nothing
 * trains on them.
 *
 * Each file was written before the rules it measures were changed, and is named by how much it
 * was read since (docs/decisions.md, pipeline `linear-10`): `care-posts-a` was read while cues and
 * rules were added, so its figures are in-sample for them; `b` and `c` were each scored unread
 * against the rules of their day, then read to shape one or two rules more; `d` was scored unread and has not
 * been read since: the fairest figure. Spam and bots carry the tone they are written
 * in (a scam promising money is positive); posts with no action carry `no_action`.
 */
export const WRITTEN_CARE_POSTS: ReadonlyArray<{ name: string; path: string }> = [
  { name: 'care-posts-a (read while the rules were written)', path: resolve(__dirname, 'care-posts-a.jsonl') },
  { name: 'care-posts-b (scored unread, then read for one rule)', path: resolve(__dirname, 'care-posts-b.jsonl') },
  { name: 'care-posts-c (scored unread, then read for two rules)', path: resolve(__dirname, 'care-posts-c.jsonl') },
  { name: 'care-posts-d (scored unread, not read since)', path: resolve(__dirname, 'care-posts-d.jsonl') },
];

/** Scores the written posts with the committed models (trained on every dev file; none of these). */
export function evaluateWrittenCarePosts(): Record<string, FileEvaluation> {
  const models = shippedModels();
  const baselines = lexiconBaselines();
  const out: Record<string, FileEvaluation> = {};
  for (const { name, path } of WRITTEN_CARE_POSTS) {
    const items = loadFileCorpus(path, name);
    out[name] = evaluateFile(items, analyseItems(items, () => models), baselines);
  }
  return out;
}
