import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** The largest webhook request accepted (bytes of body). Larger requests get 413; split the batch. */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/** The path prefix (after the global /api prefix) of the webhook route. */
export const WEBHOOK_ROUTE = 'ingest/webhooks';
/** The path prefix of Meta's webhook (its X-Hub-Signature-256 covers the raw body too). */
export const META_WEBHOOK_ROUTE = 'ingest/meta';

export interface RawBodyRequest extends Request {
  /** The exact bytes received: signatures are computed over these, never over re-serialised JSON. */
  rawWebhookBody?: Buffer;
}

/**
 * Reads webhook bodies as raw bytes, whatever their content type, before the global JSON parser
 * runs (that parser then sees the body as read and leaves it alone). Mounted by the app factory
 * ahead of Nest's parsers, because a parsed-and-re-serialised body would not match the sender's
 * signature byte for byte. Its errors (413 too large, 400 bad encoding) reach the API's exception
 * filter like any body-parser error.
 */
export function webhookRawBody(limitBytes = WEBHOOK_MAX_BODY_BYTES): RequestHandler {
  const read = express.raw({ type: () => true, limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction) => {
    read(req, res, (error?: unknown) => {
      if (error) return next(error);
      const body = (req as { body?: unknown }).body;
      (req as RawBodyRequest).rawWebhookBody = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      next();
    });
  };
}
