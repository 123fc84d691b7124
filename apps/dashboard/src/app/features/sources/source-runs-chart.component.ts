import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SourceRunView } from '@ascolto/domain';
import type { ChartConfiguration, ChartData } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';

import { chronological } from './source-health';

/** Series names in the UI language (passed in, so a language switch redraws the chart). */
export interface RunChartLabels {
  created: string;
  duplicates: string;
  fetched: string;
  failed: string;
  /** The chart's text alternative for screen readers. */
  summary: string;
}

// Fixed colours: Chart.js draws on a canvas and cannot read the Material CSS variables.
const NEW = '#2e7d32';
const DUPLICATE = '#9e9e9e';
const FETCHED = '#1565c0';
const FAILED = 'rgba(198, 40, 40, 0.35)';

type RunChart = ChartData<'bar' | 'line', number[], string>;

/**
 * New and duplicate items per run as stacked bars, fetched as a line (full chart only), and a
 * full-height red bar behind every failed run so a failure stands out even when it fetched nothing.
 */
export function runChartData(runs: readonly SourceRunView[], labels: RunChartLabels, lang: string, compact: boolean): RunChart {
  const ordered = chronological(runs);
  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });
  const top = Math.max(1, ...ordered.map((run) => Math.max(run.fetched, run.created + run.duplicates)));
  // Thin bars even for one run: a single run should not look like a wall.
  const maxBarThickness = compact ? 8 : 28;
  const datasets: RunChart['datasets'] = [
    { type: 'bar', label: labels.created, data: ordered.map((run) => run.created), backgroundColor: NEW, stack: 'items', maxBarThickness },
    { type: 'bar', label: labels.duplicates, data: ordered.map((run) => run.duplicates), backgroundColor: DUPLICATE, stack: 'items', maxBarThickness },
  ];
  if (ordered.some((run) => run.status === 'failed')) {
    datasets.push({
      type: 'bar',
      label: labels.failed,
      data: ordered.map((run) => (run.status === 'failed' ? top : 0)),
      backgroundColor: FAILED,
      stack: 'failed',
      grouped: false,
      maxBarThickness,
    });
  }
  if (!compact) {
    datasets.push({ type: 'line', label: labels.fetched, data: ordered.map((run) => run.fetched), borderColor: FETCHED, backgroundColor: FETCHED, pointRadius: 2 });
  }
  return { labels: ordered.map((run) => time.format(new Date(run.startedAt))), datasets };
}

@Component({
  selector: 'asc-source-runs-chart',
  imports: [BaseChartDirective],
  template: `
    <div class="chart" [class.compact]="compact()">
      <canvas baseChart role="img" [attr.aria-label]="labels().summary" [type]="'bar'" [data]="data()" [options]="options()"></canvas>
    </div>
  `,
  styles: `
    .chart {
      position: relative;
      height: 220px;
    }
    .chart.compact {
      height: 44px;
      width: 160px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SourceRunsChartComponent {
  readonly runs = input.required<readonly SourceRunView[]>();
  readonly labels = input.required<RunChartLabels>();
  readonly lang = input('en');
  /** A sparkline for the list: no axes, no legend, no fetched line. */
  readonly compact = input(false);

  // The chart's own union type is wider than ng2-charts' `data` input for a mixed chart.
  protected readonly data = computed(() => runChartData(this.runs(), this.labels(), this.lang(), this.compact()) as ChartConfiguration<'bar'>['data']);
  protected readonly options = computed<ChartConfiguration<'bar'>['options']>(() => {
    const compact = this.compact();
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: !compact, position: 'bottom' },
        tooltip: { enabled: !compact, filter: (item) => item.dataset.stack !== 'failed' || (item.raw as number) > 0 },
      },
      scales: {
        x: { display: !compact, stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: { display: !compact, stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
    };
  });
}
