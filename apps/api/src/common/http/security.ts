import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Swagger UI ships inline <style> blocks; it gets a looser style policy than the dashboard. */
export const DOCS_PATH = '/api/docs';

function nonceOf(res: ServerResponse): string {
  return (res as Response).locals?.cspNonce as string;
}

function isDocs(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url === DOCS_PATH || url.startsWith(`${DOCS_PATH}/`) || url.startsWith(`${DOCS_PATH}-`);
}

/** A fresh nonce per response; the dashboard's index.html carries it on its <script>/<style> tags. */
export function cspNonce(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
}

/**
 * Security headers. The Content-Security-Policy lets a page run only our own files and the inline
 * tags we stamped with this response's nonce (Angular adds it to the styles it injects at run
 * time, via ngCspNonce). Mention text is untrusted: even if some ever slipped into markup, an
 * injected script or style would not run. HSTS is sent only when cookies are Secure, i.e. when
 * the API is known to be served over https.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  const nonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${nonceOf(res)}'`;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonce],
        styleSrc: ["'self'", (req, res) => (isDocs(req) ? "'unsafe-inline'" : nonce(req, res))],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  }) as RequestHandler;
}
