import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback copy of Apple's customer-reviews RSS:
 * `/{country}/rss/customerreviews[/page=N]/id={appId}/sortby={mostrecent|mosthelpful}/{json|xml}`.
 * 50 reviews a page, at most 10 pages, newest first, every JSON value wrapped in `{label}`, ratings
 * and ids as strings, no dates on JSON entries (correction 56), `link` hrefs pointing at the XML
 * endpoint with `?urlDesc=` (correction 57), no `entry` key for an app without reviews
 * (correction 58), `entry` as an object for exactly one review, two `<content>` elements in XML
 * (correction 59), and optionally the app's own metadata as the first entry (correction 60).
 */

export interface AppStoreReviewInput {
  id?: string;
  title?: string;
  text?: string;
  rating?: number;
  version?: string;
  author?: string;
  updated?: Date;
  voteSum?: number;
  voteCount?: number;
}

interface StoredReview extends Required<AppStoreReviewInput> {
  appId: string;
  country: string;
}

export class AppStoreFakeServer extends FakeApiServer {
  pageSize = 50;
  /** Older captures start with the app's metadata entry (no `im:rating`). */
  metadataEntry = false;
  /** Real feeds sometimes answer `mostrecent` JSON with an empty page in the middle. */
  emptyJsonPages = new Set<number>();
  private readonly reviews: StoredReview[] = [];
  private nextId = 11_223_344_000n;
  private clock = Date.UTC(2026, 10, 20, 8, 0, 0);

  constructor() {
    super();
    this.route('GET', /^\/(?<country>[a-z]{2})\/rss\/customerreviews(?:\/page=(?<page>\d+))?\/id=(?<appId>\d+)\/sort[bB]y=(?<sort>\w+)\/(?<format>json|xml)$/, (req) => this.feed(req));
  }

  /** Adds a review (newest) for an app in a storefront; returns its id. */
  addReview(appId: string, country: string, input: AppStoreReviewInput = {}): string {
    this.clock += 60_000;
    const id = input.id ?? String(this.nextId++);
    this.reviews.push({
      appId,
      country,
      id,
      title: input.title ?? `Recensione ${id}`,
      text: input.text ?? `Testo della recensione ${id}.`,
      rating: input.rating ?? 3,
      version: input.version ?? '5.4.1',
      author: input.author ?? `utente_${id.slice(-4)}`,
      updated: input.updated ?? new Date(this.clock),
      voteSum: input.voteSum ?? 0,
      voteCount: input.voteCount ?? 0,
    });
    return id;
  }

  /** An edited review keeps its id and gets a new date, so it moves to the top. */
  editReview(id: string, text: string, rating?: number): void {
    const review = this.reviews.find((r) => r.id === id);
    if (!review) throw new Error(`no review ${id}`);
    this.clock += 60_000;
    review.text = text;
    if (rating !== undefined) review.rating = rating;
    review.updated = new Date(this.clock);
  }

