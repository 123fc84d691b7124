import { provideHttpClientTesting, HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { routes } from './app.routes';
import { provideApiHttp } from './core/http/provide-api-http';
import { settle } from '../testing/dom';
import { buildListItem, buildMention, buildPage, buildTopic, buildUser } from '../testing/factories';
import { provideTestTranslations } from '../testing/translate-testing';

describe('app routes', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideApiHttp(),
        provideHttpClientTesting(),
        provideTestTranslations('en'),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('opens the inbox by default, inside the toolbar, with the user and the mention beside the list', async () => {
    const harness = await RouterTestingHarness.create();
    const first = harness.navigateByUrl('/');
    await settle();
    http.expectOne('/api/auth/me').flush(buildUser({ name: 'Marco Bianchi', role: 'lead' }));
    await first;
    await settle();
    http.expectOne((r) => r.url === '/api/mentions').flush(buildPage([buildListItem({ id: 'm-1' })]));
    http.expectOne('/api/topics').flush([]);
    // A worker is re-analysing after an upgrade: the toolbar says so.
    http.expectOne('/api/activity').flush({
      items: [{ kind: 'reanalysis', pipelineVersion: 'linear-5', processed: 250, total: 1000, startedAt: '2026-11-23T08:00:00.000Z', workerId: 'w-1' }],
    });
    await harness.fixture.whenStable();

    const root = harness.fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-testid="activity-reanalysis"]')?.textContent?.trim()).toBe('Re-analysing mentions 25% (250 of 1,000)');
    expect(root.querySelector('[data-testid="nav-inbox"]')?.getAttribute('aria-current')).toBe('page');
    expect(root.querySelector('[data-testid="current-user"]')?.textContent).toContain('Marco Bianchi');
    expect(root.querySelector('[data-testid="current-user"]')?.textContent).toContain('Care lead');
    expect(root.querySelectorAll('[data-testid="mention-row"]')).toHaveLength(1);
    expect(root.querySelector('[data-testid="mention-detail"]')).toBeNull();

    await harness.navigateByUrl('/inbox/m-1');
    http.expectOne('/api/mentions/m-1').flush(buildMention({ id: 'm-1' }));
    await harness.fixture.whenStable();

    // The list stays (no second list request) and the detail opens next to it.
    expect(root.querySelectorAll('[data-testid="mention-row"]')).toHaveLength(1);
    expect(root.querySelector('[data-testid="mention-detail"]')).not.toBeNull();
  });

  it('opens the topics page from the navigation, read-only for an agent', async () => {
    const harness = await RouterTestingHarness.create();
    const first = harness.navigateByUrl('/topics');
    await settle();
    http.expectOne('/api/auth/me').flush(buildUser({ role: 'agent' }));
    await first;
    await settle();
    http.expectOne('/api/topics').flush([buildTopic({ id: 't-1', name: 'Apple (brand)' })]);
    http.expectOne('/api/activity').flush({ items: [] });
    await harness.fixture.whenStable();

    const root = harness.fixture.nativeElement as HTMLElement;
    const nav = root.querySelector('[data-testid="nav-topics"]');
    expect(nav?.textContent?.trim()).toBe('Topics');
    expect(nav?.getAttribute('aria-current')).toBe('page');
    expect(root.querySelector('[data-testid="nav-inbox"]')?.getAttribute('aria-current')).toBeNull();
    expect(root.querySelector('[data-testid="topic-name"]')?.textContent?.trim()).toBe('Apple (brand)');
    expect(root.querySelector('[data-testid="topic-new"]')).toBeNull();
  });
});
