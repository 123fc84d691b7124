import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/*
 * A fake feed host on 127.0.0.1 for tests and the demo. It speaks the parts of real feed servers
 * that collectors depend on: RSS 2.0 or Atom per path, ETag / Last-Modified validators with 304
 * answers, and on request the failures real feeds produce (error statuses, slowness, redirect
 * loops, HTML instead of a feed). Test code only: never started by the product.
 */

export interface FeedItem {
  guid: string;
  title: string;
  link: string;
  /** May contain HTML; it is escaped into the XML, as real feeds do. */
  description: string;
  author?: string;
  pubDate: Date;
}

export type FeedFormat = 'rss' | 'atom';

export interface FeedFault {
  /** Answer with this status (and `body`, if given) instead of the feed. */
  status?: number;
  body?: string | Buffer;
  /** Extra response headers (e.g. `content-encoding`) for a faulty answer. */
  headers?: Record<string, string>;
  /** Wait this long before sending headers. */
  delayMs?: number;
  /** Send headers and half a body, then stall this long before finishing. */
  stallBodyMs?: number;
  /** 302 to the same path (with a counter), forever. */
  redirectLoop?: boolean;
  /** 302 to this absolute URL. */
  redirectTo?: string;
  /** Serve an HTML page with status 200. */
  notAFeed?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Query string included. */
  url: string;
  headers: IncomingHttpHeaders;
  at: Date;
}

export interface LoopbackFeedServerOptions {
  /** Items kept per path, newest first; real feeds are windows too. Default 200. */
  windowSize?: number;
}

interface FeedState {
  items: FeedItem[];
  format: FeedFormat;
  title: string;
  /** Last time the content of this path changed (HTTP dates have second precision). */
  changedAt: Date;
}

export class LoopbackFeedServer {
  readonly requests: RecordedRequest[] = [];
  private readonly feeds = new Map<string, FeedState>();
  private readonly faults = new Map<string, FeedFault>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly windowSize: number;
  private server: Server | null = null;
  private base: string | null = null;

  constructor(options: LoopbackFeedServerOptions = {}) {
    this.windowSize = options.windowSize ?? 200;
  }

  /** Listens on 127.0.0.1 on a free port; resolves to the base URL (`http://127.0.0.1:PORT`). */
  async start(): Promise<string> {
    if (this.base) return this.base;
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return this.base;
  }

  get baseUrl(): string {
    if (!this.base) throw new Error('LoopbackFeedServer is not started');
    return this.base;
  }

