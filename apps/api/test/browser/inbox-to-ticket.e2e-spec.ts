// The product as a person uses it, in headless Chromium: the real API (serving the built
// dashboard), the real worker polling a loopback feed, real PostgreSQL and Elasticsearch.
// log in → a mention from the feed appears → open it → convert it to a ticket → the ticket is
// listed. Also: hostile markup in a mention is shown as text and never runs; the language switch.
// Screenshots go to test-output/screenshots/ (git-ignored) for people to look at.
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { signWebhookBody } from '@ascolto/collectors';
import { createTestDatabase, DemoFeedPublisher, LoopbackFeedServer, type TestDatabase } from '@ascolto/testing';
import { MentionIndexManager } from '@ascolto/search';
import { assertBrowserPrerequisites, eventually, openItalianPage, screenshots, startProductStack } from './browser-support';

const ADMIN = { email: 'giulia@vela.example', password: `pw-${randomBytes(8).toString('hex')}` };
const FEED_PATH = '/vela/community.xml';
const FLUSH_REASON_IT: Record<string, string> = { spam: 'Spam', duplicate: 'Duplicato', off_topic: 'Fuori tema', bot: 'Bot', no_action: 'Nessuna azione necessaria' };

describe('dashboard in Chromium: from a feed post to a ticket', () => {
  const feed = new LoopbackFeedServer();
  let db: TestDatabase;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  const dialogs: string[] = [];
  /** The admin's session for API calls, as the dashboard holds it. */
  let authHeaders: Record<string, string>;

  beforeAll(async () => {
    assertBrowserPrerequisites();
    const feedBase = await feed.start();
    feed.setItems(FEED_PATH, [
      {
        guid: 'vela-1',
        title: 'Fibra down',
        link: 'https://forum.example/t/vela-1',
        description: '<p>@VelaMobile la fibra non funziona da stamattina a Torino, nessuno risponde al 190. Quando tornerà?</p>',
        author: 'Marco Bianchi',
        pubDate: new Date(Date.now() - 5 * 60_000),
      },
      {
        guid: 'vela-2',
        title: 'Hostile',
        link: 'https://forum.example/t/vela-2',
        description: '<p>Offerta <img src=x onerror="window.__pwned=1;alert(1)"> imperdibile</p>&lt;script&gt;window.__pwned=2&lt;/script&gt;',
        author: '<script>alert("xss")</script>Mallory',
        pubDate: new Date(Date.now() - 4 * 60_000),
      },
    ]);
    // Plus a realistic spread of demo posts (Italian and English, care, marketing, spam), so the
    // screenshots show what a team would see.
    new DemoFeedPublisher(feed, FEED_PATH, { seedSpreadMinutes: 90 }).seed(16);

    db = await createTestDatabase();
    ({ api, worker, baseUrl } = await startProductStack(db.url, { ...ADMIN, name: 'Giulia Rossi' }));

    // The admin adds the feed through the API, as the settings screen would.
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]);
    const xsrf = cookies.find((c) => c.startsWith('XSRF-TOKEN='))!.split('=')[1];
    authHeaders = { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-xsrf-token': decodeURIComponent(xsrf) };
    const created = await fetch(`${baseUrl}/api/sources`, {
      method: 'POST',
      headers: authHeaders,
      body: JSON.stringify({ type: 'rss', name: 'Vela community', url: `${feedBase}${FEED_PATH}`, schedule: '*/2 * * * * *' }),
    });
    expect(created.status).toBe(201);

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

  it('logs in, shows the collected mention, converts it to a ticket and lists the ticket', async () => {
    await page.goto(baseUrl);
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill('wrong password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();

    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    // Signed in once the navigation shows; reloading before that would abort the login request.
    await page.getByTestId('nav-tickets').waitFor();

    // The worker polls every 2 s; the inbox either refreshes or offers the "new mentions" button.
    const row = page.getByTestId('mention-row').filter({ hasText: 'fibra non funziona' });
    const deadline = Date.now() + 60_000;
    while (!(await row.count())) {
      if (Date.now() > deadline) throw new Error('the mention from the feed did not appear in the inbox within 60 s');
      const newMentions = page.getByTestId('new-mentions');
      if (await newMentions.isVisible().catch(() => false)) await newMentions.click();
      else await page.reload();
      await page.waitForTimeout(1500);
    }
    await page.getByTestId('mention-row').nth(1).waitFor();
    await page.screenshot({ path: join(screenshots, 'inbox.png'), fullPage: true });

    // Hostile text is shown literally and nothing in it ran.
    const hostile = page.getByTestId('mention-row').filter({ hasText: 'imperdibile' });
    await expect(hostile.getByTestId('mention-author').innerText()).resolves.toContain('<script>alert("xss")</script>Mallory');
    expect(await page.locator('img[onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);

    await row.first().click();
    const detail = page.getByTestId('mention-detail');
    await detail.waitFor();
    await expect(detail.getByTestId('mention-text').innerText()).resolves.toContain('la fibra non funziona da stamattina');
    await detail.getByTestId('convert-to-ticket').click();
    const created = page.getByTestId('ticket-created');
    await created.waitFor();
    const ticketLabel = await created.innerText();
    expect(ticketLabel).toMatch(/#1\b/);

    await page.getByTestId('nav-tickets').click();
    const ticketRow = page.getByTestId('ticket-row').first();
    await ticketRow.waitFor();
    await expect(ticketRow.getByTestId('ticket-number').innerText()).resolves.toContain('1');
    await expect(ticketRow.getByTestId('ticket-subject').innerText()).resolves.toMatch(/fibra/i);
    await page.screenshot({ path: join(screenshots, 'ticket.png'), fullPage: true });
  }, 120_000);

  it('switches the interface between Italian and English at runtime and remembers the choice', async () => {
    const navText = async () => (await page.getByTestId('nav-tickets').innerText()).trim();
    const before = await navText();
    await page.getByTestId('lang-switch').click();
    const switched = await eventually(navText, (text) => text !== before);
    expect(switched).not.toBe(before);
    await page.reload();
    expect(await eventually(navText, (text) => text === switched)).toBe(switched);
    await page.getByTestId('lang-switch').click();
    expect(await eventually(navText, (text) => text === before)).toBe(before);
  });
  it('shows a private message in words no rule knows in the queue, under the "To the brand" filter, with why', async () => {
    // A WhatsApp Business webhook, set up and pushed to through the real API.
    const secret = randomBytes(24).toString('hex');
    const source = await fetch(`${baseUrl}/api/sources`, {
      method: 'POST',
      headers: authHeaders,
      body: JSON.stringify({ type: 'webhook', name: 'WhatsApp Business', schedule: '*/2 * * * * *', settings: { channel: 'whatsapp' }, credentials: { signingSecret: secret } }),
    });
    expect(source.status).toBe(201);
    const { id } = (await source.json()) as { id: string };
    const body = JSON.stringify({
      items: [{ id: 'wa-1', text: 'Sabato sera ho lasciato il cappotto blu sulla sedia del tavolo 12', publishedAt: new Date().toISOString(), author: { handle: '+393331234567' } }],
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const pushed = await fetch(`${baseUrl}/api/ingest/webhooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ascolto-timestamp': ts, 'x-ascolto-signature': signWebhookBody(secret, ts, Buffer.from(body)) },
      body,
    });
    expect(pushed.status).toBe(202);
    const listed = async () => ((await (await fetch(`${baseUrl}/api/mentions?brandChannel=direct_message`, { headers: authHeaders })).json()) as { total: number }).total;
    await eventually(listed, (total) => total === 1, 30_000);

    await page.goto(baseUrl);
    await page.getByTestId('mention-row').first().waitFor();
    // Among the less used filters; Material's label lies over the select: open it through its field.
    await page.getByTestId('more-filters').click();
    await page.locator('mat-form-field').filter({ has: page.getByTestId('filter-brandChannel') }).click();
    await page.getByRole('option', { name: 'Messaggio privato' }).click();
    await page.keyboard.press('Escape');
    const rows = page.getByTestId('mention-row');
    await eventually(() => rows.count(), (n) => n === 1);
    await expect(rows.first().getByTestId('mention-text').innerText()).resolves.toContain('cappotto blu');
    await expect(rows.first().getByTestId('mention-channel').innerText()).resolves.toBe('Messaggio privato');

    await rows.first().click();
    const detail = page.getByTestId('mention-detail');
    await detail.waitFor();
    // Kept for a person (service), and the reason says it is because it was written to the brand.
    await detail.getByText('un messaggio privato al brand, senza una richiesta chiara: lasciato a una persona').waitFor();
    await page.screenshot({ path: join(screenshots, 'inbox-private-message.png'), fullPage: true });
  }, 90_000);

  it('keeps a filtered view in its URL: through a reload, and for a colleague who opens the link and logs in', async () => {
    // Where the previous test left the page: the private message open, under the "To the brand" filter.
    expect(new URL(page.url()).pathname).toMatch(/^\/inbox\/webhook-/);
    expect(new URL(page.url()).searchParams.get('brandChannel')).toBe('direct_message');
    await page.reload();
    await page.getByTestId('mention-detail').waitFor();
    const rows = page.getByTestId('mention-row');
    await eventually(() => rows.count(), (n) => n === 1);
    await expect(rows.first().getByTestId('mention-text').innerText()).resolves.toContain('cappotto blu');

    // What the pipeline flushed for one reason, as a link a care lead sends to a colleague.
    const list = async (query: string) => (await (await fetch(`${baseUrl}/api/mentions?${query}`, { headers: authHeaders })).json()) as { total: number; items: { flushReason: string | null }[] };
    const reason = (await list('category=flush&limit=100')).items.find((item) => item.flushReason !== null)?.flushReason;
    expect(reason).toBeDefined();
    const view = `category=flush&flushReason=${reason}`;
    const flushed = await list(view);
    expect(flushed.total).toBeGreaterThan(0);
    expect(flushed.total).toBeLessThan((await list('')).total);
    const colleague = await browser.newContext({ locale: 'it-IT', viewport: { width: 1360, height: 900 } });
    try {
      const other = await colleague.newPage();
      await other.goto(`${baseUrl}/inbox?${view}`);
      await other.getByTestId('login-email').fill(ADMIN.email);
      await other.getByTestId('login-password').fill(ADMIN.password);
      await other.getByTestId('login-submit').click();
      const otherRows = other.getByTestId('mention-row');
      await eventually(() => otherRows.count(), (n) => n === flushed.total);
      expect(new URL(other.url()).pathname).toBe('/inbox');
      expect(new URL(other.url()).searchParams.get('flushReason')).toBe(reason);
      // The form says which view this is, in the colleague's language.
      await expect(other.getByTestId('filter-flushReason').innerText()).resolves.toBe(FLUSH_REASON_IT[reason!]);
      await other.screenshot({ path: join(screenshots, 'inbox-flushed-link.png'), fullPage: true });
    } finally {
      await colleague.close();
    }
  }, 90_000);
});
