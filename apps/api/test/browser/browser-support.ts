// What every browser test needs: where the built dashboard and the screenshots are, a check that
// the prerequisites exist (with the fix in the message), Debian's Chromium started the way
// ARCHITECTURE.md prescribes, and a poll for pages that update asynchronously.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
