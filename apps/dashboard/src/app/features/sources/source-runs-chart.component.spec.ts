import { buildSourceRun } from './testing/source-fixtures';
import { type RunChartLabels, runChartData } from './source-runs-chart.component';

const LABELS: RunChartLabels = { created: 'New', duplicates: 'Duplicates', fetched: 'Fetched', failed: 'Failed run', summary: '' };

describe(runChartData.name, () => {
  const runs = [
    buildSourceRun({ id: 'b', startedAt: '2026-11-20T10:02:00.000Z', status: 'failed', fetched: 0, created: 0, duplicates: 0 }),
    buildSourceRun({ id: 'a', startedAt: '2026-11-20T10:00:00.000Z', fetched: 12, created: 4, duplicates: 8 }),
  ];

  it('stacks new and duplicate items per run, oldest first, with a full-height mark behind each failed run', () => {
    const data = runChartData(runs, LABELS, 'en', false);
    expect(data.labels).toHaveLength(2);
    expect(data.datasets.map((set) => [set.label, set.data])).toEqual([
      ['New', [4, 0]],
      ['Duplicates', [8, 0]],
      ['Failed run', [0, 12]],
      ['Fetched', [12, 0]],
    ]);
  });

  it('draws no failure series when nothing failed, and no fetched line in the sparkline', () => {
    const data = runChartData([runs[1]], LABELS, 'en', true);
    expect(data.datasets.map((set) => set.label)).toEqual(['New', 'Duplicates']);
  });
});
