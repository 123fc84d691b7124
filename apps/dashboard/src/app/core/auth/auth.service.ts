import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import type { LoginRequest, SessionUser } from '@ascolto/domain';
import { type Observable, catchError, finalize, map, of, shareReplay, tap, throwError } from 'rxjs';

/**
 * The session as the browser sees it. The session itself lives in an httpOnly cookie the script
 * cannot read, so "are we logged in" is only ever learnt by asking the API (`/api/auth/me`).
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  /** undefined = not asked yet, null = asked and not logged in. */
  private readonly state = signal<SessionUser | null | undefined>(undefined);
  private pending: Observable<boolean> | null = null;

  readonly user = computed(() => this.state() ?? null);
  readonly isLoggedIn = computed(() => !!this.state());

  /** True when there is a session; asks the API once, then answers from memory. */
  ensureSession(): Observable<boolean> {
    const known = this.state();
    if (known !== undefined) {
      return of(known !== null);
    }
    // Several guards may ask during the first navigation; they share one request.
    this.pending ??= this.http.get<SessionUser>('/api/auth/me').pipe(
      tap((user) => this.state.set(user)),
      map(() => true),
      catchError((error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) {
          this.state.set(null);
          return of(false);
        }
        return throwError(() => error);
      }),
      finalize(() => (this.pending = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.pending;
  }

  login(request: LoginRequest): Observable<SessionUser> {
    return this.http.post<SessionUser>('/api/auth/login', request).pipe(tap((user) => this.state.set(user)));
  }

  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', {}).pipe(
      // Whatever the server says, this browser must stop acting as the user.
      finalize(() => this.state.set(null)),
      map(() => undefined),
    );
  }

  /** Called when the API answered 401 to something: the session expired or was revoked. */
  forget(): void {
    this.state.set(null);
  }
}
