import { TextDecoder } from 'node:util';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { OutboundRequestError, OutboundUrlRefusedError, safeUrlForMessage } from './outbound-errors';
import { type AllowList, checkUrlSyntax, compileAllowList, createGuardedLookup } from './outbound-guard';

export interface GuardedHttpClientOptions {
  /** Host names, IPs or CIDRs that may be reached although they are not public (tests, demo). */
  allowList?: string[];
  /** Whole request, all redirect hops and the body included. Default 15 s. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression. Default 5 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
}

export interface GuardedResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** The URL that produced this response, after redirects. */
  finalUrl: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_USER_AGENT = 'Ascolto/0.1 (+self-hosted social listening; feed reader)';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers a redirect to another origin must not carry along. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * The one HTTP client for URLs that users supply. It refuses non-http(s) schemes and non-public
 * addresses (see outbound-guard.ts), checks the address inside the socket's own DNS lookup,
 * follows redirects itself so that every hop is checked again, and enforces one deadline and one
 * size limit over the whole exchange. Statuses are returned, not thrown: the caller knows what a
 * 404 or a 304 means for it.
 */
export class GuardedHttpClient {
  private readonly allow: AllowList;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;
  private readonly agent: Agent;

  constructor(options: GuardedHttpClientOptions = {}) {
    this.allow = compileAllowList(options.allowList ?? []);
    this.timeoutMs = positiveOr(options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.maxBytes = positiveOr(options.maxBytes, DEFAULT_MAX_BYTES);
    this.maxRedirects = options.maxRedirects !== undefined && options.maxRedirects >= 0 ? Math.floor(options.maxRedirects) : DEFAULT_MAX_REDIRECTS;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.agent = new Agent({
      connect: { lookup: createGuardedLookup(this.allow), timeout: Math.min(this.timeoutMs, 10_000) },
      // Proxies are never taken from the environment by a plain Agent, which is what we want: a
      // proxy would connect on our behalf to whatever the hostname resolves to on its side.
      keepAliveTimeout: 4_000,
    });
  }

  async get(url: string, opts: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<GuardedResponse> {
    return this.request('GET', url, opts);
  }

  /**
   * Any method. A body is sent as given (the caller sets its content type). Redirects: 307/308
   * repeat the method and body, 301/302/303 continue as a GET without a body, as browsers do.
   */
  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    opts: { headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
  ): Promise<GuardedResponse> {
    let current = checkUrlSyntax(url, this.allow);
    let headers = this.buildHeaders(opts.headers);
    let currentMethod = method;
    let requestBody = opts.body;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (let hop = 0; ; hop++) {
        const response = await this.dispatch(current, currentMethod, headers, requestBody, controller.signal, url);
        const location = headerValue(response.headers.location);
        if (REDIRECT_STATUSES.has(response.statusCode) && location) {
          await discard(response.body);
          if (hop >= this.maxRedirects) {
            throw new OutboundRequestError('too_many_redirects', `More than ${this.maxRedirects} redirects starting at ${safeUrlForMessage(url)}`);
          }
          let next: URL;
          try {
            next = new URL(location, current);
          } catch {
            throw new OutboundRequestError('network', `Invalid redirect location from ${safeUrlForMessage(current.toString())}`);
          }
          next = checkUrlSyntax(next.toString(), this.allow);
          if (next.origin !== current.origin) headers = withoutCredentials(headers);
          if (response.statusCode !== 307 && response.statusCode !== 308 && currentMethod !== 'GET') {
            currentMethod = 'GET';
            requestBody = undefined;
            delete headers['content-type'];
          }
          current = next;
          continue;
        }
        const body = await this.readBody(response, controller.signal, current);
        return {
          status: response.statusCode,
          headers: flattenHeaders(response.headers),
          body,
          finalUrl: current.toString(),
        };
      }
    } catch (err) {
      if (opts.signal?.aborted) throw new OutboundRequestError('aborted', `Request to ${safeUrlForMessage(url)} was cancelled`, { cause: err });
      throw this.translateError(err, controller.signal, url);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes pooled connections; call on shutdown. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private buildHeaders(extra: Record<string, string> | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    for (const [name, value] of Object.entries(extra ?? {})) {
      const key = name.toLowerCase();
      // The Host header follows the URL; letting a caller set it would defeat the address check's meaning.
      if (key === 'host' || key === 'connection' || key === 'content-length' || key === 'transfer-encoding') continue;
      headers[key] = value;
    }
    return headers;
  }

  private async dispatch(
    url: URL,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
    originalUrl: string,
  ): Promise<Dispatcher.ResponseData> {
    try {
      return await request(url, {
        method,
        headers,
        body,
        dispatcher: this.agent,
        signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (err) {
      const refused = findRefusal(err);
      if (refused) throw new OutboundUrlRefusedError(url.toString() === originalUrl ? originalUrl : url.toString(), refused.reason);
      throw err;
    }
  }

  private async readBody(response: Dispatcher.ResponseData, signal: AbortSignal, url: URL): Promise<string> {
    const declared = Number(headerValue(response.headers['content-length']));
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      response.body.destroy();
      throw tooLarge(url, this.maxBytes);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      if (signal.aborted) break;
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > this.maxBytes) {
        response.body.destroy();
        throw tooLarge(url, this.maxBytes);
      }
      chunks.push(buf);
    }
    if (signal.aborted) throw new OutboundRequestError('timeout', `Timed out after ${this.timeoutMs} ms`);
    const raw = this.decompress(Buffer.concat(chunks, size), headerValue(response.headers['content-encoding']), url);
    return decodeText(raw, headerValue(response.headers['content-type']));
  }

  /**
   * Decompression has its own output cap so a small gzip bomb cannot become gigabytes. Some feeds
   * send gzip without saying so; the magic bytes give them away.
   */
  private decompress(body: Buffer, encoding: string | undefined, url: URL): Buffer {
    const enc = (encoding ?? '').trim().toLowerCase();
    const gzipMagic = body.length > 2 && body[0] === 0x1f && body[1] === 0x8b;
    const limit = { maxOutputLength: this.maxBytes };
    try {
      if (enc === 'gzip' || enc === 'x-gzip' || (gzipMagic && (enc === '' || enc === 'identity'))) return gunzipSync(body, limit);
      if (enc === 'deflate') return inflateSync(body, limit);
      if (enc === 'br') return brotliDecompressSync(body, limit);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(url, this.maxBytes);
      throw new OutboundRequestError('network', `Could not decode ${enc || 'gzip'} body from ${safeUrlForMessage(url.toString())}`, { cause: err });
    }
    return body;
  }

  private translateError(err: unknown, signal: AbortSignal, url: string): Error {
    if (err instanceof OutboundUrlRefusedError || err instanceof OutboundRequestError) return err;
    if (signal.aborted) return new OutboundRequestError('timeout', `Timed out after ${this.timeoutMs} ms fetching ${safeUrlForMessage(url)}`, { cause: err });
    const code = (err as { code?: string }).code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new OutboundRequestError('timeout', `Timed out fetching ${safeUrlForMessage(url)} (${code})`, { cause: err });
    }
    const message = err instanceof Error ? err.message : String(err);
    return new OutboundRequestError('network', `Request to ${safeUrlForMessage(url)} failed: ${code ? `${code} ` : ''}${message}`, { cause: err });
  }
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function tooLarge(url: URL, maxBytes: number): OutboundRequestError {
  return new OutboundRequestError('too_large', `Response from ${safeUrlForMessage(url.toString())} exceeds ${maxBytes} bytes`);
}

/** undici may wrap the lookup's error (e.g. in an AggregateError when several addresses were tried). */
function findRefusal(err: unknown, depth = 0): OutboundUrlRefusedError | null {
  if (!err || depth > 4) return null;
  if (err instanceof OutboundUrlRefusedError) return err;
  const e = err as { cause?: unknown; errors?: unknown[] };
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = findRefusal(inner, depth + 1);
      if (found) return found;
    }
  }
  return findRefusal(e.cause, depth + 1);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const copy = { ...headers };
  for (const name of CREDENTIAL_HEADERS) delete copy[name];
  return copy;
}

async function discard(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump({ limit: 64 * 1024 });
  } catch {
    body.destroy();
  }
}

/**
 * Charset: the HTTP header first, then an XML declaration, else UTF-8. Unknown labels fall back to
 * UTF-8 rather than failing: a slightly garbled feed is better than none.
 */
export function decodeText(body: Buffer, contentType: string | undefined): string {
  let charset = /charset\s*=\s*"?([\w.:-]{1,40})/i.exec(contentType ?? '')?.[1];
  if (!charset) {
    const head = body.subarray(0, 256).toString('latin1');
    charset = /^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]{1,40})["']/i.exec(head.replace(/^\uFEFF|^\xEF\xBB\xBF/, ''))?.[1];
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body);
}
