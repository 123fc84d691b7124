import type { Routes } from '@angular/router';

import { InboxPageComponent } from './inbox-page.component';
import { MentionDetailComponent } from './mention-detail.component';

// The detail is a child route so the list (and its polling, filters and scroll) stays alive next
// to it on wide screens, and behind it on phones.
export const routes: Routes = [
  {
    path: '',
    component: InboxPageComponent,
    children: [{ path: ':id', component: MentionDetailComponent }],
  },
];
