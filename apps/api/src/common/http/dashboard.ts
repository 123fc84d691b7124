import { readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('Dashboard');

// Angular's build names bundles `main-ABCDEFGH.js` / `chunk-DypTAiJl.js` (an 8-character content
// hash): such a file never changes, so browsers may keep it for a year. Everything else is revalidated.
const HASHED_ASSET = /-[A-Za-z0-9]{8}\.(?:js|mjs|css|woff2?|ttf)$/;

export const DASHBOARD_MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ascolto: dashboard not built</title></head>
<body>
<h1>The dashboard has not been built</h1>
<p>The API is running, but it found no <code>index.html</code> in DASHBOARD_DIST.</p>
<p>Build it with <code>npm run build:dashboard</code> (or set DASHBOARD_DIST to the folder that holds the build), then reload this page.</p>
<p>Il dashboard non è stato compilato: esegui <code>npm run build:dashboard</code> e ricarica la pagina.</p>
</body></html>
`;

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Stamps this response's CSP nonce on the page: `ngCspNonce` on the root component (Angular then
 * puts it on the <style> tags it injects) and `nonce` on every inline <script>/<style> of the build.
 */
export function stampNonce(html: string, nonce: string): string {
  const stamped = html.replace(/<(script|style)\b(?![^>]*\bnonce=)/gi, `<$1 nonce="${nonce}"`);
  const body = stamped.search(/<body\b/i);
  if (body < 0) return stamped;
  // The root component is the first custom element (a tag name with a hyphen) in <body>.
  const rest = stamped.slice(body).replace(/<([a-z][a-z0-9]*-[a-z0-9-]*)(?=[\s>])(?![^>]*\bngCspNonce=)/i, `<$1 ngCspNonce="${nonce}"`);
  return stamped.slice(0, body) + rest;
}

/** index.html, re-read when the file changes so a rebuilt dashboard needs no API restart. */
class IndexPage {
  private cached: { mtimeMs: number; html: string } | undefined;
  constructor(private readonly file: string) {}

  read(): string | undefined {
    try {
      const { mtimeMs } = statSync(this.file);
      if (!this.cached || this.cached.mtimeMs !== mtimeMs) this.cached = { mtimeMs, html: readFileSync(this.file, 'utf8') };
      return this.cached.html;
    } catch {
      this.cached = undefined;
      return undefined;
    }
  }
}

/**
 * Serves the built dashboard for every GET outside /api: files as they are, and index.html for
 * any other path so Angular's router can handle deep links (/inbox/123). Paths with a file
 * extension that do not exist stay 404 rather than getting HTML where a script was expected.
 */
export function serveDashboard(app: NestExpressApplication, dist: string): void {
  const indexPage = new IndexPage(join(dist, 'index.html'));
  if (indexPage.read() === undefined) {
    logger.warn(`No dashboard build at ${dist} (index.html missing): run \`npm run build:dashboard\`. Non-API pages answer 404 until then.`);
  } else {
    logger.log(`Serving the dashboard from ${dist}`);
  }

  app.useStaticAssets(dist, {
    index: false,
    fallthrough: true,
    dotfiles: 'ignore',
    setHeaders: (res: Response, path: string) => {
      res.setHeader('Cache-Control', HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || extname(req.path) !== '') return next();
    const html = indexPage.read();
    res.setHeader('Cache-Control', 'no-store');
    if (html === undefined) {
      res.status(404).type('html').send(DASHBOARD_MISSING_PAGE);
      return;
    }
    res.status(200).type('html').send(stampNonce(html, String(res.locals.cspNonce)));
  });
}
