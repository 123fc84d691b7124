import { HttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { settle } from '../../../testing/dom';
import { buildUser } from '../../../testing/factories';
import { provideApiHttp } from '../http/provide-api-http';
import { authGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { safeReturnUrl } from './return-url';

@Component({ template: 'login page' })
class LoginStubComponent {}

@Component({ template: 'private page' })
class PrivateStubComponent {}

describe('authentication', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: LoginStubComponent },
          { path: 'inbox', component: PrivateStubComponent, canActivate: [authGuard] },
        ]),
        provideApiHttp(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  describe(authGuard.name, () => {
    it('sends a visitor without a session to /login, keeping where they were going', async () => {
      const harness = await RouterTestingHarness.create();
      const navigation = harness.navigateByUrl('/inbox?status=new');
      await settle();
      http.expectOne('/api/auth/me').flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
      await navigation;

      expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Finbox%3Fstatus%3Dnew');
      expect(harness.routeNativeElement?.textContent).toBe('login page');
    });

    it('lets a logged-in user through and asks the API only once', async () => {
      const harness = await RouterTestingHarness.create();
      const navigation = harness.navigateByUrl('/inbox');
      await settle();
      http.expectOne('/api/auth/me').flush(buildUser());
      await navigation;
      await harness.navigateByUrl('/login');
      await harness.navigateByUrl('/inbox');

      expect(harness.routeNativeElement?.textContent).toBe('private page');
      http.expectNone('/api/auth/me');
    });
  });

  describe('401 interceptor', () => {
    it('forgets the session and goes to /login when any API call answers 401', async () => {
      const auth = TestBed.inject(AuthService);
      const harness = await RouterTestingHarness.create();
      const navigation = harness.navigateByUrl('/inbox');
      await settle();
      http.expectOne('/api/auth/me').flush(buildUser());
      await navigation;

      TestBed.inject(HttpClient)
        .get('/api/mentions')
        .subscribe({ error: () => undefined });
      http.expectOne('/api/mentions').flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
      await harness.fixture.whenStable();

      expect(auth.isLoggedIn()).toBe(false);
      expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Finbox');
    });

    it('leaves a wrong password to the login page', async () => {
      const harness = await RouterTestingHarness.create('/login');
      const navigate = jest.spyOn(TestBed.inject(Router), 'navigate');

      TestBed.inject(AuthService)
        .login({ email: 'a@example.com', password: 'x' })
        .subscribe({ error: () => undefined });
      http.expectOne('/api/auth/login').flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
      await harness.fixture.whenStable();

      expect(navigate).not.toHaveBeenCalled();
    });
  });

  describe('XSRF', () => {
    it('copies the XSRF-TOKEN cookie into X-XSRF-TOKEN on mutating requests only', () => {
      document.cookie = 'XSRF-TOKEN=token-123; path=/';
      const client = TestBed.inject(HttpClient);

      client.post('/api/tickets', { mentionIds: ['m-1'] }).subscribe();
      client.patch('/api/mentions/m-1/status', { status: 'done' }).subscribe();
      client.get('/api/mentions').subscribe();

      expect(http.expectOne('/api/tickets').request.headers.get('X-XSRF-TOKEN')).toBe('token-123');
      expect(http.expectOne('/api/mentions/m-1/status').request.headers.get('X-XSRF-TOKEN')).toBe('token-123');
      expect(http.expectOne('/api/mentions').request.headers.has('X-XSRF-TOKEN')).toBe(false);
    });
  });

  describe('logout', () => {
    it('tells the server and forgets the user even if the server fails', () => {
      const auth = TestBed.inject(AuthService);
      auth.login({ email: 'a@example.com', password: 'x' }).subscribe();
      http.expectOne('/api/auth/login').flush(buildUser());
      expect(auth.isLoggedIn()).toBe(true);

      auth.logout().subscribe({ error: () => undefined });
      const request = http.expectOne('/api/auth/logout');
      expect(request.request.method).toBe('POST');
      request.flush({}, { status: 500, statusText: 'Server Error' });

      expect(auth.isLoggedIn()).toBe(false);
    });
  });
});

describe(safeReturnUrl.name, () => {
  it('keeps in-app paths and replaces anything else with the inbox', () => {
    expect(safeReturnUrl('/tickets?status=open')).toBe('/tickets?status=open');
    expect(safeReturnUrl('//evil.example')).toBe('/inbox');
    expect(safeReturnUrl('/\\evil.example')).toBe('/inbox');
    expect(safeReturnUrl('https://evil.example')).toBe('/inbox');
    expect(safeReturnUrl('/login')).toBe('/inbox');
    expect(safeReturnUrl(undefined)).toBe('/inbox');
  });
});
