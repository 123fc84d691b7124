/** Classification figures as the evaluation reports them. */
export interface TaskScores {
  n: number;
  accuracy: number;
  macroF1: number;
  /** F1 per class of the task's vocabulary that occurs in gold or predictions. */
  perClassF1: Record<string, number>;
  /** confusion[gold][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
}

export function scoreTask(gold: readonly string[], predicted: readonly string[], classes: readonly string[]): TaskScores {
  const confusion: Record<string, Record<string, number>> = {};
  let correct = 0;
  const seen = new Set<string>();
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i];
    const p = predicted[i];
    seen.add(g);
    seen.add(p);
    (confusion[g] ??= {})[p] = (confusion[g][p] ?? 0) + 1;
    if (g === p) correct++;
  }
  const used = [...classes.filter((c) => seen.has(c)), ...[...seen].filter((c) => !classes.includes(c)).sort()];
  const perClassF1: Record<string, number> = {};
  for (const c of used) {
    const tp = confusion[c]?.[c] ?? 0;
    let fp = 0;
    let fn = 0;
    for (const g of used) if (g !== c) fp += confusion[g]?.[c] ?? 0;
    for (const p of used) if (p !== c) fn += confusion[c]?.[p] ?? 0;
    perClassF1[c] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  // Macro-F1 over the classes present in the gold labels: a class no record has cannot be scored.
  const goldClasses = used.filter((c) => gold.includes(c));
  const macroF1 = goldClasses.length ? goldClasses.reduce((s, c) => s + perClassF1[c], 0) / goldClasses.length : 0;
  return { n: gold.length, accuracy: gold.length ? correct / gold.length : 0, macroF1, perClassF1, confusion };
}

/**
 * SENTIPOLC 2016's official polarity score: the F-score of the positive flag and of the negative
 * flag, each the mean of its two classes' F1 (flag set / not set), then the mean of the two.
 */
export function sentipolcPolarityScore(
  gold: ReadonlyArray<{ positive: boolean; negative: boolean }>,
  predicted: ReadonlyArray<{ positive: boolean; negative: boolean }>,
): { score: number; positiveF: number; negativeF: number } {
  const flagF = (pick: (x: { positive: boolean; negative: boolean }) => boolean) => {
    const scores = scoreTask(
      gold.map((g) => (pick(g) ? 'yes' : 'no')),
      predicted.map((p) => (pick(p) ? 'yes' : 'no')),
      ['yes', 'no'],
    );
    return ((scores.perClassF1.yes ?? 0) + (scores.perClassF1.no ?? 0)) / 2;
  };
  const positiveF = flagF((x) => x.positive);
  const negativeF = flagF((x) => x.negative);
  return { score: (positiveF + negativeF) / 2, positiveF, negativeF };
}
