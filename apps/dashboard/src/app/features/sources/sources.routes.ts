import type { Routes } from '@angular/router';

import { SourceDetailComponent } from './source-detail.component';
import { SourcesPageComponent } from './sources-page.component';
import { provideSourcesFeature } from './sources.providers';

export const routes: Routes = [
  {
    path: '',
    providers: provideSourcesFeature(),
    children: [
      { path: '', component: SourcesPageComponent },
      { path: ':id', component: SourceDetailComponent },
    ],
  },
];
