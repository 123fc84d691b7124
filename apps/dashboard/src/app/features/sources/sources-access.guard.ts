import { inject } from '@angular/core';
import { type CanMatchFn, Router } from '@angular/router';
import { catchError, map, of } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';

/** Who sees the sources page: admins configure sources, leads watch their health. */
export const SOURCE_VIEWER_ROLES: readonly string[] = ['admin', 'lead'];

/**
 * Keeps the sources page from everyone else (the API refuses them too). It may run before the
 * shell's authGuard on a fresh load, so it asks for the session itself. A visitor without a session
 * is let through to the shell's authGuard, which sends them to log in and back here afterwards.
 */
export const sourcesAccessGuard: CanMatchFn = () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return auth.ensureSession().pipe(
    map((loggedIn) => (!loggedIn || SOURCE_VIEWER_ROLES.includes(auth.user()?.role ?? '') ? true : router.createUrlTree(['/inbox']))),
    catchError(() => of(true)),
  );
};
