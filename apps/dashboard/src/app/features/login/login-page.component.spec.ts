import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { AuthService } from '../../core/auth/auth.service';
import { byTestId, typeInto } from '../../../testing/dom';
import { buildUser } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { LoginPageComponent } from './login-page.component';

@Component({ template: '' })
class StubPageComponent {}

describe(LoginPageComponent.name, () => {
  let fixture: ComponentFixture<LoginPageComponent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: StubPageComponent }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestTranslations('en'),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LoginPageComponent);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function submit(email: string, password: string): Promise<void> {
    typeInto(byTestId<HTMLInputElement>(fixture, 'login-email')!, email);
    typeInto(byTestId<HTMLInputElement>(fixture, 'login-password')!, password);
    byTestId<HTMLButtonElement>(fixture, 'login-submit')!.click();
    await fixture.whenStable();
  }

  it('posts the credentials to /api/auth/login', async () => {
    await submit('agent@example.com', 's3cret');

    const request = http.expectOne('/api/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ email: 'agent@example.com', password: 's3cret' });
    request.flush(buildUser());
  });

  it('shows the wrong-password message on 401 and stays on the page', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl');
    expect(byTestId(fixture, 'login-error')).toBeNull();

    await submit('agent@example.com', 'wrong');
    http
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' }, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();

    expect(byTestId(fixture, 'login-error')?.textContent?.trim()).toBe('Wrong email or password.');
    expect(navigate).not.toHaveBeenCalled();
    expect(TestBed.inject(AuthService).isLoggedIn()).toBe(false);
  });

  it('says "too many attempts" on 429, with the wait the server asks for', async () => {
    await submit('agent@example.com', 'again');
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 429, error: 'Too Many Requests', message: 'ThrottlerException' },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '30' } },
      );
    await fixture.whenStable();

    expect(byTestId(fixture, 'login-error')?.textContent?.trim()).toBe('Too many attempts. Try again in 30 seconds.');
  });

  it('does not send an incomplete form', async () => {
    await submit('', '');

    http.expectNone('/api/auth/login');
  });

  it('goes to the return URL after logging in, but never off the app', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);

    fixture.componentRef.setInput('returnUrl', '/tickets');
    await submit('agent@example.com', 's3cret');
    http.expectOne('/api/auth/login').flush(buildUser());
    await fixture.whenStable();
    expect(navigate).toHaveBeenLastCalledWith('/tickets');
    expect(TestBed.inject(AuthService).user()?.name).toBe('Marco Bianchi');

    fixture.componentRef.setInput('returnUrl', '//evil.example/steal');
    await submit('agent@example.com', 's3cret');
    http.expectOne('/api/auth/login').flush(buildUser());
    expect(navigate).toHaveBeenLastCalledWith('/inbox');
  });
});
