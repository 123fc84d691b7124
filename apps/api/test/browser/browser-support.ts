// What every browser test needs: where the built dashboard and the screenshots are, a check that
// the prerequisites exist (with the fix in the message), the API and the scheduled worker started
// as the product runs them, Debian's Chromium started the way ARCHITECTURE.md prescribes, and a
// poll for pages that update asynchronously.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApiApp } from '../../src/app.factory';
import { createWorker } from '../../../worker/src/worker.factory';

export const repoRoot = resolve(__dirname, '../../../..');
export const dashboardDist = join(repoRoot, 'dist/apps/dashboard/browser');
/** Git-ignored; people look at these after a run. */
export const screenshots = join(repoRoot, 'test-output/screenshots');

export function assertBrowserPrerequisites(): void {
  if (!existsSync(join(dashboardDist, 'index.html'))) {
    throw new Error(`the dashboard is not built (${dashboardDist}); run \`npm run build:dashboard\` or scripts/test.sh`);
  }
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error('Debian chromium is not installed (/usr/bin/chromium); scripts/test.sh installs it');
  }
  mkdirSync(screenshots, { recursive: true });
}

/**
 * The API (serving the built dashboard) and a worker with its schedules on, against the given
 * database and a fresh index prefix. Loopback fake sources are private addresses, so the allow-list
 * lets both reach 127.0.0.1; topics and sources reload every second so a test need not wait.
 */
export async function startProductStack(
  databaseUrl: string,
  admin: { email: string; password: string; name: string },
): Promise<{ api: INestApplication; worker: INestApplicationContext; baseUrl: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ES_INDEX_PREFIX: `t-${randomBytes(4).toString('hex')}-`,
    OUTBOUND_ALLOWLIST: '127.0.0.1',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    ADMIN_NAME: admin.name,
    DASHBOARD_DIST: dashboardDist,
    LOG_LEVEL: 'warn',
    SOURCE_RELOAD_SECONDS: '1',
    HEARTBEAT_SECONDS: '2',
    // Sources with credentials (a webhook's signing secret) are stored encrypted; both read them.
    ASCOLTO_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  };
  const api = await createApiApp(env);
  await api.listen(0, '127.0.0.1');
  const baseUrl = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  const worker = await createWorker({ env, schedule: true, plainLogs: true });
  return { api, worker, baseUrl };
}

/** Headless Chromium with an Italian page; browser dialogs are dismissed and their messages kept in `dialogs`. */
export async function openItalianPage(dialogs: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return { browser, page };
}

/** Reads a value until it satisfies `accept` (the page updates asynchronously) or times out. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
  onRetry?: () => Promise<void>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await onRetry?.();
    value = await read();
  }
  return value;
}
