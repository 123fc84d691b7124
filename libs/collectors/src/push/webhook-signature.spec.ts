import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'a-long-enough-signing-secret';
const NOW = new Date('2026-11-20T12:00:00Z');
const TS = String(NOW.getTime() / 1000);
const BODY = Buffer.from('{"items":[{"id":"1","text":"è ok","publishedAt":"2026-11-20T10:00:00Z"}]}');

describe('verifyWebhookSignature', () => {
  const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
    verifyWebhookSignature({ secret: SECRET, signature: signWebhookBody(SECRET, TS, BODY), timestamp: TS, body: BODY, now: NOW, ...over });

  it('signs "<timestamp>.<body>" with HMAC-SHA256 (what docs/webhooks.md tells senders)', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY.toString('utf8')}`).digest('hex');
    expect(signWebhookBody(SECRET, TS, BODY)).toBe(`sha256=${expected}`);
  });

  it('accepts a good signature, in upper-case hex too', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ signature: `sha256=${signWebhookBody(SECRET, TS, BODY).slice(7).toUpperCase()}` })).toEqual({ ok: true });
  });

  it('refuses another secret, a body changed by one byte, and another timestamp', () => {
    expect(check({ secret: `${SECRET}x` })).toEqual({ ok: false, reason: 'signature does not match' });
    const altered = Buffer.from(BODY);
    altered[altered.length - 3] ^= 1;
    expect(check({ body: altered })).toEqual({ ok: false, reason: 'signature does not match' });
    expect(check({ timestamp: String(Number(TS) - 1) })).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses stale and future timestamps beyond five minutes, even when signed', () => {
    const stale = String(Number(TS) - 301);
    expect(check({ timestamp: stale, signature: signWebhookBody(SECRET, stale, BODY) }).ok).toBe(false);
    const future = String(Number(TS) + 301);
    expect(check({ timestamp: future, signature: signWebhookBody(SECRET, future, BODY) }).ok).toBe(false);
    const edge = String(Number(TS) - 299);
    expect(check({ timestamp: edge, signature: signWebhookBody(SECRET, edge, BODY) })).toEqual({ ok: true });
  });

  it.each([
    [{ signature: undefined }, 'missing X-Ascolto-Signature or X-Ascolto-Timestamp'],
    [{ timestamp: undefined }, 'missing X-Ascolto-Signature or X-Ascolto-Timestamp'],
    [{ timestamp: '2026-11-20T12:00:00Z' }, 'X-Ascolto-Timestamp must be Unix seconds'],
    [{ signature: 'sha1=abc' }, 'X-Ascolto-Signature must be sha256=<64 hex characters>'],
    [{ signature: 'sha256=zz' }, 'X-Ascolto-Signature must be sha256=<64 hex characters>'],
  ])('refuses malformed headers %j', (over, reason) => {
    expect(check(over)).toEqual({ ok: false, reason });
  });
});
