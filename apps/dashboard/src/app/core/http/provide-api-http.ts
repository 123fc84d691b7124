import { type EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';

import { authErrorInterceptor } from './auth-error.interceptor';

/**
 * HttpClient as the API expects it. The server sets a readable XSRF-TOKEN cookie next to the
 * httpOnly session cookie; Angular copies it into X-XSRF-TOKEN on every same-origin mutating
 * request (double-submit), which is what the API checks before any POST/PATCH/DELETE.
 */
export function provideApiHttp(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideHttpClient(
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
      withInterceptors([authErrorInterceptor]),
    ),
  ]);
}
