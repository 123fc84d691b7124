// The Sources page as an admin uses it, in headless Chromium: the real API (serving the built
// dashboard) and the real worker, real PostgreSQL and Elasticsearch, a loopback RSS feed.
// add an RSS source → a private address is refused with the API's reason next to the form →
// test the connection (samples shown as text) → save → the worker runs it and its health and
// runs show → pause it → the list shows it paused. In Italian, as our first users see it.
// Screenshots go to test-output/screenshots/ (git-ignored) for people to look at.
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, LoopbackFeedServer, type TestDatabase } from '@ascolto/testing';
import { MentionIndexManager } from '@ascolto/search';
import { assertBrowserPrerequisites, eventually, openItalianPage, screenshots, startProductStack } from './browser-support';

const ADMIN = { email: 'giulia@vela.example', password: `pw-${randomBytes(8).toString('hex')}` };
const FEED_PATH = '/vela/sources.xml';
const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Offerta <b>imperdibile</b>';
/** Names are typed by people and shown as typed: markup in one stays text. */
const SOURCE_NAME = 'Forum <b>Vela</b>';

describe('dashboard in Chromium: the Sources page', () => {
  const feed = new LoopbackFeedServer();
  let db: TestDatabase;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let feedUrl: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    assertBrowserPrerequisites();
    feedUrl = `${await feed.start()}${FEED_PATH}`;
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    feed.setItems(FEED_PATH, [
      {
        guid: 'src-1',
        title: 'Fibra lenta a Torino',
        link: 'https://forum.example/t/src-1',
        description: '<p>@VelaMobile la fibra va a 2 mega da ieri sera, qualcuno sa qualcosa?</p>',
        author: 'Marco Bianchi',
        pubDate: minutesAgo(6),
      },
      {
        guid: 'src-2',
        title: HOSTILE_TITLE,
        link: 'https://forum.example/t/src-2',
        description: '<p>Offerta <img src=x onerror="window.__pwned=2"> imperdibile</p>',
        author: 'Mallory',
        pubDate: minutesAgo(5),
      },
      {
        guid: 'src-3',
        title: 'Rimborso non arrivato',
        link: 'https://forum.example/t/src-3',
        description: '<p>Aspetto il rimborso della bolletta di ottobre da tre settimane.</p>',
        author: 'Giulia Verdi',
        pubDate: minutesAgo(4),
      },
    ]);

    db = await createTestDatabase();
    ({ api, worker, baseUrl } = await startProductStack(db.url, { ...ADMIN, name: 'Giulia Rossi' }));

    ({ browser, page } = await openItalianPage(dialogs));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    const manager = api?.get(MentionIndexManager, { strict: false });
    await manager?.deleteAll().catch(() => undefined);
    await api?.close();
    await db?.drop();
    await feed.stop();
  }, 60_000);

  it('adds an RSS source, tests it, saves it, sees it run and pauses it', async () => {
    await page.goto(`${baseUrl}/sources`);
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    // Back on the page asked for, in Italian.
    await page.getByTestId('nav-sources').waitFor();
    await page.waitForURL(/\/sources$/);
    await expect(page.locator('h1').innerText()).resolves.toBe('Fonti');
    await page.getByTestId('sources-empty').waitFor();

    await page.getByTestId('source-new').click();
    await page.locator('[data-testid="source-type-option"][data-type="rss"]').click();
    await page.getByTestId('source-form').waitFor();
    await page.getByTestId('source-name-input').fill(SOURCE_NAME);
    await expect(page.getByTestId('source-schedule-hint').innerText()).resolves.toBe('ogni 2 minuti');
    await page.getByTestId('source-schedule-input').fill('*/2 * * * * *');
    await expect(page.getByTestId('source-schedule-hint').innerText()).resolves.toBe('ogni 2 secondi');

    // A private address is refused by the API's outbound guard; its reason shows next to the form.
    await page.getByTestId('source-url-input').fill('http://10.0.0.1/feed.xml');
    await page.getByTestId('source-save').click();
    const refused = page.getByTestId('source-save-error');
    await refused.waitFor();
    await expect(refused.innerText()).resolves.toContain('Impossibile salvare la fonte');
    expect((await page.getByTestId('source-save-error-detail').allInnerTexts()).join(' ')).toMatch(/10\.0\.0\.1|address|indirizzo/i);

    // Test connection: a spinner, then what the feed holds now, as text.
    await page.getByTestId('source-url-input').fill(feedUrl);
    await refused.waitFor({ state: 'detached' });
    await page.getByTestId('source-test').click();
    const result = page.getByTestId('source-test-result');
    await result.waitFor({ timeout: 15_000 });
    await expect(result.getAttribute('data-ok')).resolves.toBe('true');
    await expect(page.getByTestId('source-test-message').innerText()).resolves.toMatch(/3/);
    const samples = await page.getByTestId('source-test-sample').allInnerTexts();
    expect(samples).toHaveLength(3);
    expect(samples.join('\n')).toContain('Fibra lenta a Torino');
    // The API turns the hostile title into plain text; the page shows it as text and builds no element from it.
    expect(samples.join('\n')).toContain('Offerta imperdibile');
    expect(await page.getByTestId('source-test-result').locator('img, b, script').count()).toBe(0);
    expect(await page.locator('img[onerror]').count()).toBe(0);
    await page.screenshot({ path: join(screenshots, 'sources-add.png'), fullPage: true });

    await page.getByTestId('source-save').click();
    await page.waitForURL(/\/sources\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('source-detail-name').innerText()).resolves.toBe(SOURCE_NAME);
    expect(await page.getByTestId('source-detail-name').locator('b').count()).toBe(0);
    await expect(page.getByTestId('source-detail-url').innerText()).resolves.toBe(feedUrl);

    // The worker picks the new source up and runs it every 2 s; the health panel shows it.
    const refresh = () => page.getByTestId('source-refresh').click();
    await eventually(() => page.getByTestId('source-state').first().getAttribute('data-state'), (state) => state === 'ok', 45_000, refresh);
    await eventually(() => page.getByTestId('source-run').count(), (count) => count > 0, 15_000, refresh);
    await expect(page.getByTestId('source-state').first().innerText()).resolves.toBe('OK');
    await expect(page.getByTestId('source-health-failures').innerText()).resolves.toBe('0');
    await page.getByTestId('source-runs-chart').locator('canvas').waitFor();
    await expect(page.getByTestId('source-run').last().getAttribute('data-status')).resolves.toBe('succeeded');
    await page.screenshot({ path: join(screenshots, 'sources-detail.png'), fullPage: true });

    await page.getByTestId('source-pause').click();
    await eventually(() => page.getByTestId('source-state').first().innerText(), (text) => text.trim() === 'In pausa');
    await expect(page.getByTestId('source-pause').innerText()).resolves.toBe('Riprendi');
    await expect(page.getByTestId('source-health-next-run').innerText()).resolves.toBe('non pianificata');

    // The list shows the source paused, with its runs drawn.
    await page.getByTestId('nav-sources').click();
    const card = page.getByTestId('source-card').filter({ hasText: SOURCE_NAME });
    await card.waitFor();
    await eventually(() => card.getByTestId('source-state').getAttribute('data-state'), (state) => state === 'paused');
    await card.getByTestId('source-sparkline').locator('canvas').waitFor();
    await expect(card.getByTestId('source-type').innerText()).resolves.toContain('RSS');
    await expect(card.getByTestId('source-name').innerText()).resolves.toBe(SOURCE_NAME);
    await page.screenshot({ path: join(screenshots, 'sources-list.png'), fullPage: true });

    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  }, 150_000);
});
