import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Role, SourceHealth, SourceRunView, SourceTypeDescriptor, SourceView } from '@ascolto/domain';

import { allByTestId, byTestId, typeInto } from '../../../testing/dom';
import { buildUser } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { AuthService } from '../../core/auth/auth.service';
import { CLOCK } from '../../core/clock';
import { provideApiHttp } from '../../core/http/provide-api-http';
import { SOURCE_RUNS_LIMIT, SourceDetailComponent } from './source-detail.component';
import { provideSourcesFeature } from './sources.providers';
import { buildRssDescriptor, buildSource, buildSourceHealth, buildSourceRun, buildYoutubeDescriptor } from './testing/source-fixtures';

const NOW = new Date('2026-11-20T10:05:00.000Z');
const ID = 's-1';

describe(SourceDetailComponent.name, () => {
  let fixture: ComponentFixture<SourceDetailComponent>;
  let http: HttpTestingController;
  let unexpectedErrors: string[];

  interface Setup {
    role?: Role;
    source?: SourceView;
    health?: SourceHealth;
    runs?: SourceRunView[];
    types?: SourceTypeDescriptor[];
  }

  async function open({ role = 'admin', source = buildSource({ id: ID }), health = buildSourceHealth({ sourceId: ID }), runs = [], types = [buildRssDescriptor()] }: Setup) {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideApiHttp(),
        provideHttpClientTesting(),
        provideTestTranslations('en'),
        provideSourcesFeature(),
        { provide: CLOCK, useValue: () => NOW },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).ensureSession().subscribe();
    http.expectOne('/api/auth/me').flush(buildUser({ role }));
    fixture = TestBed.createComponent(SourceDetailComponent);
    fixture.componentRef.setInput('id', ID);
    await fixture.whenStable();
    http.expectOne('/api/source-types').flush(types);
    http.expectOne('/api/topics').flush([]);
    http.expectOne('/api/sources').flush([source]);
    http.expectOne(`/api/sources/${ID}/health`).flush(health);
    const runsRequest = http.expectOne((r) => r.url === `/api/sources/${ID}/runs`);
    expect(runsRequest.request.params.get('limit')).toBe(String(SOURCE_RUNS_LIMIT));
    runsRequest.flush(runs);
    await fixture.whenStable();
  }

  const text = (id: string) => byTestId(fixture, id)?.textContent?.replace(/\s+/g, ' ').trim();
  const click = async (id: string) => {
    byTestId<HTMLElement>(fixture, id)!.click();
    await fixture.whenStable();
  };

  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=csrf-abc; path=/';
    unexpectedErrors = [];
    // jsdom has no canvas, so Chart.js says it cannot draw; any other error fails the test.
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      const message = args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
      if (!/getContext|acquire context/.test(message)) unexpectedErrors.push(message);
    });
  });

  afterEach(() => {
    expect(unexpectedErrors).toEqual([]);
    http.verify();
    jest.restoreAllMocks();
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('shows the health panel: why it needs attention, what to do, the last error as text, failures, backoff and quota', async () => {
    const hostileError = '401 <img src=x onerror="window.__pwned=1"> invalid token';
    await open({
      source: buildSource({ id: ID, type: 'youtube', name: 'Canale Vela', attention: 'credentials_rejected', consecutiveFailures: 4 }),
      types: [buildYoutubeDescriptor()],
      health: buildSourceHealth({
        sourceId: ID,
        state: 'attention',
        attention: 'credentials_rejected',
        lastError: hostileError,
        consecutiveFailures: 4,
        backoffUntil: '2026-11-20T11:00:00.000Z',
        quota: { unit: 'units', period: '2026-11-20', used: 9000, limit: 10_000, remaining: 1000 },
        freshness: { p50Seconds: 120, p95Seconds: 3600, sample: 12 },
      }),
    });
    expect(text('source-detail-name')).toBe('Canale Vela');
    expect(text('source-state')).toBe('Needs attention');
    expect(text('source-attention')).toContain('The source refused the credentials.');
    expect(text('source-attention')).toContain('Edit the source, replace the credentials, test the connection and save.');
    expect(byTestId(fixture, 'source-health-last-error')!.textContent).toBe(hostileError);
    expect(byTestId(fixture, 'source-health')!.querySelector('img')).toBeNull();
    expect(text('source-health-failures')).toBe('4');
    expect(byTestId(fixture, 'source-health-backoff')).not.toBeNull();
    expect(text('source-health-quota')).toContain('Quota: 9000 of 10000 units used');
    expect(text('source-health-freshness')).toBe('2 min / 1 hr (12 items)');
    expect(text('source-runs-empty')).toBe('No runs yet: the first one starts at the next scheduled time.');
  });

  it('charts the last runs and lists them newest first, failed runs marked with their error', async () => {
    await open({
      runs: [
        buildSourceRun({ id: 'r1', startedAt: '2026-11-20T09:58:00.000Z', created: 3, duplicates: 10 }),
        buildSourceRun({ id: 'r3', startedAt: '2026-11-20T10:02:00.000Z', status: 'failed', fetched: 0, created: 0, duplicates: 0, error: 'HTTP 503 <b>down</b>' }),
        buildSourceRun({ id: 'r2', startedAt: '2026-11-20T10:00:00.000Z', status: 'not_modified', fetched: 0, created: 0, duplicates: 0 }),
      ],
    });
    const chart = byTestId(fixture, 'source-runs-chart')!.querySelector('canvas')!;
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe('3 runs: 3 new items, 10 duplicates, 1 failed runs');
    const rows = allByTestId(fixture, 'source-run');
    expect(rows.map((row) => row.getAttribute('data-status'))).toEqual(['failed', 'not_modified', 'succeeded']);
    expect(rows[0].classList.contains('failed')).toBe(true);
    expect(rows[0].querySelector('[data-testid="source-run-error"]')!.textContent).toBe('HTTP 503 <b>down</b>');
    expect(rows[0].querySelector('b')).toBeNull();
    expect(rows[1].textContent).toContain('Not modified');
  });

  it('pauses and resumes with a PATCH of enabled only, then shows the new state', async () => {
    await open({});
    expect(text('source-pause')).toBe('Pause');
    await click('source-pause');
    const pause = http.expectOne(`/api/sources/${ID}`);
    expect(pause.request.method).toBe('PATCH');
    expect(pause.request.body).toEqual({ enabled: false });
    expect(pause.request.headers.get('X-XSRF-TOKEN')).toBe('csrf-abc');
    pause.flush(buildSource({ id: ID, enabled: false }));
    http.expectOne(`/api/sources/${ID}/health`).flush(buildSourceHealth({ sourceId: ID, state: 'paused', enabled: false, nextRunAt: null }));
    await fixture.whenStable();
    expect(text('source-state')).toBe('Paused');
    expect(text('source-health-next-run')).toBe('not scheduled');
    expect(text('source-pause')).toBe('Resume');
  });

  it('tests the saved source with its stored settings', async () => {
    await open({});
    await click('source-detail-test');
    expect(byTestId(fixture, 'source-test-running')).not.toBeNull();
    const test = http.expectOne(`/api/sources/${ID}/test`);
    expect(test.request.method).toBe('POST');
    test.flush({ message: 'the outbound guard refused 10.0.0.1' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(text('source-test-error')).toContain('The test could not be run.');
    expect(text('source-test-error')).toContain('the outbound guard refused 10.0.0.1');
  });

  it('deletes only after confirmation, then goes back to the list', async () => {
    await open({});
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await click('source-delete');
    expect(text('source-delete-confirm')).toContain('Delete “Vela community”?');
    await click('source-delete-cancel');
    expect(byTestId(fixture, 'source-delete-confirm')).toBeNull();
    await click('source-delete');
    await click('source-delete-yes');
    const removal = http.expectOne(`/api/sources/${ID}`);
    expect(removal.request.method).toBe('DELETE');
    removal.flush(null);
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/sources']);
  });

  it('edits with write-only credentials: a stored key shows as set, can be replaced or removed', async () => {
    await open({
      source: buildSource({
        id: ID,
        type: 'youtube',
        url: 'https://www.googleapis.com/youtube/v3',
        schedule: '*/15 * * * *',
        settings: { channelId: 'UCvela' },
        credentialKeys: ['apiKey', 'refreshToken'],
      }),
      types: [buildYoutubeDescriptor()],
    });
    await click('source-edit');
    const apiKey = byTestId(fixture, 'source-credential-apiKey')!;
    const refresh = byTestId(fixture, 'source-credential-refreshToken')!;
    expect(apiKey.querySelector('[data-testid="source-credential-set"]')?.textContent?.trim()).toBe('set');
    expect(apiKey.querySelector('input')).toBeNull();

    (apiKey.querySelector('[data-testid="source-credential-replace"]') as HTMLElement).click();
    await fixture.whenStable();
    const input = byTestId<HTMLInputElement>(fixture, 'source-credential-input-apiKey')!;
    expect(input.type).toBe('password');
    expect(input.value).toBe('');
    typeInto(input, 'new-secret');
    (refresh.querySelector('[data-testid="source-credential-clear"]') as HTMLElement).click();
    await fixture.whenStable();
    expect(refresh.querySelector('[data-testid="source-credential-cleared"]')).not.toBeNull();

    await click('source-save');
    const save = http.expectOne(`/api/sources/${ID}`);
    expect(save.request.method).toBe('PATCH');
    // Only the credentials changed; the stored ones are never sent back (they are never known here).
    expect(save.request.body).toEqual({ credentials: { apiKey: 'new-secret', refreshToken: '' } });
    save.flush(buildSource({ id: ID, type: 'youtube', credentialKeys: ['apiKey'] }));
    http.expectOne(`/api/sources/${ID}/health`).flush(buildSourceHealth({ sourceId: ID }));
    http.expectOne((r) => r.url === `/api/sources/${ID}/runs`).flush([]);
    await fixture.whenStable();
    expect(byTestId(fixture, 'source-form')).toBeNull();
  });

  it('in the edit form, tests an unchanged source as stored and edited values as typed, saying stored credentials were not used', async () => {
    await open({
      source: buildSource({ id: ID, type: 'youtube', url: 'https://www.googleapis.com/youtube/v3', schedule: '*/15 * * * *', settings: { channelId: 'UCvela' }, credentialKeys: ['apiKey'] }),
      types: [buildYoutubeDescriptor()],
    });
    await click('source-edit');
    await click('source-test');
    http.expectOne(`/api/sources/${ID}/test`).flush({ ok: true, message: '200 OK', sample: [], durationMs: 5 });
    await fixture.whenStable();
    expect(byTestId(fixture, 'source-test-without-stored')).toBeNull();

    typeInto(byTestId<HTMLInputElement>(fixture, 'source-setting-channelId')!, 'UCother');
    await fixture.whenStable();
    await click('source-test');
    const unsaved = http.expectOne('/api/sources/test');
    expect(unsaved.request.body.settings.channelId).toBe('UCother');
    expect(unsaved.request.body.credentials).toBeUndefined();
    unsaved.flush({ ok: false, message: 'Missing credentials: apiKey', sample: [], durationMs: 0 });
    await fixture.whenStable();
    expect(byTestId(fixture, 'source-test-without-stored')).not.toBeNull();
  });

  it('leaves a lead without the admin actions, but lets them test the connection', async () => {
    await open({ role: 'lead' });
    expect(byTestId(fixture, 'source-detail-test')).not.toBeNull();
    expect(byTestId(fixture, 'source-edit')).toBeNull();
    expect(byTestId(fixture, 'source-pause')).toBeNull();
    expect(byTestId(fixture, 'source-delete')).toBeNull();
    expect(text('source-state')).toBe('OK');
  });
});
