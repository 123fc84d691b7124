import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { catchError, map, of } from 'rxjs';

import { AuthService } from './auth.service';

/** Lets a logged-in user through; sends everyone else to /login, remembering where they were going. */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const toLogin = () => router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
  return auth.ensureSession().pipe(
    map((loggedIn) => (loggedIn ? true : toLogin())),
    // An unreachable API is not a reason to show the app as if logged in.
    catchError(() => of(toLogin())),
  );
};

/** Keeps a logged-in user away from the login form. */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return auth.ensureSession().pipe(
    map((loggedIn) => (loggedIn ? router.createUrlTree(['/inbox']) : true)),
    catchError(() => of(true)),
  );
};
