import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';

import { AuthService } from '../auth/auth.service';

// A 401 from these means "wrong password" or "not logged in yet": the login page and the guard
// handle them, and redirecting here would fight with them.
const SESSION_PROBES = ['/api/auth/login', '/api/auth/me'];

/** Any other 401 means the session ended while the user was working: go to /login and come back after. */
export const authErrorInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !SESSION_PROBES.some((path) => request.url.startsWith(path))) {
        auth.forget();
        const current = router.url;
        if (!current.startsWith('/login')) {
          void router.navigate(['/login'], { queryParams: { returnUrl: current } });
        }
      }
      return throwError(() => error);
    }),
  );
};
