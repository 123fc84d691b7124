import { BRAND_CHANNELS, CORRECTABLE_LABELS, SOURCE_TYPES } from '@ascolto/domain';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSelectHarness } from '@angular/material/select/testing';
import { provideRouter } from '@angular/router';

import { CLOCK } from '../../core/clock';
import { allByTestId, byTestId, typeInto } from '../../../testing/dom';
import { buildListItem, buildPage } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { INBOX_POLL_INTERVAL_MS, InboxPageComponent, SEARCH_DEBOUNCE_MS } from './inbox-page.component';
import { INBOX_PAGE_SIZE } from './inbox.store';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const isList = (request: { url: string }) => request.url === '/api/mentions';
const isCount = (request: { url: string }) => request.url === '/api/mentions/count';

describe(InboxPageComponent.name, () => {
  let fixture: ComponentFixture<InboxPageComponent>;
  let http: HttpTestingController;
  let now: Date;

  function setUp(pollMs = 60_000, lang: 'it' | 'en' = 'en'): void {
    now = NOW;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestTranslations(lang),
        { provide: CLOCK, useValue: () => now },
        { provide: INBOX_POLL_INTERVAL_MS, useValue: pollMs },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(InboxPageComponent);
  }

  async function answerList(page = buildPage([])): Promise<TestRequest> {
    const request = http.expectOne(isList);
    request.flush(page);
    await fixture.whenStable();
    return request;
  }

  afterEach(() => {
    jest.useRealTimers();
    http.verify();
  });

  it('renders one row per mention with author and text as literal text', async () => {
    setUp();
    await answerList(
      buildPage(
        [
          buildListItem({ id: 'm-1', author: { name: 'Giulia <b>Rossi</b>', handle: null, url: null }, text: 'Rimborso <img src=x>' }),
          buildListItem({ id: 'm-2', author: { name: 'Luca', handle: '@luca', url: null }, text: 'Ottimo servizio' }),
        ],
        { total: 2 },
      ),
    );

    const rows = allByTestId(fixture, 'mention-row');
    expect(rows.map((row) => row.getAttribute('data-mention-id'))).toEqual(['m-1', 'm-2']);
    expect(rows[0].querySelector('[data-testid="mention-author"]')?.textContent).toBe('Giulia <b>Rossi</b>');
    expect(rows[0].querySelector('[data-testid="mention-text"]')?.textContent?.trim()).toBe('Rimborso <img src=x>');
    expect(rows[0].querySelector('img, b')).toBeNull();
    expect(rows[0].textContent).toContain('Negative');
    expect(rows[0].textContent).toContain('Service');
    expect(fixture.nativeElement.textContent).toContain('2 mentions');
  });

  it('counts one mention in the singular', async () => {
    setUp();
    await answerList(buildPage([buildListItem({ id: 'm-1' })]));
    expect(fixture.nativeElement.querySelector('.total')?.textContent?.trim()).toBe('1 mention');
  });

  it('asks for the first page, newest first, without empty filters', async () => {
    setUp();
    const request = await answerList();

    expect(request.request.method).toBe('GET');
    expect(request.request.params.keys().sort()).toEqual(['limit', 'sort']);
    expect(request.request.params.get('sort')).toBe('newest');
    expect(request.request.params.get('limit')).toBe(String(INBOX_PAGE_SIZE));
  });

  it('searches after a pause in typing and sends the filters as comma-separated query params', async () => {
    setUp();
    await answerList();

    const select = await TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatSelectHarness.with({ selector: '[data-testid="filter-sentiment"]' }),
    );
    await select.open();
    await select.clickOptions({ text: 'Negative' });
    await select.clickOptions({ text: 'Neutral' });
    // Each click reloads with the filters so far; the older request is dropped, not raced.
    const reloads = http.match(isList);
    expect(reloads.map((request) => request.cancelled)).toEqual([true, false]);
    expect(reloads[1].request.params.get('sentiment')).toBe('negative,neutral');
    reloads[1].flush(buildPage([]));
    await fixture.whenStable();

    jest.useFakeTimers({ now: NOW });
    typeInto(byTestId<HTMLInputElement>(fixture, 'inbox-search')!, '  rimborso  ');
    jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    http.expectNone(isList);
    jest.advanceTimersByTime(1);

    const request = http.expectOne(isList);
    expect(request.request.params.get('q')).toBe('rimborso');
    expect(request.request.params.get('sentiment')).toBe('negative,neutral');
    expect(request.request.params.has('category')).toBe(false);
    request.flush(buildPage([]));
  });

  it.each([
    // By kind of source, each type named in the UI language.
    { filter: 'sourceType', options: SOURCE_TYPES.length, pick: /App Store/, param: 'appstore' },
    // What was written to the brand through its own channels, such as private messages.
    { filter: 'brandChannel', options: BRAND_CHANNELS.length, pick: 'Private message', param: 'direct_message' },
    // The mentions whose labels people corrected, to review the team's corrections.
    { filter: 'corrected', options: CORRECTABLE_LABELS.length, pick: 'Category corrected', param: 'category' },
  ])('filters by $filter: picking "$pick" asks for $filter=$param', async ({ filter, options, pick, param }) => {
    setUp();
    await answerList();

    const select = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: `[data-testid="filter-${filter}"]` }));
    await select.open();
    expect(await select.getOptions()).toHaveLength(options);
    await select.clickOptions({ text: pick });
    const request = http.expectOne(isList);
    expect(request.request.params.get(filter)).toBe(param);
    request.flush(buildPage([]));
  });

  it('loads the next page with the cursor and appends it', async () => {
    setUp();
    await answerList(buildPage([buildListItem({ id: 'm-1' })], { total: 2, nextCursor: 'cursor-2' }));

    byTestId<HTMLButtonElement>(fixture, 'load-more')!.click();
    const request = http.expectOne(isList);
    expect(request.request.params.get('cursor')).toBe('cursor-2');
    request.flush(buildPage([buildListItem({ id: 'm-2' })], { total: 2, nextCursor: null }));
    await fixture.whenStable();

    expect(allByTestId(fixture, 'mention-row').map((row) => row.getAttribute('data-mention-id'))).toEqual(['m-1', 'm-2']);
    expect(byTestId(fixture, 'load-more')).toBeNull();
  });

  it('polls for new mentions since the last load with the same filters and offers a refresh', async () => {
    jest.useFakeTimers({ now: NOW });
    setUp(10_000);
    fixture.detectChanges();
    http.expectOne(isList).flush(buildPage([buildListItem({ id: 'm-1' })]));
    fixture.detectChanges();
    expect(byTestId(fixture, 'new-mentions')).toBeNull();

    now = new Date('2026-11-20T12:00:10.000Z');
    jest.advanceTimersByTime(10_000);
    const count = http.expectOne(isCount);
    expect(count.request.params.get('since')).toBe('2026-11-20T12:00:00.000Z');
    expect(count.request.params.has('sort')).toBe(false);
    expect(count.request.params.has('cursor')).toBe(false);
    count.flush({ count: 3 });
    fixture.detectChanges();

    const button = byTestId<HTMLButtonElement>(fixture, 'new-mentions')!;
    expect(button.textContent?.trim()).toBe('3 new mentions — refresh');

    button.click();
    const reload = http.expectOne(isList);
    reload.flush(buildPage([buildListItem({ id: 'm-0' }), buildListItem({ id: 'm-1' })]));
    fixture.detectChanges();
    expect(byTestId(fixture, 'new-mentions')).toBeNull();
    expect(allByTestId(fixture, 'mention-row')).toHaveLength(2);

    // The next poll counts from the refresh, not from the first load.
    jest.advanceTimersByTime(10_000);
    const next = http.expectOne(isCount);
    expect(next.request.params.get('since')).toBe('2026-11-20T12:00:10.000Z');
    next.flush({ count: 0 });
  });

  it('counts new mentions with the active filters', async () => {
    jest.useFakeTimers({ now: NOW });
    setUp(10_000);
    fixture.detectChanges();
    http.expectOne(isList).flush(buildPage([]));

    typeInto(byTestId<HTMLInputElement>(fixture, 'inbox-search')!, 'fattura');
    jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    http.expectOne(isList).flush(buildPage([]));

    jest.advanceTimersByTime(10_000);
    const count = http.expectOne(isCount);
    expect(count.request.params.get('q')).toBe('fattura');
    count.flush({ count: 1 });
    fixture.detectChanges();
    expect(byTestId(fixture, 'new-mentions')?.textContent?.trim()).toBe('1 new mention — refresh');
  });

  it('shows a progress bar while loading and an error with a retry when the list fails', async () => {
    setUp();
    await fixture.whenStable();
    expect(byTestId(fixture, 'inbox-loading')).not.toBeNull();

    http.expectOne(isList).flush({ message: 'down' }, { status: 503, statusText: 'Unavailable' });
    await fixture.whenStable();
    expect(byTestId(fixture, 'inbox-loading')).toBeNull();
    expect(fixture.nativeElement.textContent).toContain('The mentions could not be loaded.');
  });

  describe('near duplicates', () => {
    it('shows "+N similar" under a group head only, and lists the group when clicked', async () => {
      setUp();
      await answerList(
        buildPage([
          buildListItem({ id: 'head-1', similarCount: 29 }),
          buildListItem({ id: 'm-2', similarCount: 0 }),
          buildListItem({ id: 'head-3', similarCount: 1 }),
        ]),
      );
      const chips = allByTestId<HTMLButtonElement>(fixture, 'similar-chip');
      expect(chips.map((chip) => chip.textContent?.trim())).toEqual(['+29 similar', '+1 similar']);
      expect(chips.map((chip) => chip.closest('li')?.querySelector('[data-testid="mention-row"]')?.getAttribute('data-mention-id'))).toEqual(['head-1', 'head-3']);
      // Not inside the row's link (a button in a link is neither valid nor keyboard-friendly).
      expect(chips[0].closest('a')).toBeNull();
      expect(chips[0].getAttribute('aria-label')).toBe('Show the 29 near duplicates of this mention');

      chips[0].click();
      const request = http.expectOne(isList);
      // The group's members are flushed as duplicates: no other filter may hide them.
      expect(request.request.params.get('duplicateOf')).toBe('head-1');
      expect(request.request.params.has('category')).toBe(false);
      request.flush(buildPage(Array.from({ length: 3 }, (_, i) => buildListItem({ id: `copy-${i}`, duplicateOf: 'head-1', category: 'flush', flushReason: 'duplicate' })), { total: 29 }));
      await fixture.whenStable();

      expect(byTestId(fixture, 'similar-group')?.textContent).toContain('Near duplicates of one mention');
      expect(allByTestId(fixture, 'mention-row').map((row) => row.getAttribute('data-mention-id'))).toEqual(['copy-0', 'copy-1', 'copy-2']);
      expect(allByTestId(fixture, 'similar-chip')).toHaveLength(0);

      byTestId<HTMLButtonElement>(fixture, 'similar-back')!.click();
      const back = http.expectOne(isList);
      expect(back.request.params.has('duplicateOf')).toBe(false);
      back.flush(buildPage([buildListItem({ id: 'head-1', similarCount: 29 })]));
      await fixture.whenStable();
      expect(byTestId(fixture, 'similar-group')).toBeNull();
      expect(byTestId(fixture, 'similar-chip')?.textContent?.trim()).toBe('+29 similar');
    });

    it('speaks Italian too', async () => {
      setUp(60_000, 'it');
      await answerList(buildPage([buildListItem({ id: 'head-1', similarCount: 37 }), buildListItem({ id: 'head-2', similarCount: 1 })]));
      expect(allByTestId(fixture, 'similar-chip').map((chip) => chip.textContent?.trim())).toEqual(['+37 simili', '+1 simile']);
    });
  });
});
