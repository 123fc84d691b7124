import type { Language } from '@ascolto/domain';
import { featurize, type Featurized } from '../src/features/featurize';
import { cleanText } from '../src/text/html-to-text';
import { tokenize } from '../src/text/tokenize';
import { listDatasets, readDataset, readJsonl, type DatasetRecord } from './datasets';
import { foldOf } from './folds';
import { labelsOf, type TaskLabels } from './label-mapping';

/** A labelled record, featurised once and shared by every model and fold. */
export interface CorpusItem {
  dataset: string;
  record: DatasetRecord;
  labels: TaskLabels;
  fold: number;
  /** The record's own language, used to pick the model during training. */
  language: Language;
  features: Featurized;
  /** Sample weight in training (corrections weigh more than crowd labels). */
  weight: number;
}

export function toCorpusItem(dataset: string, record: DatasetRecord, weight = 1): CorpusItem {
  const language = (record.lang === 'it' || record.lang === 'en' ? record.lang : 'other') as Language;
  const tokens = tokenize(cleanText(record.text));
  return {
    dataset,
    record,
    labels: labelsOf(record, dataset),
    fold: foldOf(record.text),
    language,
    features: featurize(tokens, language, true),
    weight,
  };
}

/** Every dev set (or the named ones), in a fixed order. */
export function loadDevCorpus(names: readonly string[] = listDatasets()): CorpusItem[] {
  const items: CorpusItem[] = [];
  for (const name of names) for (const record of readDataset(name)) items.push(toCorpusItem(name, record));
  return items;
}

/** A JSONL file in the data sets' record format, named after its path. */
export function loadFileCorpus(path: string, dataset: string, weight = 1): CorpusItem[] {
  return readJsonl(path).map((record) => toCorpusItem(dataset, record, weight));
}