  /** The full URL of a path on this server. */
  url(path: string): string {
    return `${this.baseUrl}${normalisePath(path)}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = null;
    this.base = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Replaces the items at a path. The format is RSS 2.0 unless given, or unless the path ends in
   * `.atom` or contains `atom`.
   */
  setItems(path: string, items: FeedItem[], options: { format?: FeedFormat; title?: string } = {}): void {
    const key = normalisePath(path);
    const previous = this.feeds.get(key);
    this.feeds.set(key, {
      items: sortNewestFirst(items).slice(0, this.windowSize),
      format: options.format ?? previous?.format ?? defaultFormat(key),
      title: options.title ?? previous?.title ?? `Loopback feed ${key}`,
      changedAt: new Date(),
    });
  }

  addItem(path: string, item: FeedItem): void {
    const key = normalisePath(path);
    const state = this.feeds.get(key);
    this.setItems(key, [item, ...(state?.items ?? [])]);
  }

  setFormat(path: string, format: FeedFormat): void {
    const key = normalisePath(path);
    const state = this.feeds.get(key);
    if (state) state.format = format;
    else this.setItems(key, [], { format });
  }

  items(path: string): FeedItem[] {
    return [...(this.feeds.get(normalisePath(path))?.items ?? [])];
  }

  setFault(path: string, fault: FeedFault | null): void {
    const key = normalisePath(path);
    if (fault) this.faults.set(key, fault);
    else this.faults.delete(key);
  }

  requestsFor(path: string): RecordedRequest[] {
    const key = normalisePath(path);
    return this.requests.filter((r) => r.path === key);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const parsed = new URL(req.url ?? '/', 'http://loopback');
    const path = parsed.pathname;
    this.requests.push({ method: req.method ?? 'GET', path, url: req.url ?? '/', headers: { ...req.headers }, at: new Date() });
    const fault = this.faults.get(path);
    const respond = () => {
      if (res.destroyed) return;
      if (fault) {
        if (this.serveFault(path, parsed, fault, res)) return;
      }
      this.serveFeed(path, req, res, fault);
    };
    if (fault?.delayMs) this.later(fault.delayMs, respond);
    else respond();
  }

  /** Returns true when the fault produced the whole answer. */
  private serveFault(path: string, parsed: URL, fault: FeedFault, res: ServerResponse): boolean {
    if (fault.redirectLoop) {
      const hop = Number(parsed.searchParams.get('hop') ?? '0') + 1;
      res.writeHead(302, { location: `${path}?hop=${hop}`, 'content-length': '0' }).end();
      return true;
    }
    if (fault.redirectTo) {
      res.writeHead(302, { location: fault.redirectTo, 'content-length': '0' }).end();
      return true;
    }
    if (fault.notAFeed) {
      const html = '<!doctype html><html><head><title>Benvenuto</title></head><body><h1>Pagina non trovata</h1><p>Questa non è un feed.</p></body></html>';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...fault.headers }).end(html);
      return true;
    }
    if (fault.status !== undefined || fault.body !== undefined) {
      const body = fault.body ?? `Error ${fault.status}`;
      res.writeHead(fault.status ?? 200, { 'content-type': 'text/plain; charset=utf-8', ...fault.headers });
      if (fault.stallBodyMs) {
        const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
        res.write(buf.subarray(0, Math.floor(buf.length / 2)));
        this.later(fault.stallBodyMs, () => res.end(buf.subarray(Math.floor(buf.length / 2))));
      } else {
        res.end(body);
      }
      return true;
    }
    return false;
  }

  private serveFeed(path: string, req: IncomingMessage, res: ServerResponse, fault: FeedFault | undefined): void {
    const state = this.feeds.get(path);
    if (!state) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const body = state.format === 'atom' ? renderAtom(state, this.url(path)) : renderRss(state, this.url(path));
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    const lastModified = httpDate(state.changedAt);
    const headers = {
      'content-type': state.format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8',
      etag,
      'last-modified': lastModified,
    };
    if (isNotModified(req.headers, etag, state.changedAt)) {
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    if (fault?.stallBodyMs) {
      res.writeHead(200, headers);
      res.write(body.slice(0, Math.floor(body.length / 2)));
      this.later(fault.stallBodyMs, () => res.end(body.slice(Math.floor(body.length / 2))));
      return;
    }
    res.writeHead(200, headers).end(body);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}

/** RFC 9110: If-None-Match wins over If-Modified-Since when both are present. */
function isNotModified(headers: IncomingHttpHeaders, etag: string, changedAt: Date): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch) {
    return ifNoneMatch
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === etag || t === '*');
  }
  const since = headers['if-modified-since'];
  if (since) {
    const at = Date.parse(since);
    return !Number.isNaN(at) && Math.floor(changedAt.getTime() / 1000) <= Math.floor(at / 1000);
  }
  return false;
}

function normalisePath(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return p.split('?')[0];
}

function defaultFormat(path: string): FeedFormat {
  return path.endsWith('.atom') || path.includes('atom') ? 'atom' : 'rss';
}

function sortNewestFirst(items: FeedItem[]): FeedItem[] {
  return [...items].sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime());
}

function httpDate(date: Date): string {
  return date.toUTCString();
}

/** XML text escaping. Control characters that XML 1.0 forbids are dropped rather than breaking the document. */
export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function renderRss(state: FeedState, selfUrl: string): string {
  const items = state.items
    .map(
      (item) => `    <item>
      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(item.link)}</link>
      <description>${escapeXml(item.description)}</description>${item.author ? `\n      <dc:creator>${escapeXml(item.author)}</dc:creator>` : ''}
      <pubDate>${item.pubDate.toUTCString()}</pubDate>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(state.title)}</title>
    <link>${escapeXml(selfUrl)}</link>
    <atom:link href="${escapeXml(selfUrl)}" rel="self" type="application/rss+xml"/>
    <description>${escapeXml(state.title)}</description>
    <language>it-it</language>
    <lastBuildDate>${state.changedAt.toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}

function renderAtom(state: FeedState, selfUrl: string): string {
  const entries = state.items
    .map(
      (item) => `  <entry>
    <id>${escapeXml(item.guid)}</id>
    <title type="text">${escapeXml(item.title)}</title>
    <link rel="alternate" href="${escapeXml(item.link)}"/>
    <published>${item.pubDate.toISOString()}</published>
    <updated>${item.pubDate.toISOString()}</updated>${item.author ? `\n    <author><name>${escapeXml(item.author)}</name></author>` : ''}
    <content type="html">${escapeXml(item.description)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(selfUrl)}</id>
  <title>${escapeXml(state.title)}</title>
  <link rel="self" href="${escapeXml(selfUrl)}"/>
  <updated>${state.changedAt.toISOString()}</updated>
${entries}
</feed>
`;
}