  private feed(req: FakeRequest): FakeResponse {
    const { country, appId, format } = req.params;
    const page = Number(req.params.page ?? '1');
    if (page < 1 || page > 10) return { status: 400, headers: { 'content-type': 'text/html' }, body: '<html><body>Bad Request</body></html>' };
    const all = this.reviews
      .filter((r) => r.appId === appId && r.country === country)
      .sort((a, b) => b.updated.getTime() - a.updated.getTime() || (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, 10 * this.pageSize);
    const last = Math.max(1, Math.ceil(all.length / this.pageSize));
    let slice = all.slice((page - 1) * this.pageSize, page * this.pageSize);
    if (format === 'json' && this.emptyJsonPages.has(page)) slice = [];
    const self = (p: number, f: string) => `https://itunes.apple.com/${country}/rss/customerreviews/page=${p}/id=${appId}/sortby=mostrecent/${f}`;
    // Correction 57: the hrefs point at the XML endpoint even in the JSON variant.
    const linkHref = (p: number) => `${self(p, 'xml')}?urlDesc=/customerreviews/page=${p}/id=${appId}/sortby=mostrecent/${format}`;
    const links = { alternate: `https://apps.apple.com/WebObjects/MZStore.woa/wa/viewGrouping?cc=${country}&id=1`, self: self(page, format), first: linkHref(1), last: linkHref(last), previous: linkHref(Math.max(1, page - 1)), next: linkHref(Math.min(last, page + 1)) };
    const updated = new Date(this.clock).toISOString().replace('Z', '-07:00');
    return format === 'json' ? this.json(slice, links, updated, page, appId) : this.xml(slice, links, updated, page, appId, country);
  }

  private json(slice: StoredReview[], links: Record<string, string>, updated: string, page: number, appId: string): FakeResponse {
    const entries: unknown[] = slice.map((r) => ({
      author: { uri: { label: `https://itunes.apple.com/${r.country}/reviews/id${r.id.slice(-8)}` }, name: { label: r.author }, label: '' },
      'im:version': { label: r.version },
      'im:rating': { label: String(r.rating) },
      id: { label: r.id },
      title: { label: r.title },
      content: { label: r.text, attributes: { type: 'text' } },
      link: { attributes: { rel: 'related', href: `https://itunes.apple.com/${r.country}/review?id=${appId}&type=Purple%20Software` } },
      'im:voteSum': { label: String(r.voteSum) },
      'im:contentType': { attributes: { term: 'Application', label: 'Applicazione' } },
      'im:voteCount': { label: String(r.voteCount) },
    }));
    if (this.metadataEntry && page === 1 && entries.length) entries.unshift(this.metadataJson(appId));
    const feed: Record<string, unknown> = {
      author: { name: { label: 'iTunes Store' }, uri: { label: 'http://www.apple.com/it/itunes/' } },
      updated: { label: updated },
      rights: { label: 'Copyright 2008 Apple Inc.' },
      title: { label: 'iTunes Store: Recensioni dei clienti' },
      icon: { label: 'http://itunes.apple.com/favicon.ico' },
      link: Object.entries(links).map(([rel, href]) => ({ attributes: rel === 'alternate' ? { rel, type: 'text/html', href } : { rel, href } })),
      id: { label: links.self },
    };
    // Correction 58: no reviews, no `entry` key; one review, an object instead of an array.
    if (entries.length === 1) feed.entry = entries[0];
    else if (entries.length > 1) feed.entry = entries;
    return { headers: { 'content-type': 'application/json; charset=utf-8' }, body: { feed } };
  }

  private metadataJson(appId: string): unknown {
    return {
      'im:name': { label: 'Vela Mobile' },
      rights: { label: '© Vela' },
      'im:price': { label: 'Gratis', attributes: { amount: '0.00000', currency: 'EUR' } },
      id: { label: `https://apps.apple.com/it/app/vela-mobile/id${appId}?uo=2`, attributes: { 'im:id': appId, 'im:bundleId': 'it.vela.mobile' } },
      title: { label: 'Vela Mobile - Vela S.p.A.' },
      'im:releaseDate': { label: '2015-03-01T00:00:00-07:00', attributes: { label: '1 marzo 2015' } },
    };
  }

  private xml(slice: StoredReview[], links: Record<string, string>, updated: string, page: number, appId: string, country: string): FakeResponse {
    const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const entries = slice.map(
      (r) => `	<entry>
		<updated>${r.updated.toISOString().replace('.000Z', '-00:00')}</updated>
		<id>${r.id}</id>
		<title>${esc(r.title)}</title>
		<content type="text">${esc(r.text)}</content>
		<link rel="related" href="https://itunes.apple.com/${country}/review?id=${appId}&amp;type=Purple%20Software"/>
		<im:voteSum>${r.voteSum}</im:voteSum>
		<im:contentType term="Application" label="Applicazione"/>
		<im:voteCount>${r.voteCount}</im:voteCount>
		<im:rating>${r.rating}</im:rating>
		<im:version>${esc(r.version)}</im:version>
		<author><name>${esc(r.author)}</name><uri>https://itunes.apple.com/${country}/reviews/id${r.id.slice(-8)}</uri><label></label></author>
		<content type="html">${esc(`<table border="0" width="100%"><tr><td><b>${esc(r.title)}</b><br/>${esc(r.text)}</td></tr><tr><td><font size="2">Versione ${esc(r.version)}</font></td></tr></table>`)}</content>
	</entry>`,
    );
    const metadata =
      this.metadataEntry && page === 1 && slice.length
        ? `	<entry>\n		<updated>${updated}</updated>\n		<id>https://apps.apple.com/${country}/app/id${appId}?uo=2</id>\n		<title>Vela Mobile - Vela S.p.A.</title>\n		<im:name>Vela Mobile</im:name>\n		<content type="text"></content>\n	</entry>\n`
        : '';
    const linkXml = Object.entries(links)
      .map(([rel, href]) => `	<link rel="${rel}"${rel === 'alternate' ? ' type="text/html"' : ''} href="${esc(href)}"/>`)
      .join('\n');
    const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns:im="http://itunes.apple.com/rss" xmlns="http://www.w3.org/2005/Atom" xml:lang="${country}">
	<id>${esc(links.self)}</id><title>iTunes Store: Recensioni dei clienti</title><updated>${updated}</updated>
${linkXml}
	<icon>http://itunes.apple.com/favicon.ico</icon><author><name>iTunes Store</name><uri>http://www.apple.com/${country}/itunes/</uri></author><rights>Copyright 2008 Apple Inc.</rights>
${metadata}${entries.join('\n')}
</feed>
`;
    return { headers: { 'content-type': 'text/xml; charset=UTF-8' }, body };
  }
}
