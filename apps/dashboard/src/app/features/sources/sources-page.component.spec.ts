import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Role, SourceConnectionTest, SourceHealth, SourceTypeDescriptor, SourceView, TopicView } from '@ascolto/domain';

import { allByTestId, byTestId, typeInto } from '../../../testing/dom';
import { buildTopic, buildUser } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { AuthService } from '../../core/auth/auth.service';
import { CLOCK } from '../../core/clock';
import { provideApiHttp } from '../../core/http/provide-api-http';
import { LanguageService } from '../../core/i18n/language.service';
import { SourcesPageComponent } from './sources-page.component';
import { provideSourcesFeature } from './sources.providers';
import { buildRssDescriptor, buildSource, buildSourceHealth, buildSourceRun, buildYoutubeDescriptor } from './testing/source-fixtures';

const NOW = new Date('2026-11-20T10:05:00.000Z');
const HOSTILE = '<img src=x onerror="window.__pwned=1">Vela <b>bold</b>';

describe(SourcesPageComponent.name, () => {
  let fixture: ComponentFixture<SourcesPageComponent>;
  let http: HttpTestingController;
  let unexpectedErrors: string[];

  interface Setup {
    role?: Role;
    sources?: SourceView[];
    health?: Record<string, SourceHealth>;
    types?: SourceTypeDescriptor[];
    topics?: TopicView[];
    lang?: 'it' | 'en';
  }

  async function open({ role = 'admin', sources = [], health = {}, types = [buildRssDescriptor()], topics = [], lang = 'en' }: Setup): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideApiHttp(),
        provideHttpClientTesting(),
        provideTestTranslations(lang),
        provideSourcesFeature(),
        { provide: CLOCK, useValue: () => NOW },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    if (lang === 'it') TestBed.inject(LanguageService).use('it').subscribe();
    TestBed.inject(AuthService).ensureSession().subscribe();
    http.expectOne('/api/auth/me').flush(buildUser({ role }));
    fixture = TestBed.createComponent(SourcesPageComponent);
    await fixture.whenStable();
    http.expectOne('/api/source-types').flush(types);
    http.expectOne('/api/topics').flush(topics);
    http.expectOne('/api/sources').flush(sources);
    for (const source of sources) {
      const request = http.expectOne(`/api/sources/${source.id}/health`);
      if (health[source.id]) request.flush(health[source.id]);
      else request.flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
    }
    await fixture.whenStable();
  }

  const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim();
  const click = async (id: string, within: ParentNode = fixture.nativeElement as HTMLElement) => {
    within.querySelector<HTMLElement>(`[data-testid="${id}"]`)!.click();
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

  it('shows every source as a card with its state, runs, freshness and quota, names bound as text', async () => {
    const ok = buildSource({ id: 's-ok', name: HOSTILE, lastRunAt: '2026-11-20T10:00:00.000Z' });
    const stuck = buildSource({ id: 's-stuck', type: 'youtube', name: 'Canale Vela', attention: 'credentials_rejected' });
    const paused = buildSource({ id: 's-paused', name: 'Paused feed', enabled: false });
    const fresh = buildSource({ id: 's-new', name: 'New feed' });
    await open({
      sources: [ok, stuck, paused, fresh],
      types: [buildRssDescriptor(), buildYoutubeDescriptor()],
      health: {
        's-ok': buildSourceHealth({
          sourceId: 's-ok',
          nextRunAt: '2026-11-20T10:07:00.000Z',
          recentRuns: [buildSourceRun(), buildSourceRun({ id: 'run-2', status: 'failed', error: 'HTTP 503' })],
        }),
        's-stuck': buildSourceHealth({
          sourceId: 's-stuck',
          state: 'attention',
          attention: 'credentials_rejected',
          quota: { unit: 'units', period: '2026-11-20', used: 2500, limit: 10_000, remaining: 7500 },
          freshness: null,
          recentRuns: [],
        }),
        // s-paused: the health request fails; the chip falls back on the list's fields.
        's-new': buildSourceHealth({ sourceId: 's-new', state: 'idle', lastRunAt: null, nextRunAt: null, freshness: null, recentRuns: [], last24h: { runs: 0, failed: 0, fetched: 0, created: 0, duplicates: 0 } }),
      },
    });

    const cards = allByTestId(fixture, 'source-card');
    expect(cards.map((card) => card.getAttribute('data-source-id'))).toEqual(['s-ok', 's-stuck', 's-paused', 's-new']);
    const [first, second, third, fourth] = cards;

    expect(first.querySelector('[data-testid="source-name"]')!.textContent).toBe(HOSTILE);
    expect(first.querySelector('img')).toBeNull();
    expect(first.querySelector('b')).toBeNull();
    expect(text(first.querySelector('[data-testid="source-type"]'))).toBe('RSS/Atom feed');
    expect(text(first.querySelector('[data-testid="source-state"]'))).toBe('OK');
    expect(text(first.querySelector('[data-testid="source-last-run"]'))).toBe('5 min. ago');
    expect(text(first.querySelector('[data-testid="source-next-run"]'))).toBe('in 2 min.');
    expect(text(first.querySelector('[data-testid="source-new-24h"]'))).toBe('15');
    expect(text(first.querySelector('[data-testid="source-freshness"]'))).toBe('1.6 min / 10 min');
    expect(first.querySelector('[data-testid="source-sparkline"] canvas')?.getAttribute('aria-label')).toBe(
      '3 runs: 15 new items, 45 duplicates, 0 failed runs',
    );

    expect(text(second.querySelector('[data-testid="source-state"]'))).toBe('Needs attention');
    expect(text(second.querySelector('[data-testid="source-attention-reason"]'))).toBe('The source refused the credentials.');
    expect(text(second.querySelector('[data-testid="source-quota"]'))).toContain('Quota: 2500 of 10000 units used');
    expect(second.querySelector('[data-testid="source-sparkline"]')).toBeNull();

    expect(text(third.querySelector('[data-testid="source-state"]'))).toBe('Paused');
    expect(text(third.querySelector('[data-testid="source-new-24h"]'))).toBe('–');
    expect(text(fourth.querySelector('[data-testid="source-state"]'))).toBe('Never ran');
    expect(text(fourth.querySelector('[data-testid="source-last-run"]'))).toBe('never');
    expect(text(fourth.querySelector('[data-testid="source-next-run"]'))).toBe('not scheduled');
  });

  it('speaks Italian: states, reasons and the type label from the descriptor', async () => {
    await open({
      lang: 'it',
      sources: [buildSource({ id: 's-1', consecutiveFailures: 2, lastRunAt: '2026-11-20T10:00:00.000Z' })],
      health: { 's-1': buildSourceHealth({ sourceId: 's-1', state: 'failing', consecutiveFailures: 2 }) },
    });
    expect(text(byTestId(fixture, 'source-state'))).toBe('In errore (2)');
    expect(text(byTestId(fixture, 'source-type'))).toBe('Feed RSS/Atom');
    expect(text(byTestId(fixture, 'source-new'))).toBe('Aggiungi fonte');
  });

  it('lets a lead watch the sources but not add one', async () => {
    await open({ role: 'lead', sources: [] });
    expect(byTestId(fixture, 'source-new')).toBeNull();
    expect(text(byTestId(fixture, 'sources-empty'))).toBe('No sources yet. An administrator can add them.');
  });

  describe('adding a source', () => {
    async function startAdding(types: SourceTypeDescriptor[], topics: TopicView[] = []) {
      await open({ sources: [], types, topics });
      await click('source-new');
    }

    it('builds the form from the chosen type: URL label and default, settings by kind, password credentials, budget, schedule in words', async () => {
      await startAdding([buildRssDescriptor(), buildYoutubeDescriptor()]);
      const options = allByTestId(fixture, 'source-type-option');
      expect(options.map((option) => option.getAttribute('data-type'))).toEqual(['rss', 'youtube']);
      options[1].click();
      await fixture.whenStable();

      const form = byTestId(fixture, 'source-form')!;
      expect(text(byTestId(fixture, 'source-form-type'))).toBe('YouTube (comments)');
      expect(byTestId<HTMLInputElement>(fixture, 'source-name-input')!.value).toBe('YouTube (comments)');
      expect(byTestId<HTMLInputElement>(fixture, 'source-url-input')!.placeholder).toBe('https://www.googleapis.com/youtube/v3');
      expect(form.textContent).toContain('API base URL');
      expect(form.textContent).toContain('Starts with UC');
      expect(byTestId<HTMLInputElement>(fixture, 'source-setting-maxVideos')!.placeholder).toBe('10');
      expect(byTestId(fixture, 'source-setting-includeReplies')!.tagName.toLowerCase()).toBe('mat-slide-toggle');
      expect(byTestId(fixture, 'source-setting-keywords')!.tagName.toLowerCase()).toBe('textarea');
      const order = byTestId<HTMLSelectElement>(fixture, 'source-setting-order')!;
      expect(Array.from(order.options).map((option) => option.value)).toEqual(['', 'time', 'relevance']);
      expect(byTestId<HTMLInputElement>(fixture, 'source-credential-input-apiKey')!.type).toBe('password');
      expect(byTestId<HTMLInputElement>(fixture, 'source-budget-input')!.placeholder).toBe('10000');
      expect(form.textContent).toContain('Budget (units per day)');
      expect(text(byTestId(fixture, 'source-schedule-hint'))).toBe('every 15 minutes');

      typeInto(byTestId<HTMLInputElement>(fixture, 'source-schedule-input')!, '30 7 * * *');
      await fixture.whenStable();
      expect(text(byTestId(fixture, 'source-schedule-hint'))).toBe('every day at 07:30');

      // Required fields block the save before any request is made.
      await click('source-save');
      expect(form.textContent).toContain('Required.');
    });

    it('tests the connection with the typed values, shows a spinner, then the result and samples as text', async () => {
      await startAdding([buildRssDescriptor()], [buildTopic({ id: 'topic-1', name: 'Vela' })]);
      await click('source-type-option');
      typeInto(byTestId<HTMLInputElement>(fixture, 'source-name-input')!, 'Vela forum');
      typeInto(byTestId<HTMLInputElement>(fixture, 'source-url-input')!, 'http://127.0.0.1:9/feed.xml');
      const topic = byTestId<HTMLSelectElement>(fixture, 'source-topic-select')!;
      topic.value = topic.options[1].value;
      topic.dispatchEvent(new Event('change'));
      await fixture.whenStable();

      await click('source-test');
      const request = http.expectOne('/api/sources/test');
      expect(request.request.method).toBe('POST');
      expect(request.request.headers.get('X-XSRF-TOKEN')).toBe('csrf-abc');
      expect(request.request.body).toEqual({ type: 'rss', name: 'Vela forum', url: 'http://127.0.0.1:9/feed.xml', schedule: '*/2 * * * *', topicId: 'topic-1' });
      expect(byTestId(fixture, 'source-test-running')).not.toBeNull();
      expect(byTestId<HTMLButtonElement>(fixture, 'source-test')!.disabled).toBe(true);

      const result: SourceConnectionTest = {
        ok: true,
        message: '200 OK, 7 items',
        durationMs: 42,
        sample: Array.from({ length: 7 }, (_, i) => ({
          title: i === 0 ? HOSTILE : `Post ${i}`,
          text: i === 0 ? '<script>window.__pwned=2</script>fibra' : `text ${i}`,
          publishedAt: '2026-11-20T09:00:00.000Z',
          url: 'javascript:alert(1)',
        })),
      };
      request.flush(result);
      await fixture.whenStable();
      expect(byTestId(fixture, 'source-test-running')).toBeNull();
      expect(byTestId(fixture, 'source-test-result')!.getAttribute('data-ok')).toBe('true');
      expect(text(byTestId(fixture, 'source-test-message'))).toBe('200 OK, 7 items');
      const samples = allByTestId(fixture, 'source-test-sample');
      expect(samples).toHaveLength(5);
      expect(samples[0].textContent).toContain(HOSTILE);
      expect(samples[0].textContent).toContain('<script>window.__pwned=2</script>fibra');
      expect(byTestId(fixture, 'source-form')!.querySelector('img, script, a[href^="javascript"]')).toBeNull();

      // Changing the form makes the result stale.
      typeInto(byTestId<HTMLInputElement>(fixture, 'source-url-input')!, 'http://127.0.0.1:9/other.xml');
      await fixture.whenStable();
      expect(byTestId(fixture, 'source-test-result')).toBeNull();
    });

    it('shows a failed test with the source message', async () => {
      await startAdding([buildRssDescriptor()]);
      await click('source-type-option');
      typeInto(byTestId<HTMLInputElement>(fixture, 'source-url-input')!, 'https://feeds.example/none.xml');
      await fixture.whenStable();
      await click('source-test');
      http.expectOne('/api/sources/test').flush({ ok: false, message: 'HTTP 404 from feeds.example', sample: [], durationMs: 12 });
      await fixture.whenStable();
      expect(byTestId(fixture, 'source-test-result')!.getAttribute('data-ok')).toBe('false');
      expect(text(byTestId(fixture, 'source-test-result'))).toContain('Connection failed');
      expect(text(byTestId(fixture, 'source-test-message'))).toBe('HTTP 404 from feeds.example');
    });

    it('saves, and shows the API 400 message next to the form when it refuses', async () => {
      await startAdding([buildRssDescriptor()]);
      await click('source-type-option');
      typeInto(byTestId<HTMLInputElement>(fixture, 'source-url-input')!, 'http://10.0.0.1/feed.xml');
      await fixture.whenStable();
      await click('source-save');
      const refused = http.expectOne('/api/sources');
      expect(refused.request.method).toBe('POST');
      expect(refused.request.headers.get('X-XSRF-TOKEN')).toBe('csrf-abc');
      refused.flush(
        { statusCode: 400, message: ['url: <b>10.0.0.1</b> is a private address', 'schedule is not a cron expression'], error: 'Bad Request' },
        { status: 400, statusText: 'Bad Request' },
      );
      await fixture.whenStable();
      expect(text(byTestId(fixture, 'source-save-error'))).toContain('The source could not be saved:');
      // Every problem the API listed, each on its own line, as text.
      expect(allByTestId(fixture, 'source-save-error-detail').map((item) => item.textContent)).toEqual([
        'url: <b>10.0.0.1</b> is a private address',
        'schedule is not a cron expression',
      ]);
      expect(byTestId(fixture, 'source-save-error')!.querySelector('b')).toBeNull();
      expect(allByTestId(fixture, 'source-card')).toHaveLength(0);

      // Fixing the form takes the old refusal away.
      typeInto(byTestId<HTMLInputElement>(fixture, 'source-url-input')!, 'https://feeds.example/vela.xml');
      await fixture.whenStable();
      expect(byTestId(fixture, 'source-save-error')).toBeNull();
    });
  });
});
