import type { Routes } from '@angular/router';

import { authGuard, guestGuard } from './core/auth/auth.guard';
import { ShellComponent } from './core/layout/shell.component';
import { sourcesAccessGuard } from './features/sources/sources-access.guard';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    loadComponent: () => import('./features/login/login-page.component').then((m) => m.LoginPageComponent),
    title: 'Ascolto',
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'inbox' },
      { path: 'inbox', loadChildren: () => import('./features/inbox/inbox.routes').then((m) => m.routes) },
      { path: 'tickets', loadChildren: () => import('./features/tickets/tickets.routes').then((m) => m.routes) },
      { path: 'topics', loadChildren: () => import('./features/topics/topics.routes').then((m) => m.routes) },
      { path: 'sources', canMatch: [sourcesAccessGuard], loadChildren: () => import('./features/sources/sources.routes').then((m) => m.routes) },
      { path: 'imports', canMatch: [sourcesAccessGuard], loadChildren: () => import('./features/imports/imports.routes').then((m) => m.routes) },
    ],
  },
  { path: '**', redirectTo: 'inbox' },
];
