import type { Provider } from '@angular/core';
import { BarController, BarElement, CategoryScale, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';

import { SourcesStore } from './sources.store';

/** One store for the list and a source's page; Chart.js with only what the run charts draw. */
export function provideSourcesFeature(): Provider[] {
  return [
    SourcesStore,
    provideCharts({ registerables: [BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip] }),
  ];
}
