import type { Routes } from '@angular/router';
import { BarController, BarElement, CategoryScale, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';

import { SourceDetailComponent } from './source-detail.component';
import { SourcesPageComponent } from './sources-page.component';
import { SourcesStore } from './sources.store';

export const routes: Routes = [
  {
    path: '',
    // One store for the list and a source's page; Chart.js with only what the run charts draw.
    providers: [
      SourcesStore,
      provideCharts({ registerables: [BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip] }),
    ],
    children: [
      { path: '', component: SourcesPageComponent },
      { path: ':id', component: SourceDetailComponent },
    ],
  },
];
