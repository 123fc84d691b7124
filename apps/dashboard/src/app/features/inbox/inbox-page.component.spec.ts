import { BRAND_CHANNELS, CORRECTABLE_LABELS, FLUSH_REASONS, INTENTS, SOURCE_TYPES, type TopicView } from '@ascolto/domain';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSelectHarness } from '@angular/material/select/testing';
import { Location } from '@angular/common';
import { provideLocationMocks } from '@angular/common/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { CLOCK } from '../../core/clock';
import { allByTestId, byTestId, settle, typeInto } from '../../../testing/dom';
import { buildListItem, buildMention, buildPage, buildTopic } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { INBOX_POLL_INTERVAL_MS, InboxPageComponent, SEARCH_DEBOUNCE_MS } from './inbox-page.component';
import { INBOX_PAGE_SIZE } from './inbox.store';
import { routes } from './inbox.routes';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const isList = (request: { url: string }) => request.url === '/api/mentions';
const isCount = (request: { url: string }) => request.url === '/api/mentions/count';
const FIBRE = buildTopic({ id: '6f1c2a3b-0000-4000-8000-00000000000f', name: 'Fibra' });
const MOBILE = buildTopic({ id: '6f1c2a3b-0000-4000-8000-00000000000a', name: 'Abbonamenti mobile' });

