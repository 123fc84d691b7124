import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-ascolto-signature';
export const TIMESTAMP_HEADER = 'x-ascolto-timestamp';
/** How far the sender's clock may be from ours; older requests are refused as possible replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<raw body bytes>`. */
export function signWebhookBody(secret: string, timestamp: string, body: Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
  return `sha256=${mac}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a webhook request's signature over the exact bytes received. The timestamp is part of
 * what is signed, so a captured request cannot be replayed later with a fresh timestamp, and
 * one older (or newer) than the tolerance is refused. The comparison takes the same time
 * wherever the digests differ.
 */
export function verifyWebhookSignature(opts: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { signature, timestamp } = opts;
  if (!signature || !timestamp) return { ok: false, reason: 'missing X-Ascolto-Signature or X-Ascolto-Timestamp' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Ascolto-Timestamp must be Unix seconds' };
  const skew = Math.abs(opts.now.getTime() / 1000 - Number(timestamp));
  if (skew > (opts.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: 'X-Ascolto-Timestamp is too far from the current time' };
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature.trim());
  if (!match) return { ok: false, reason: 'X-Ascolto-Signature must be sha256=<64 hex characters>' };
  const expected = Buffer.from(signWebhookBody(opts.secret, timestamp, opts.body).slice('sha256='.length), 'hex');
  const given = Buffer.from(match[1], 'hex');
  if (!timingSafeEqual(expected, given)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
