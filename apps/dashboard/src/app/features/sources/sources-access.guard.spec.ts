import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@ascolto/domain';

import { routes } from '../../app.routes';
import { provideApiHttp } from '../../core/http/provide-api-http';
import { settle } from '../../../testing/dom';
import { buildPage, buildUser } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { sourcesAccessGuard } from './sources-access.guard';

describe(sourcesAccessGuard.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter(routes, withComponentInputBinding()), provideApiHttp(), provideHttpClientTesting(), provideTestTranslations('en')],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
  });

  async function visit(role: Role) {
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/sources');
    await settle();
    http.expectOne('/api/auth/me').flush(buildUser({ role }));
    await navigation;
    await settle();
    // The toolbar asks what the workers do in the background (nothing here).
    http.expectOne('/api/activity').flush({ items: [] });
    return harness;
  }

  it.each(['admin', 'lead'] as const)('opens the sources page for the %s role, with its link in the navigation', async (role) => {
    const harness = await visit(role);
    http.expectOne('/api/source-types').flush([]);
    http.expectOne('/api/topics').flush([]);
    http.expectOne('/api/sources').flush([]);
    await harness.fixture.whenStable();
    const root = harness.fixture.nativeElement as HTMLElement;
    expect(TestBed.inject(Router).url).toBe('/sources');
    expect(root.querySelector('[data-testid="nav-sources"]')?.getAttribute('aria-current')).toBe('page');
    expect(root.querySelector('h1')?.textContent).toBe('Sources');
  });

  it.each(['agent', 'analyst'] as const)('sends the %s role to the inbox and hides the link', async (role) => {
    const harness = await visit(role);
    http.expectOne((r) => r.url === '/api/mentions').flush(buildPage([]));
    http.expectOne('/api/topics').flush([]);
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/inbox');
    expect((harness.fixture.nativeElement as HTMLElement).querySelector('[data-testid="nav-sources"]')).toBeNull();
  });
});
