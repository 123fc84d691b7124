import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../loopback-listen';

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
  /** The date exactly as the feed should write it (`mer, 16 nov 2022 10:00:00 +0100`); default RFC 822 / RFC 3339. */
  pubDateText?: string;
  /** phpBB/vBulletin: the forum the post is in. */
  forum?: string;
}

/**
 * `google-alerts`: Atom as Google Alerts writes it (redirect links, `<b>` around the alert's
 * term, empty author). `phpbb`: phpBB 3.1+ Atom (`app.php/feed`: CDATA, "Forum • Topic" titles,
 * the statistics footer, `xml:base` on content). `vbulletin`: vBulletin 3/4 `external.php?type=RSS2`,
 * declared ISO-8859-1 and sent as Windows-1252 bytes.
 */
export type FeedFormat = 'rss' | 'atom' | 'google-alerts' | 'phpbb' | 'vbulletin';

export interface FeedOptions {
  format?: FeedFormat;
  /** The feed's title; for `google-alerts` the alert's term. */
  title?: string;
  /** Text sent after the document, e.g. the PHP error phpBB boards print after `</feed>`. */
  trailer?: string;
  /** Text sent before the document (BOM, whitespace, a PHP warning). */
  preamble?: string;
  /** `xml:base` on the root element. */
  xmlBase?: string;
}

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
  trailer: string;
  preamble: string;
  xmlBase: string | null;
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
    this.base = await listenOnLoopback(server, this.sockets);
    this.server = server;
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
  setItems(path: string, items: FeedItem[], options: FeedOptions = {}): void {
    const key = normalisePath(path);
    const previous = this.feeds.get(key);
    this.feeds.set(key, {
      items: sortNewestFirst(items).slice(0, this.windowSize),
      format: options.format ?? previous?.format ?? defaultFormat(key),
      title: options.title ?? previous?.title ?? `Loopback feed ${key}`,
      trailer: options.trailer ?? previous?.trailer ?? '',
      preamble: options.preamble ?? previous?.preamble ?? '',
      xmlBase: options.xmlBase ?? previous?.xmlBase ?? null,
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
    const text = state.preamble + render(state, this.url(path)) + state.trailer;
    // vBulletin declares ISO-8859-1 and writes Windows-1252 bytes (curly quotes, €).
    const body: Buffer = state.format === 'vbulletin' ? encodeWindows1252(text) : Buffer.from(text, 'utf8');
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    const lastModified = httpDate(state.changedAt);
    const headers = {
      'content-type': CONTENT_TYPES[state.format],
      etag,
      'last-modified': lastModified,
    };
    if (isNotModified(req.headers, etag, state.changedAt)) {
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    if (fault?.stallBodyMs) {
      res.writeHead(200, headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      this.later(fault.stallBodyMs, () => res.end(body.subarray(Math.floor(body.length / 2))));
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

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  'google-alerts': 'text/xml; charset=UTF-8',
  phpbb: 'application/atom+xml',
  vbulletin: 'text/xml; charset=ISO-8859-1',
};

function render(state: FeedState, selfUrl: string): string {
  switch (state.format) {
    case 'atom':
      return renderAtom(state, selfUrl);
    case 'google-alerts':
      return renderGoogleAlerts(state);
    case 'phpbb':
      return renderPhpbb(state, selfUrl);
    case 'vbulletin':
      return renderVbulletin(state, selfUrl);
    default:
      return renderRss(state, selfUrl);
  }
}

function base(state: FeedState): string {
  return state.xmlBase ? ` xml:base="${escapeXml(state.xmlBase)}"` : '';
}

function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Google Alerts bolds the alert's term in titles and snippets. */
function bold(text: string, term: string): string {
  const words = term.replace(/^"|"$/g, '').trim();
  if (!words) return text;
  return text.replace(new RegExp(words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), (m) => `<b>${m}</b>`);
}

function alertHash(value: string): string {
  return BigInt(`0x${createHash('sha1').update(value).digest('hex').slice(0, 15)}`).toString().padStart(20, '1');
}

function renderGoogleAlerts(state: FeedState): string {
  const alertId = alertHash(state.title);
  const entries = state.items
    .map((item) => {
      const redirect = `https://www.google.com/url?rct=j&sa=t&url=${encodeURIComponent(item.link)}&ct=ga&cd=CAIyGjFiNGE0&usg=AOvVaw0${alertHash(item.guid).slice(0, 10)}`;
      return `<entry><id>tag:google.com,2013:googlealerts/feed:${escapeXml(alertHash(item.guid))}</id><title type="html">${escapeXml(bold(item.title, state.title))}</title><link href="${escapeXml(redirect)}"></link><published>${item.pubDate.toISOString().replace('.000', '')}</published><updated>${item.pubDate.toISOString().replace('.000', '')}</updated><content type="html">${escapeXml(`${bold(item.description, state.title)}&nbsp;...`)}</content><author><name></name></author></entry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing"${base(state)}><id>tag:google.com,2005:reader/user/01234567890123456789/state/com.google/alerts/${alertId}</id><title>Google Alert - ${escapeXml(state.title)}</title><link href="https://www.google.com/alerts/feeds/01234567890123456789/${alertId}" rel="self"></link><updated>${state.changedAt.toISOString().replace(/\.\d{3}/, '')}</updated>${entries}</feed>`;
}

function renderPhpbb(state: FeedState, selfUrl: string): string {
  const origin = new URL(selfUrl).origin;
  const entries = state.items
    .map((item) => {
      const forum = item.forum ?? 'Assistenza clienti';
      const when = item.pubDateText ?? item.pubDate.toISOString().replace('.000Z', '+00:00');
      return `<entry>
<author><name>${cdata(item.author ?? 'anonimo')}</name></author>
<updated>${when}</updated>
<published>${when}</published>
<id>${escapeXml(item.guid)}</id>
<link href="${escapeXml(item.link)}"/>
<title type="html">${cdata(`${forum} • ${item.title}`)}</title>

<category term="${escapeXml(forum)}" scheme="${origin}/viewforum.php?f=2" label="${escapeXml(forum)}"/>
<content type="html" xml:base="${escapeXml(item.link)}">${cdata(`
${item.description}<p>Statistiche: Inviato da <a href="./memberlist.php?mode=viewprofile&amp;u=2">${escapeXml(item.author ?? 'anonimo')}</a> — ${item.pubDate.toUTCString()}</p><hr />
`)}</content>
</entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it-it"${base(state)}>
<link rel="self" type="application/atom+xml" href="${escapeXml(selfUrl)}" />

<title>${escapeXml(state.title)}</title>
<subtitle>Il forum di assistenza</subtitle>
<link href="${origin}/index.php" />
<updated>${state.changedAt.toISOString().replace('.000Z', '+00:00')}</updated>

<author><name>${cdata(state.title)}</name></author>
<id>${escapeXml(selfUrl)}</id>

${entries}
</feed>`;
}

function renderVbulletin(state: FeedState, selfUrl: string): string {
  const origin = new URL(selfUrl).origin;
  const items = state.items
    .map(
      (item) => `		<item>
			<title>${escapeXml(item.title)}</title>
			<link>${escapeXml(item.link)}</link>
			<pubDate>${item.pubDateText ?? item.pubDate.toUTCString()}</pubDate>
			<description>${escapeXml(item.description)}</description>
			<content:encoded>${cdata(`<div>${item.description}</div>`)}</content:encoded>
			<category domain="${origin}/forumdisplay.php?f=2">${escapeXml(item.forum ?? 'Assistenza')}</category>
			<dc:creator>${escapeXml(item.author ?? 'Ospite')}</dc:creator>
			<guid isPermaLink="true">${escapeXml(item.guid)}</guid>
		</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="ISO-8859-1"?>

<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"${base(state)}>
	<channel>
		<title>${escapeXml(state.title)}</title>
		<link>${origin}/</link>
		<description>Questo è un feed XML di ${escapeXml(state.title)}</description>
		<language>it</language>
		<lastBuildDate>${state.changedAt.toUTCString()}</lastBuildDate>
		<generator>vBulletin</generator>
		<ttl>60</ttl>
		<image>
			<url>${origin}/images/misc/rss.png</url>
			<title>${escapeXml(state.title)}</title>
			<link>${origin}/</link>
		</image>
${items}
	</channel>
</rss>
`;
}

const WINDOWS_1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e,
  '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/** Windows-1252 bytes; characters it lacks become numeric references, as vBulletin writes them. */
export function encodeWindows1252(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else if (WINDOWS_1252[ch] !== undefined) bytes.push(WINDOWS_1252[ch]);
    else for (const b of Buffer.from(`&#${code};`, 'ascii')) bytes.push(b);
  }
  return Buffer.from(bytes);
}

function renderRss(state: FeedState, selfUrl: string): string {
  const items = state.items
    .map(
      (item) => `    <item>
      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(item.link)}</link>
      <description>${escapeXml(item.description)}</description>${item.author ? `\n      <dc:creator>${escapeXml(item.author)}</dc:creator>` : ''}
      <pubDate>${item.pubDateText ?? item.pubDate.toUTCString()}</pubDate>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"${base(state)}>
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
<feed xmlns="http://www.w3.org/2005/Atom"${base(state)}>
  <id>${escapeXml(selfUrl)}</id>
  <title>${escapeXml(state.title)}</title>
  <link rel="self" href="${escapeXml(selfUrl)}"/>
  <updated>${state.changedAt.toISOString()}</updated>
${entries}
</feed>
`;
}
