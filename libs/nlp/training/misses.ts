import type { LabelExplanation, MentionAnalysis } from '@ascolto/domain';
import type { CorpusItem } from './corpus';
import { predictedLabel } from './evaluate';
import type { Task } from './label-mapping';

/** One record the pipeline labelled differently from its gold label, with what decided it. */
export interface Miss {
  id: string;
  task: Task;
  gold: string;
  predicted: string;
  confidence: number;
  reasons: readonly string[];
  text: string;
}

const LISTED_TASKS: readonly Task[] = ['sentiment', 'category', 'intent', 'flushReason', 'language'];

/** The explanation behind a task's label: the complaint and flush tasks are read off intent and category. */
function explanationFor(task: Task, analysis: MentionAnalysis): LabelExplanation {
  switch (task) {
    case 'sentiment':
      return analysis.explanations.sentiment;
    case 'language':
      return analysis.explanations.language;
    case 'category':
    case 'flushReason':
      return analysis.explanations.category;
    default:
      return analysis.explanations.intent;
  }
}

/**
 * Every wrong label of the listed tasks, in file order. The complaint task is left out: it is the
 * intent read twice, and listing it again would only double the intent misses.
 */
export function listMisses(items: readonly CorpusItem[], analyses: readonly MentionAnalysis[], tasks: readonly Task[] = LISTED_TASKS): Miss[] {
  const misses: Miss[] = [];
  items.forEach((item, i) => {
    for (const task of tasks) {
      const gold = item.labels[task];
      if (gold === undefined) continue;
      const predicted = predictedLabel(task, analyses[i])!;
      if (predicted === gold) continue;
      const explanation = explanationFor(task, analyses[i]);
      misses.push({ id: item.record.id, task, gold, predicted, confidence: explanation.confidence, reasons: explanation.reasons, text: item.record.text });
    }
  });
  return misses;
}

/** Mention text is hostile input: one line each, control and bidi characters shown as escapes. */
function printable(text: string, max = 240): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A plain-text listing for the terminal, grouped by task. */
export function renderMisses(file: string, misses: readonly Miss[]): string {
  const lines = [`# ${file}: ${misses.length} wrong label${misses.length === 1 ? '' : 's'}`];
  for (const task of LISTED_TASKS) {
    const ofTask = misses.filter((m) => m.task === task);
    if (!ofTask.length) continue;
    lines.push('', `## ${task} (${ofTask.length})`);
    for (const m of ofTask) {
      lines.push(`${m.id}  gold ${m.gold}, got ${m.predicted} (${m.confidence.toFixed(2)}): ${m.reasons.slice(0, 3).join('; ') || 'no reason given'}`);
      lines.push(`    ${printable(m.text)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
