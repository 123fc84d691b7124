import { parseJsonPage, parseXmlPage } from './appstore-feed';

const URL_ = 'https://itunes.apple.com/it/rss/customerreviews/page=1/id=123456789/sortby=mostrecent/json';

const jsonEntry = (id: string, extra: Record<string, unknown> = {}) => ({
  id: { label: id },
  author: { name: { label: 'Franci_88' }, uri: { label: 'https://itunes.apple.com/it/reviews/id99887766' }, label: '' },
  'im:rating': { label: '2' },
  'im:version': { label: '5.4.1' },
  title: { label: 'Login impossibile' },
  content: { label: "Dopo l'aggiornamento non riesco più ad accedere.", attributes: { type: 'text' } },
  link: { attributes: { rel: 'related', href: 'https://itunes.apple.com/it/review?id=123456789&type=Purple%20Software' } },
  'im:voteSum': { label: '4' },
  'im:voteCount': { label: '6' },
  'im:contentType': { attributes: { term: 'Application', label: 'Application' } },
  ...extra,
});

describe('App Store feed parsing', () => {
  it('reads a JSON page: labels, ratings as strings, no dates (correction 56), last page from an XML href (57)', () => {
    const page = parseJsonPage(
      {
        feed: {
          link: [
            { attributes: { rel: 'alternate', type: 'text/html', href: 'https://apps.apple.com/x' } },
            { attributes: { rel: 'last', href: 'https://itunes.apple.com/it/rss/customerreviews/page=8/id=123456789/sortby=mostrecent/xml?urlDesc=/customerreviews/id=123456789/sortBy=mostRecent/json' } },
          ],
          entry: [jsonEntry('11223344556'), jsonEntry('11223344555', { updated: { label: '2026-02-09T23:10:05-07:00' } })],
        },
      },
      URL_,
    );
    expect(page.lastPage).toBe(8);
    expect(page.entries).toBe(2);
    expect(page.reviews[0]).toEqual({
      id: '11223344556',
      title: 'Login impossibile',
      text: "Dopo l'aggiornamento non riesco più ad accedere.",
      rating: 2,
      version: '5.4.1',
      authorName: 'Franci_88',
      authorUri: 'https://itunes.apple.com/it/reviews/id99887766',
      updated: null,
      voteSum: 4,
      voteCount: 6,
    });
    expect(page.reviews[1].updated).toBe('2026-02-10T06:10:05.000Z');
  });

  it('takes a single-object entry, skips the metadata entry without im:rating (60), and reads a feed without entry (58)', () => {
    expect(parseJsonPage({ feed: { entry: jsonEntry('7') } }, URL_).reviews.map((r) => r.id)).toEqual(['7']);
    const withMeta = parseJsonPage({ feed: { entry: [{ 'im:name': { label: 'App' }, id: { label: 'https://apps.apple.com/it/app/id1' } }, jsonEntry('8')] } }, URL_);
    expect(withMeta.reviews.map((r) => r.id)).toEqual(['8']);
    expect(withMeta.entries).toBe(2);
    expect(parseJsonPage({ feed: { author: {}, link: [] } }, URL_)).toEqual({ reviews: [], lastPage: null, entries: 0 });
  });

  it('tolerates junk values and refuses a body that is not a feed', () => {
    const page = parseJsonPage({ feed: { entry: [null, 5, jsonEntry('x'), jsonEntry('9', { 'im:rating': { label: '7' } }), jsonEntry('10', { title: null, author: null, 'im:voteSum': { label: 'n/a' } })] } }, URL_);
    expect(page.reviews.map((r) => r.id)).toEqual(['10']);
    expect(page.reviews[0]).toMatchObject({ title: null, authorName: null, voteSum: null });
    expect(() => parseJsonPage({ results: [] }, URL_)).toThrow(/not answer with an App Store reviews feed/);
    expect(() => parseJsonPage(null, URL_)).toThrow(/feed/);
  });

  it('reads XML: the text content of the two <content> elements (59), dates, author, votes', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns:im="http://itunes.apple.com/rss" xmlns="http://www.w3.org/2005/Atom" xml:lang="it">
  <link rel="last" href="https://itunes.apple.com/it/rss/customerreviews/page=3/id=1/sortby=mostrecent/xml?urlDesc=/customerreviews/id=1/mostrecent/xml"/>
  <entry><updated>2026-07-15T16:06:18-07:00</updated><id>https://apps.apple.com/it/app/id1?uo=2</id><title>App</title><im:name>App</im:name><content type="text"></content></entry>
  <entry>
    <updated>2026-07-15T16:06:18-07:00</updated>
    <id>14307969504</id>
    <title>Troppo caro &amp; lento</title>
    <content type="text">Non funziona &lt;3 volte su 4</content>
    <link rel="related" href="https://itunes.apple.com/it/review?id=1&type=Purple%20Software"/>
    <im:voteSum>2</im:voteSum><im:voteCount>3</im:voteCount><im:rating>1</im:rating><im:version>3.5.2</im:version>
    <author><name>dtxvsk</name><uri>https://itunes.apple.com/it/reviews/id75018210</uri><label></label></author>
    <content type="html">&lt;table&gt;&lt;tr&gt;&lt;td&gt;ignored&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</content>
  </entry>
</feed>`;
    const page = parseXmlPage(xml, URL_);
    expect(page.lastPage).toBe(3);
    expect(page.entries).toBe(2);
    expect(page.reviews).toEqual([
      {
        id: '14307969504',
        title: 'Troppo caro & lento',
        text: 'Non funziona <3 volte su 4',
        rating: 1,
        version: '3.5.2',
        authorName: 'dtxvsk',
        authorUri: 'https://itunes.apple.com/it/reviews/id75018210',
        updated: '2026-07-15T23:06:18.000Z',
        voteSum: 2,
        voteCount: 3,
      },
    ]);
  });

  it('keeps whole entries of a truncated XML page and drops the cut one', () => {
    const entry = (id: number) => `<entry><updated>2026-07-15T16:06:18-07:00</updated><id>${id}</id><title>t</title><content type="text">x</content><im:rating>4</im:rating></entry>`;
    const xml = `<?xml version="1.0"?><feed xmlns:im="http://itunes.apple.com/rss" xmlns="http://www.w3.org/2005/Atom">${entry(1)}${entry(2)}${entry(3).slice(0, 70)}`;
    expect(parseXmlPage(xml, URL_).reviews.map((r) => r.id)).toEqual(['1', '2']);
    expect(() => parseXmlPage('<html><body>Service Unavailable</body></html>', URL_)).toThrow(/no <feed> element/);
    expect(parseXmlPage('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', URL_)).toEqual({ reviews: [], lastPage: null, entries: 0 });
  });
});