describe(InboxPageComponent.name, () => {
  let fixture: ComponentFixture<InboxPageComponent>;
  let http: HttpTestingController;
  let now: Date;

  function setUp(pollMs = 60_000, lang: 'it' | 'en' = 'en', topics: TopicView[] = []): void {
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
    http.expectOne('/api/topics').flush(topics);
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
    // What the pipeline read the post as.
    { filter: 'intent', options: INTENTS.length, pick: 'Incident', param: 'incident' },
    // Why a flushed mention was flushed: to check what was taken out of the queue.
    { filter: 'flushReason', options: FLUSH_REASONS.length, pick: 'No action needed', param: 'no_action' },
  ])('filters by $filter: picking "$pick" asks for $filter=$param', async ({ filter, options, pick, param }) => {
    setUp();
    await answerList();

    // The less used ones wait behind "More filters".
    byTestId<HTMLButtonElement>(fixture, 'more-filters')?.click();
    const select = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: `[data-testid="filter-${filter}"]` }));
    await select.open();
    expect(await select.getOptions()).toHaveLength(options);
    await select.clickOptions({ text: pick });
    const request = http.expectOne(isList);
    expect(request.request.params.get(filter)).toBe(param);
    request.flush(buildPage([]));
  });

  it('keeps the less used filters behind "More filters", showing one as soon as it matters', async () => {
    setUp();
    await answerList();
    const names = () => Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid^="filter-"]')).map((el) => el.getAttribute('data-testid')!.slice('filter-'.length));
    expect(names()).toEqual(['sentiment', 'category', 'intent', 'status', 'sort']);
    expect(byTestId(fixture, 'more-filters')!.textContent!.trim()).toBe('More filters (5)');

    // Asking for flushed mentions brings the reason of the flush.
    const category = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: '[data-testid="filter-category"]' }));
    await category.open();
    await category.clickOptions({ text: 'Flush' });
    http.expectOne(isList).flush(buildPage([]));
    await fixture.whenStable();
    expect(names()).toEqual(['sentiment', 'category', 'intent', 'flushReason', 'status', 'sort']);
    expect(byTestId(fixture, 'more-filters')!.textContent!.trim()).toBe('More filters (4)');

    byTestId<HTMLButtonElement>(fixture, 'more-filters')!.click();
    await fixture.whenStable();
    expect(names()).toEqual(['sentiment', 'category', 'intent', 'flushReason', 'status', 'language', 'sourceType', 'brandChannel', 'corrected', 'sort']);
    expect(byTestId(fixture, 'more-filters')).toBeNull();
    byTestId<HTMLButtonElement>(fixture, 'fewer-filters')!.click();
    await fixture.whenStable();
    expect(names()).toHaveLength(6);
  });

  it('filters by topic, the account\'s topics listed by name, asking for their ids', async () => {
    setUp(60_000, 'en', [FIBRE, MOBILE]);
    await answerList();

    const select = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: '[data-testid="filter-topicId"]' }));
    await select.open();
    const options = await select.getOptions();
    expect(await Promise.all(options.map((option) => option.getText()))).toEqual(['Abbonamenti mobile', 'Fibra']);
    await select.clickOptions({ text: 'Fibra' });
    const request = http.expectOne(isList);
    expect(request.request.params.get('topicId')).toBe(FIBRE.id);
    request.flush(buildPage([]));
  });

  it('offers no topic filter to an account without topics', async () => {
    setUp();
    await answerList();
    expect(byTestId(fixture, 'filter-topicId')).toBeNull();
    expect(byTestId(fixture, 'filter-intent')).not.toBeNull();
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

describe('InboxPageComponent: the view is in the URL', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  async function open(url: string, topics: TopicView[] = [FIBRE, MOBILE]): Promise<TestRequest> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'inbox', children: routes }], withComponentInputBinding()),
        provideLocationMocks(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestTranslations('en'),
        { provide: CLOCK, useValue: () => NOW },
        { provide: INBOX_POLL_INTERVAL_MS, useValue: 60_000 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    // What bootstrapping does in the app: Back and Forward become navigations.
    TestBed.inject(Router).setUpLocationChangeListener();
    harness = await RouterTestingHarness.create(url);
    http.expectOne('/api/topics').flush(topics);
    const list = http.expectOne(isList);
    list.flush(buildPage([buildListItem({ id: 'm-1' }), buildListItem({ id: 'm-2' })]));
    await harness.fixture.whenStable();
    return list;
  }

  const url = () => TestBed.inject(Router).url;
  const loader = () => TestbedHarnessEnvironment.loader(harness.fixture);
  const select = (name: string) => loader().getHarness(MatSelectHarness.with({ selector: `[data-testid="filter-${name}"]` }));

  afterEach(() => http.verify());

  it('opens the view a link names, leaving out what it does not know', async () => {
    const list = await open(`/inbox?category=flush&flushReason=no_action,boring&sort=priority&q=%20rimborso%20&topicId=${FIBRE.id},not-a-topic&language=xx,en`);

    const params = list.request.params;
    expect(params.keys().sort()).toEqual(['category', 'flushReason', 'language', 'limit', 'q', 'sort', 'topicId']);
    expect(params.get('language')).toBe('en');
    expect(params.get('category')).toBe('flush');
    expect(params.get('flushReason')).toBe('no_action');
    expect(params.get('topicId')).toBe(FIBRE.id);
    expect(params.get('sort')).toBe('priority');
    expect(params.get('q')).toBe('rimborso');
    // The form shows the view it loaded.
    expect(await (await select('flushReason')).getValueText()).toBe('No action needed');
    // A secondary filter a link sets is shown, so the view says what it is.
    expect(await (await select('language')).getValueText()).toBe('English');
    expect(await (await select('topicId')).getValueText()).toBe('Fibra');
    expect(await (await select('sort')).getValueText()).toBe('Highest priority');
    expect(byTestId<HTMLInputElement>(harness.fixture, 'inbox-search')!.value).toBe('rimborso');
  });

  it('records each change in the URL, keeps it while a mention is open, and steps back through the views', async () => {
    await open('/inbox');
    expect(url()).toBe('/inbox');

    await (await select('category')).clickOptions({ text: 'Flush' });
    http.expectOne(isList).flush(buildPage([buildListItem({ id: 'm-1' })]));
    await harness.fixture.whenStable();
    expect(url()).toBe('/inbox?category=flush');
    await (await select('flushReason')).open();
    // Two quick clicks, the second before the first one's URL is written.
    const option = (text: string) => Array.from(document.querySelectorAll<HTMLElement>('mat-option')).find((o) => o.textContent?.trim() === text)!;
    option('Spam').click();
    option('No action needed').click();
    // Both clicks load at once (the first request dropped); the URL ends with the last view, and
    // the first click's URL arriving late does not take the list back to it.
    await harness.fixture.whenStable();
    const reloads = http.match(isList);
    expect(reloads.map((request) => request.cancelled)).toEqual([true, false]);
    reloads[1].flush(buildPage([buildListItem({ id: 'm-1' })]));
    await harness.fixture.whenStable();
    expect(url()).toBe('/inbox?category=flush&flushReason=spam,no_action');
    // Writing the URL loaded nothing more.
    http.expectNone(isList);

    byTestId<HTMLAnchorElement>(harness.fixture, 'mention-row')!.click();
    await harness.fixture.whenStable();
    http.expectOne('/api/mentions/m-1').flush(buildMention({ id: 'm-1' }));
    await harness.fixture.whenStable();
    expect(url()).toBe('/inbox/m-1?category=flush&flushReason=spam,no_action');
    // The list stayed as it was.
    http.expectNone(isList);
    // Closing it returns to the same view.
    expect(byTestId<HTMLAnchorElement>(harness.fixture, 'mention-close')!.getAttribute('href')).toBe('/inbox?category=flush&flushReason=spam,no_action');

    // Back, past the opened mention, to the view before the last filter change (the quick first
    // click never became a history step of its own).
    const location = TestBed.inject(Location);
    location.back();
    // The router reads a history step on the next task, as it does in the browser.
    await settle();
    await harness.fixture.whenStable();
    expect(url()).toBe('/inbox?category=flush&flushReason=spam,no_action');
    http.expectNone(isList);
    location.back();
    await settle();
    await harness.fixture.whenStable();
    expect(url()).toBe('/inbox?category=flush');
    const back = http.expectOne(isList);
    expect(back.request.params.get('category')).toBe('flush');
    expect(back.request.params.has('flushReason')).toBe(false);
    back.flush(buildPage([]));
    await harness.fixture.whenStable();
    expect(await (await select('flushReason')).getValueText()).toBe('');
    expect(await (await select('category')).getValueText()).toBe('Flush');
  });

  it('shows the topics that took the open mention, each a link to its view, and says when none did', async () => {
    await open('/inbox/m-1?sentiment=negative');
    // A topic deleted since is not named.
    http.expectOne('/api/mentions/m-1').flush(buildMention({ id: 'm-1', topicIds: ['6f1c2a3b-0000-4000-8000-0000000000de', FIBRE.id, MOBILE.id] }));
    await harness.fixture.whenStable();
    const links = allByTestId<HTMLAnchorElement>(harness.fixture, 'mention-topic');
    expect(links.map((link) => [link.textContent?.trim(), link.getAttribute('href')])).toEqual([
      ['Abbonamenti mobile', `/inbox?topicId=${MOBILE.id}`],
      ['Fibra', `/inbox?topicId=${FIBRE.id}`],
    ]);

    links[1].click();
    await harness.fixture.whenStable();
    const list = http.expectOne(isList);
    expect(list.request.params.get('topicId')).toBe(FIBRE.id);
    expect(list.request.params.has('sentiment')).toBe(false);
    list.flush(buildPage([buildListItem({ id: 'm-2' })]));
    await harness.fixture.whenStable();
    expect(url()).toBe(`/inbox?topicId=${FIBRE.id}`);

    byTestId<HTMLAnchorElement>(harness.fixture, 'mention-row')!.click();
    await harness.fixture.whenStable();
    http.expectOne('/api/mentions/m-2').flush(buildMention({ id: 'm-2', topicIds: [] }));
    await harness.fixture.whenStable();
    expect(byTestId(harness.fixture, 'mention-topics')!.querySelector('dd')!.textContent!.trim()).toBe('none of your topics');
  });

  it('says nothing of topics for an account that has none', async () => {
    await open('/inbox/m-1', []);
    http.expectOne('/api/mentions/m-1').flush(buildMention({ id: 'm-1', topicIds: [] }));
    await harness.fixture.whenStable();
    expect(byTestId(harness.fixture, 'mention-detail')).not.toBeNull();
    expect(byTestId(harness.fixture, 'mention-topics')).toBeNull();
  });

  it('replaces the URL while typing a search, and clearing the filters goes back to the plain inbox', async () => {
    await open('/inbox?sentiment=negative');

    typeInto(byTestId<HTMLInputElement>(harness.fixture, 'inbox-search')!, 'fattura');
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50));
    http.expectOne(isList).flush(buildPage([]));
    await harness.fixture.whenStable();
    expect(url()).toBe('/inbox?q=fattura&sentiment=negative');
    // The search replaced the entry: Back leaves the page it was typed on rather than undoing a word.
    expect(TestBed.inject(Location).path()).toBe('/inbox?q=fattura&sentiment=negative');

    harness.fixture.detectChanges();
    const clear = Array.from((harness.fixture.nativeElement as HTMLElement).querySelectorAll('button')).find((button) => button.textContent?.trim() === 'Clear filters')!;
    clear.click();
    const plain = http.expectOne(isList);
    expect(plain.request.params.keys().sort()).toEqual(['limit', 'sort']);
    plain.flush(buildPage([]));
    await harness.fixture.whenStable();
    expect(url()).toBe('/inbox');
    expect(byTestId<HTMLInputElement>(harness.fixture, 'inbox-search')!.value).toBe('');
  });
});
