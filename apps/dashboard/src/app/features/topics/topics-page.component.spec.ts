import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { provideRouter } from '@angular/router';
import type { Role, TopicView } from '@ascolto/domain';

import { allByTestId, byTestId, typeInto } from '../../../testing/dom';
import { buildTopic, buildTopicRetag, buildUser } from '../../../testing/factories';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { AuthService } from '../../core/auth/auth.service';
import { provideApiHttp } from '../../core/http/provide-api-http';
import { TOPIC_QUERY_CHECK_DEBOUNCE_MS } from './topic-form.component';
import { TopicsPageComponent } from './topics-page.component';
import { TOPICS_POLL_MS } from './topics.store';

const DEBOUNCE_MS = 15;
const POLL_MS = 20;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(TopicsPageComponent.name, () => {
  let fixture: ComponentFixture<TopicsPageComponent>;
  let http: HttpTestingController;

  async function open(role: Role, topics: TopicView[], lang: 'it' | 'en' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        // The app's own HttpClient setup, so the XSRF header is added exactly as in production.
        provideApiHttp(),
        provideHttpClientTesting(),
        provideTestTranslations(lang),
        { provide: TOPIC_QUERY_CHECK_DEBOUNCE_MS, useValue: DEBOUNCE_MS },
        { provide: TOPICS_POLL_MS, useValue: POLL_MS },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).ensureSession().subscribe();
    http.expectOne('/api/auth/me').flush(buildUser({ role }));
    fixture = TestBed.createComponent(TopicsPageComponent);
    await fixture.whenStable();
    const list = http.expectOne('/api/topics');
    expect(list.request.method).toBe('GET');
    list.flush(topics);
    await fixture.whenStable();
  }

  const root = () => fixture.nativeElement as HTMLElement;
  const text = (id: string) => byTestId(fixture, id)?.textContent?.replace(/\s+/g, ' ').trim();
  const click = async (id: string, within: ParentNode = root()) => {
    within.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!.click();
    await fixture.whenStable();
  };
  const typeQuery = async (value: string) => {
    typeInto(byTestId<HTMLInputElement>(fixture, 'topic-query-input')!, value);
    await fixture.whenStable();
  };
  /** Lets the debounce pass and returns the one validation request it sent. */
  const validation = async (query: string) => {
    await wait(DEBOUNCE_MS * 3);
    const request = http.expectOne('/api/topics/validate');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ query });
    return request;
  };
  const badQuery = (position: number, reason: string) => ({
    body: { statusCode: 400, error: 'Bad Request', message: `${reason} (at ${position})`, position, reason },
    init: { status: 400, statusText: 'Bad Request' },
  });

  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=csrf-abc; path=/';
  });

  afterEach(() => {
    http.verify();
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('lists topics with name, query as monospace text, languages, enabled and linked sources, all bound as text', async () => {
    await open('admin', [
      buildTopic({
        id: 't-1',
        name: '<img src=x onerror=alert(1)>Apple',
        query: 'apple -"apple pie" <b>x</b>',
        languages: ['it', 'en'],
        sourceIds: ['s-1', 's-2'],
      }),
      buildTopic({ id: 't-2', name: 'Pagina ufficiale', query: '', languages: [], enabled: false, sourceIds: ['s-3'] }),
    ]);

    const rows = allByTestId(fixture, 'topic-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('[data-testid="topic-name"]')?.textContent?.trim()).toBe('<img src=x onerror=alert(1)>Apple');
    expect(root().querySelector('img, b')).toBeNull();
    const query = rows[0].querySelector('[data-testid="topic-query"]')!;
    expect(query.tagName).toBe('CODE');
    expect(query.textContent).toBe('apple -"apple pie" <b>x</b>');
    expect(rows[0].querySelector('[data-testid="topic-languages"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Italian, English');
    expect(rows[0].querySelector('[data-testid="topic-sources"]')?.textContent?.trim()).toBe('2');

    expect(rows[1].querySelector('[data-testid="topic-query"]')).toBeNull();
    expect(rows[1].querySelector('[data-testid="topic-query-empty"]')?.textContent).toContain('everything from its linked sources');
    expect(rows[1].querySelector('[data-testid="topic-languages"]')?.textContent?.trim()).toBe('All languages');
    expect(rows[1].querySelector('[data-testid="topic-sources"]')?.textContent?.trim()).toBe('1');

    const toggles = await TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(MatSlideToggleHarness);
    expect(await Promise.all(toggles.map((t) => t.isChecked()))).toEqual([true, false]);
    expect(await Promise.all(toggles.map((t) => t.isDisabled()))).toEqual([false, false]);
    expect(rows[1].querySelector('[role="switch"]')?.getAttribute('aria-label')).toBe('Topic Pagina ufficiale enabled');
    expect(byTestId(fixture, 'topics-empty')).toBeNull();
  });

  it('says so when there are no topics, in Italian too', async () => {
    await open('lead', [], 'it');
    expect(allByTestId(fixture, 'topic-row')).toHaveLength(0);
    expect(text('topics-empty')).toContain('Ancora nessun argomento. Creane uno');
    expect(text('topic-new')).toBe('Nuovo argomento');

    await click('topic-new');
    const help = text('topic-query-help')!;
    expect(help).toContain('Sintassi delle query');
    for (const syntax of ['AND', 'OR', 'NOT torta', '-torta', '"apple pie"', '"rete lenta"~3', '#apple', '@apple', 'lang:it', 'rimbors*']) {
      expect(help).toContain(syntax);
    }
    expect(help).toContain('con al massimo 3 altre parole in mezzo');
  });

  it.each<Role>(['agent', 'analyst'])('shows the list read-only to an %s', async (role) => {
    await open(role, [buildTopic({ id: 't-1' })]);

    expect(allByTestId(fixture, 'topic-row')).toHaveLength(1);
    expect(byTestId(fixture, 'topic-new')).toBeNull();
    expect(byTestId(fixture, 'topic-edit')).toBeNull();
    expect(byTestId(fixture, 'topic-delete')).toBeNull();
    expect(byTestId(fixture, 'topic-form')).toBeNull();
    const toggle = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSlideToggleHarness);
    expect(await toggle.isDisabled()).toBe(true);
    // Clicking a disabled toggle sends nothing (http.verify in afterEach).
    await toggle.toggle();
    expect(await toggle.isChecked()).toBe(true);
  });

  it('tells a reader who may create topics when there are none', async () => {
    await open('agent', []);
    expect(text('topics-empty')).toBe('No topics yet. An administrator or a care lead can create them.');
  });

  it('creates a topic: checks the query, posts name, query, languages and enabled with the XSRF header, and lists it', async () => {
    await open('lead', []);
    await click('topic-new');
    expect(byTestId(fixture, 'topic-new')).toBeNull();
    expect(text('topic-query-check')).toContain('Empty query');

    typeInto(byTestId<HTMLInputElement>(fixture, 'topic-name-input')!, '  Apple (brand)  ');
    await typeQuery('apple (iphone OR mac) -torta');
    const check = await validation('apple (iphone OR mac) -torta');
    expect(check.request.headers.get('X-XSRF-TOKEN')).toBe('csrf-abc');
    check.flush({ valid: true });
    await fixture.whenStable();
    expect(text('topic-query-valid')).toBe('✓ The query is valid.');

    const languages = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness);
    await languages.open();
    const options = await languages.getOptions();
    expect(await Promise.all(options.map((o) => o.getText()))).toEqual(['Italian', 'English', 'Spanish', 'French', 'German', 'Portuguese']);
    await languages.clickOptions({ text: 'Italian' });
    await languages.clickOptions({ text: 'English' });
    await languages.close();

    await click('topic-save');
    const request = http.expectOne('/api/topics');
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.get('X-XSRF-TOKEN')).toBe('csrf-abc');
    expect(request.request.body).toEqual({
      name: 'Apple (brand)',
      query: 'apple (iphone OR mac) -torta',
      languages: ['it', 'en'],
      enabled: true,
    });
    request.flush(buildTopic({ id: 't-new', name: 'Apple (brand)', languages: ['it', 'en'] }));
    await fixture.whenStable();

    expect(byTestId(fixture, 'topic-form')).toBeNull();
    const rows = allByTestId(fixture, 'topic-row');
    expect(rows).toHaveLength(1);
    expect(rows[0].getAttribute('data-topic-id')).toBe('t-new');
  });

  it('does not post a topic without a name, spaces alone included', async () => {
    await open('admin', []);
    await click('topic-new');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('topic-name-input');

    await click('topic-save');
    expect(text('topic-form')).toContain('A name is required');
    typeInto(byTestId<HTMLInputElement>(fixture, 'topic-name-input')!, '   ');
    await click('topic-save');
    expect(text('topic-form')).toContain('A name is required');
    http.expectNone('/api/topics');
  });

  it('checks the query once typing pauses, then shows the reason and marks the character at the position', async () => {
    await open('admin', []);
    await click('topic-new');

    await typeQuery('a');
    await typeQuery('apple');
    await typeQuery('apple AND');
    expect(text('topic-query-check')).toBe('Checking the query…');
    const { body, init } = badQuery(6, 'AND needs a term after it');
    (await validation('apple AND')).flush(body, init);
    await fixture.whenStable();

    expect(text('topic-query-error')).toContain('Problem at character 7:');
    expect(text('topic-query-reason')).toBe('AND needs a term after it');
    expect(byTestId(fixture, 'topic-query-marked')?.textContent).toBe('apple AND');
    expect(byTestId(fixture, 'topic-query-mark')?.textContent).toBe('A');
    expect(byTestId<HTMLButtonElement>(fixture, 'topic-save')!.disabled).toBe(true);

    // Fixed: the mark goes away and saving is possible again.
    await typeQuery('apple AND iphone');
    expect(byTestId(fixture, 'topic-query-error')).toBeNull();
    (await validation('apple AND iphone')).flush({ valid: true });
    await fixture.whenStable();
    expect(text('topic-query-valid')).toContain('valid');
    expect(byTestId<HTMLButtonElement>(fixture, 'topic-save')!.disabled).toBe(false);
  });

  it('marks the end of the query when something is missing there, and binds the query as text', async () => {
    await open('admin', []);
    await click('topic-new');

    await typeQuery('<b>apple</b> (iphone');
    const { body, init } = badQuery(6, "missing ')'");
    (await validation('<b>apple</b> (iphone')).flush({ ...body, position: 20 }, init);
    await fixture.whenStable();

    const mark = byTestId(fixture, 'topic-query-mark')!;
    expect(mark.classList).toContain('end');
    expect(mark.getAttribute('aria-label')).toBe('end of the query');
    expect(byTestId(fixture, 'topic-query-marked')?.textContent?.trimEnd()).toBe('<b>apple</b> (iphone');
    expect(byTestId(fixture, 'topic-query-marked')?.querySelector('b')).toBeNull();
    expect(text('topic-query-error')).toContain('Problem at character 21:');
  });

  it('counts an emoji as one character when it says where the problem is', async () => {
    await open('admin', []);
    await click('topic-new');

    await typeQuery('😀 AND');
    // The API's position is a string index: the emoji takes two of them.
    const { body, init } = badQuery(3, 'AND needs a term before it');
    (await validation('😀 AND')).flush(body, init);
    await fixture.whenStable();

    expect(text('topic-query-error')).toContain('Problem at character 3:');
    expect(byTestId(fixture, 'topic-query-mark')?.textContent).toBe('A');
    expect(byTestId(fixture, 'topic-query-input')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the position from the save answer when the query was not checked in time', async () => {
    await open('admin', []);
    await click('topic-new');
    typeInto(byTestId<HTMLInputElement>(fixture, 'topic-name-input')!, 'Vela');
    await typeQuery('"rete lenta"~x');
    // Saved before the pause in typing was over: the check never started.
    await click('topic-save');
    const request = http.expectOne('/api/topics');
    const { body, init } = badQuery(12, "'~' needs a whole number of words after it");
    request.flush(body, init);
    await fixture.whenStable();

    expect(text('topic-query-reason')).toBe("'~' needs a whole number of words after it");
    expect(byTestId(fixture, 'topic-query-mark')?.textContent).toBe('~');
    expect(byTestId(fixture, 'topic-form')).not.toBeNull();
    // The debounced check of the same text still runs; its answer agrees.
    (await validation('"rete lenta"~x')).flush(body, init);
    await fixture.whenStable();
    expect(byTestId(fixture, 'topic-query-mark')?.textContent).toBe('~');
  });

  it('shows API errors on save as text and keeps the form', async () => {
    await open('admin', []);
    await click('topic-new');
    typeInto(byTestId<HTMLInputElement>(fixture, 'topic-name-input')!, '<i>Vela</i>');
    await fixture.whenStable();

    await click('topic-save');
    http
      .expectOne('/api/topics')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'A topic named "<i>Vela</i>" already exists' },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();

    const paragraphs = byTestId(fixture, 'topic-save-error')!.querySelectorAll('p');
    expect(Array.from(paragraphs, (p) => p.textContent?.trim())).toEqual([
      'Another topic already has this name.',
      'A topic named "<i>Vela</i>" already exists',
    ]);
    expect(byTestId(fixture, 'topic-save-error')?.querySelector('i')).toBeNull();
    expect(byTestId(fixture, 'topic-form')).not.toBeNull();
  });

  it('edits a topic: fills the form, checks the stored query and patches it', async () => {
    const topic = buildTopic({ id: 't-1', name: 'Apple', query: 'apple', languages: ['en'], enabled: true, sourceIds: ['s-1'] });
    await open('admin', [topic]);
    await click('topic-edit');

    expect(byTestId<HTMLInputElement>(fixture, 'topic-name-input')!.value).toBe('Apple');
    expect(byTestId<HTMLTextAreaElement>(fixture, 'topic-query-input')!.value).toBe('apple');
    (await validation('apple')).flush({ valid: true });
    await fixture.whenStable();

    await typeQuery('apple -mela');
    (await validation('apple -mela')).flush({ valid: true });
    await fixture.whenStable();
    await click('topic-save');

    const request = http.expectOne('/api/topics/t-1');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.headers.get('X-XSRF-TOKEN')).toBe('csrf-abc');
    // Only what changed: a field left alone is not overwritten with what the form was opened with.
    expect(request.request.body).toEqual({ query: 'apple -mela' });
    request.flush({ ...topic, query: 'apple -mela' });
    await fixture.whenStable();

    expect(byTestId(fixture, 'topic-form')).toBeNull();
    expect(text('topic-query')).toBe('apple -mela');
  });

  it('closes the form without a request when nothing was changed', async () => {
    await open('admin', [buildTopic({ id: 't-1', query: 'apple' })]);
    await click('topic-edit');
    (await validation('apple')).flush({ valid: true });
    await fixture.whenStable();

    await click('topic-save');
    http.expectNone('/api/topics/t-1');
    expect(byTestId(fixture, 'topic-form')).toBeNull();
  });

  it('switches a topic off with PATCH, and puts the toggle back when that fails', async () => {
    const topic = buildTopic({ id: 't-1', enabled: true });
    await open('lead', [topic]);
    const toggle = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSlideToggleHarness);

    await toggle.toggle();
    const request = http.expectOne('/api/topics/t-1');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ enabled: false });
    request.flush({ ...topic, enabled: false });
    await fixture.whenStable();
    expect(await toggle.isChecked()).toBe(false);

    await toggle.toggle();
    http
      .expectOne('/api/topics/t-1')
      .flush({ statusCode: 500, message: 'Internal server error' }, { status: 500, statusText: 'Server Error' });
    await fixture.whenStable();
    expect(await toggle.isChecked()).toBe(false);
    expect(text('topic-action-error')).toContain('could not be switched on or off');
  });

  it('deletes only after confirmation, with the XSRF header', async () => {
    await open('admin', [buildTopic({ id: 't-1', name: 'Apple' }), buildTopic({ id: 't-2', name: 'Vela' })]);
    const [first] = allByTestId(fixture, 'topic-row');

    await click('topic-delete', first);
    // Asked, not sent (http.verify would fail on an unexpected DELETE).
    http.expectNone('/api/topics/t-1');
    expect(text('topic-delete-confirm')).toContain('Delete the topic “Apple”?');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('topic-delete-cancel');

    await click('topic-delete-cancel', first);
    expect(byTestId(fixture, 'topic-delete-confirm')).toBeNull();
    http.expectNone('/api/topics/t-1');

    await click('topic-delete', first);
    await click('topic-delete-yes', first);
    const request = http.expectOne('/api/topics/t-1');
    expect(request.request.method).toBe('DELETE');
    expect(request.request.headers.get('X-XSRF-TOKEN')).toBe('csrf-abc');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    const rows = allByTestId(fixture, 'topic-row');
    expect(rows.map((row) => row.getAttribute('data-topic-id'))).toEqual(['t-2']);
  });

  it('keeps the topic and shows the API message when deleting fails', async () => {
    await open('admin', [buildTopic({ id: 't-1', name: 'Apple' })]);
    await click('topic-delete');
    await click('topic-delete-yes');
    http
      .expectOne('/api/topics/t-1')
      .flush({ statusCode: 403, error: 'Forbidden', message: 'Role lead or admin needed' }, { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();

    expect(allByTestId(fixture, 'topic-row')).toHaveLength(1);
    const paragraphs = byTestId(fixture, 'topic-action-error')!.querySelectorAll('p');
    expect(Array.from(paragraphs, (p) => p.textContent?.trim())).toEqual([
      'The topic “Apple” could not be deleted. Try again.',
      'Role lead or admin needed',
    ]);
  });

  describe('re-tagging of the mentions already collected', () => {
    const bar = (row: Element) => row.querySelector('mat-progress-bar');
    const rowOf = (id: string) => root().querySelector(`[data-topic-id="${id}"]`)!;
    const cell = (id: string) => rowOf(id).querySelector('[data-testid="topic-mentions"]')!.textContent!.replace(/\s+/g, ' ').trim();

    it('shows a progress bar with the share of mentions read while the worker re-tags, in Italian too', async () => {
      const running = buildTopic({ id: 't-1', name: 'Rimborsi', retag: buildTopicRetag({ state: 'running', total: 200, processed: 90 }) });
      await open('agent', [running], 'it');
      expect(cell('t-1')).toBe('Ricalcolo delle menzioni… 45 %');
      expect(bar(rowOf('t-1'))?.getAttribute('aria-valuenow')).toBe('45');
      expect(bar(rowOf('t-1'))?.getAttribute('mode')).toBe('determinate');
      // Still running: the list is read again.
      await wait(POLL_MS * 3);
      http.expectOne('/api/topics').flush([{ ...running, retag: null }]);
      await fixture.whenStable();
    });

    it('follows the job by polling until it is done, then shows how many mentions match, and stops polling', async () => {
      const topic = buildTopic({ id: 't-1', name: 'Rimborsi', retag: buildTopicRetag({ state: 'pending', total: null, processed: 0 }) });
      await open('admin', [topic, buildTopic({ id: 't-2', name: 'Fibra', retag: null })]);
      expect(cell('t-1')).toBe('Re-tagging mentions soon…');
      expect(bar(rowOf('t-1'))?.getAttribute('mode')).toBe('indeterminate');
      expect(cell('t-2')).toBe('—');

      await wait(POLL_MS * 3);
      http.expectOne('/api/topics').flush([{ ...topic, retag: buildTopicRetag({ state: 'running', total: 1_000, processed: 333 }) }]);
      await fixture.whenStable();
      expect(cell('t-1')).toBe('Re-tagging mentions… 33 %');

      await wait(POLL_MS * 3);
      http.expectOne('/api/topics').flush([{ ...topic, retag: buildTopicRetag({ state: 'succeeded', total: 1_000, processed: 1_000, matched: 31 }) }]);
      await fixture.whenStable();
      expect(cell('t-1')).toBe('31 mentions match');
      expect(bar(rowOf('t-1'))).toBeNull();

      await wait(POLL_MS * 3);
      http.expectNone('/api/topics');
    });

    it('starts following a job the moment a change enqueues one', async () => {
      const topic = buildTopic({ id: 't-1', name: 'Fibra', enabled: true, retag: buildTopicRetag({ state: 'succeeded', matched: 1, processed: 200 }) });
      await open('admin', [topic]);
      expect(cell('t-1')).toBe('1 mention matches');
      await wait(POLL_MS * 3);
      http.expectNone('/api/topics');

      const harness = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSlideToggleHarness);
      await harness.toggle();
      http.expectOne('/api/topics/t-1').flush({ ...topic, enabled: false, retag: buildTopicRetag({ state: 'pending', reason: 'disable', total: null }) });
      await fixture.whenStable();
      expect(cell('t-1')).toBe('Re-tagging mentions soon…');
      await wait(POLL_MS * 3);
      http.expectOne('/api/topics').flush([{ ...topic, enabled: false, retag: buildTopicRetag({ state: 'succeeded', reason: 'disable', matched: 0 }) }]);
      await fixture.whenStable();
      expect(cell('t-1')).toBe('0 mentions match');
    });

    it('shows the reason of a failed re-tag as text, and a pending retry as such', async () => {
      await open('admin', [
        buildTopic({ id: 't-1', name: 'A', retag: buildTopicRetag({ state: 'failed', error: '<b>cluster_block_exception</b>' }) }),
        buildTopic({ id: 't-2', name: 'B', retag: buildTopicRetag({ state: 'pending', total: null, error: 'timeout' }) }),
      ]);
      expect(cell('t-1')).toBe('Re-tagging failed: <b>cluster_block_exception</b>');
      expect(rowOf('t-1').querySelector('b')).toBeNull();
      expect(rowOf('t-2').querySelector('[data-testid="topic-retag-label"]')?.textContent?.trim()).toBe('Re-tagging mentions soon…');
      expect(rowOf('t-2').querySelector('[data-testid="topic-retag-retrying"]')?.textContent?.trim()).toBe('Re-tagging paused after an error, trying again soon');
      await wait(POLL_MS * 3);
      http.expectOne('/api/topics').flush([]);
      await fixture.whenStable();
    });
  });
});
