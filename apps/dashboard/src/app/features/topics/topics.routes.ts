import type { Routes } from '@angular/router';

import { TopicsPageComponent } from './topics-page.component';

export const routes: Routes = [{ path: '', component: TopicsPageComponent }];
