import { validatePushItem } from './push-item';
import { csvRecordToCandidate, ImportFormatError, ndjsonObjectToCandidate, normalizeExportDate, normalizeHeader, resolveImportHeader } from './import-rows';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('import rows', () => {
  it('normalises header spellings', () => {
    expect(normalizeHeader('\uFEFFFull-Text ')).toBe('full text');
    expect(normalizeHeader('Lingua_Ù')).toBe('lingua u');
  });

  it('maps a Brandwatch-like header, preferring the full text over the snippet', () => {
    const header = resolveImportHeader(['Date', 'Snippet', 'Full Text', 'Url', 'Author', 'Sentiment', 'Language', 'Twitter Followers', 'Custom']);
    expect(header.ignored).toEqual(['Custom']);
    const candidate = csvRecordToCandidate(
      ['2026-11-19 08:30:00.0', 'corto…', 'Il testo completo', 'https://example.com/p/1', 'Anna', 'negative', 'it', '1200', 'x'],
      header,
    );
    expect(candidate).toEqual({
      id: expect.stringMatching(/^row-[0-9a-f]{32}$/),
      text: 'Il testo completo',
      publishedAt: '2026-11-19T08:30:00.0Z',
      url: 'https://example.com/p/1',
      author: { name: 'Anna', followers: '1200' },
      language: 'it',
    });
    const checked = validatePushItem(candidate, NOW);
    expect(checked.ok && checked.item.publishedAt).toBe('2026-11-19T08:30:00.000Z');
    expect(checked.ok && checked.item.author.followers).toBe(1200);
  });

  it('falls back to the snippet when the full text is empty, and keys a row without id by its content', () => {
    const header = resolveImportHeader(['date', 'snippet', 'full text']);
    const a = csvRecordToCandidate(['2026-11-19T08:30:00Z', 'solo snippet', ''], header);
    const b = csvRecordToCandidate(['2026-11-19T08:30:00Z', 'solo snippet', ''], header);
    expect(a.text).toBe('solo snippet');
    expect(a.id).toBe(b.id);
    expect(csvRecordToCandidate(['2026-11-19T08:30:00Z', 'altro', ''], header).id).not.toBe(a.id);
  });

  it('refuses a file without a text or a date column', () => {
    expect(() => resolveImportHeader(['date', 'url'])).toThrow(ImportFormatError);
    expect(() => resolveImportHeader(['message', 'url'])).toThrow(/no date column/);
  });

  it('reads NDJSON in our own shape and with other tools\' names', () => {
    expect(ndjsonObjectToCandidate({ id: 5, text: 'ciao', publishedAt: '2026-11-19T08:30:00Z', author: { name: 'A', handle: '@a' }, engagement: { likes: 3 }, extra: 1 })).toEqual({
      id: '5',
      text: 'ciao',
      publishedAt: '2026-11-19T08:30:00Z',
      author: { name: 'A', handle: '@a' },
      engagement: { likes: 3 },
    });
    expect(ndjsonObjectToCandidate({ message: 'hi', created_time: '2026-11-19 08:30', shares: 2, deleted: 'no' })).toMatchObject({
      text: 'hi',
      publishedAt: '2026-11-19T08:30:00Z',
      engagement: { reposts: 2 },
      deleted: false,
    });
  });

  it('reads the channel an export says an item was written to the brand through', () => {
    expect(ndjsonObjectToCandidate({ id: 1, text: 'ciao', publishedAt: '2026-11-19T08:30:00Z', brandChannel: 'direct_message' })).toMatchObject({ brandChannel: 'direct_message' });
    expect(ndjsonObjectToCandidate({ id: 2, text: 'ciao', publishedAt: '2026-11-19T08:30:00Z', 'Canale del brand': 'own_page' })).toMatchObject({ brandChannel: 'own_page' });
  });

  it.each([
    ['01/03/2026 10:22', '2026-03-01T10:22:00.000Z'],
    ['1.3.2026', '2026-03-01T00:00:00.000Z'],
    ['31/02/2026', '31/02/2026'],
    ['2026-03-01T10:22:00+01:00', '2026-03-01T10:22:00+01:00'],
  ])('reads the export date %s as %s (day first, UTC)', (input, expected) => {
    expect(normalizeExportDate(input)).toBe(expected);
  });
});
