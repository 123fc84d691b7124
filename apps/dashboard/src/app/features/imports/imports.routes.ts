import type { Routes } from '@angular/router';

import { ImportsPageComponent } from './imports-page.component';

export const routes: Routes = [{ path: '', component: ImportsPageComponent }];
