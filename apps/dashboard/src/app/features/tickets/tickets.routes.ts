import type { Routes } from '@angular/router';

import { TicketsPageComponent } from './tickets-page.component';

export const routes: Routes = [{ path: '', component: TicketsPageComponent }];
