import { pushItemHash, validatePushItem, wellFormedText } from './push-item';

const NOW = new Date('2026-11-20T12:00:00Z');

function ok(input: unknown) {
  const result = validatePushItem(input, NOW);
  if (!result.ok) throw new Error(`expected a valid item, got: ${result.reason}`);
  return result.item;
}
function reason(input: unknown): string {
  const result = validatePushItem(input, NOW);
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

describe('validatePushItem', () => {
  it('takes a full item and returns it in canonical form', () => {
    expect(
      ok({
        id: 'wamid.HBgL',
        text: '<p>Il pacco non è arrivato &amp; nessuno risponde</p>',
        title: 'Ordine 123',
        url: 'https://example.com/m/1',
        publishedAt: '2026-11-20T10:00:00+01:00',
        editedAt: 1_763_640_000,
        author: { name: 'Maria', handle: '+393331234567', url: 'https://example.com/u/maria', followers: '12' },
        inReplyTo: 42,
        language: 'it_IT',
        engagement: { replies: 1, likes: 0 },
        rating: '4',
      }),
    ).toEqual({
      id: 'wamid.HBgL',
      text: '<p>Il pacco non è arrivato &amp; nessuno risponde</p>',
      title: 'Ordine 123',
      url: 'https://example.com/m/1',
      publishedAt: '2026-11-20T09:00:00.000Z',
      editedAt: '2025-11-20T12:00:00.000Z',
      author: { name: 'Maria', handle: '+393331234567', url: 'https://example.com/u/maria', followers: 12 },
      inReplyTo: '42',
      language: 'it-it',
      engagement: { replies: 1, likes: 0 },
      rating: 4,
      deleted: false,
      deletedAt: null,
    });
  });

  it('takes a minimal item: id, text and date', () => {
    const item = ok({ id: 7, text: 'ciao', publishedAt: '2026-11-20T11:59:00Z' });
    expect(item).toMatchObject({ id: '7', title: null, url: null, author: { name: null, handle: null, url: null, followers: null }, engagement: null });
  });

  it('takes the channel the sender says the item was written to the brand through, and leaves it out when not given', () => {
    const base = { id: 'c1', text: 'Il pacco è arrivato aperto', publishedAt: '2026-11-20T11:59:00Z' };
    expect(ok({ ...base, brandChannel: ' direct_message ' }).brandChannel).toBe('direct_message');
    // Absent, not null: items stored before the field existed keep their hash.
    expect('brandChannel' in ok(base)).toBe(false);
    expect('brandChannel' in ok({ ...base, brandChannel: null })).toBe(false);
    expect(pushItemHash(ok({ ...base, brandChannel: 'own_page' }))).not.toBe(pushItemHash(ok(base)));
  });

  it('takes a deletion without text or date', () => {
    expect(ok({ id: 'm1', deleted: true })).toMatchObject({ id: 'm1', deleted: true, text: '', deletedAt: NOW.toISOString() });
  });

  it.each([
    [null, 'item must be a JSON object'],
    [['a'], 'item must be a JSON object'],
    [{ text: 'x', publishedAt: '2026-11-20T10:00:00Z' }, 'id is required'],
    [{ id: '1', publishedAt: '2026-11-20T10:00:00Z' }, 'text is required'],
    [{ id: '1', text: '   ', publishedAt: '2026-11-20T10:00:00Z' }, 'text is required'],
    [{ id: '1', text: 'x' }, 'publishedAt is required'],
    [{ id: '1', text: 'x', publishedAt: 'yesterday' }, 'publishedAt is not a date'],
    [{ id: '1', text: 'x', publishedAt: '1970-01-01T00:00:00Z' }, 'publishedAt is out of range'],
    [{ id: '1', text: 'x', publishedAt: '2027-01-01T00:00:00Z' }, 'publishedAt is out of range'],
    [{ id: '1', text: 42, publishedAt: '2026-11-20T10:00:00Z' }, 'text must be text'],
    [{ id: { $gt: '' }, text: 'x', publishedAt: '2026-11-20T10:00:00Z' }, 'id must be text'],
    [{ id: 'x'.repeat(513), text: 'x', publishedAt: '2026-11-20T10:00:00Z' }, 'id is longer than 512 characters'],
    [{ id: '1', text: 'x'.repeat(100_001), publishedAt: '2026-11-20T10:00:00Z' }, 'text is longer than 100000 characters'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', url: 'javascript:alert(1)' }, 'url must be an absolute http(s) URL'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', author: { url: 'data:text/html,<script>' } }, 'author.url must be an absolute http(s) URL'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', author: { name: 'a', isAdmin: true } }, 'unknown field author.isAdmin'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', __proto__x: 1 }, 'unknown field __proto__x'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', engagement: { likes: -1 } }, 'engagement.likes must be a whole number ≥ 0'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', rating: 6 }, 'rating must be a number from 1 to 5'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', deleted: 'yes' }, 'deleted must be true or false'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', language: '<script>' }, 'language must be a language code such as it or en-GB'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', brandChannel: 'email' }, 'brandChannel must be one of direct_message, own_page, account_mention'],
    [{ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', brandChannel: ['own_page'] }, 'brandChannel must be one of direct_message, own_page, account_mention'],
  ])('refuses %j: %s', (input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it('never echoes the offending value in the reason', () => {
    expect(reason({ id: '1', text: 'x', publishedAt: '2026-11-20T10:00:00Z', url: 'javascript:steal()' })).not.toContain('steal');
  });

  it('keeps HTML as sent but drops NUL and replaces lone surrogates (PostgreSQL refuses both)', () => {
    const item = ok({ id: 'a\u0000b', text: '<img src=x onerror=alert(1)>\u0000 \uD83D rotto', publishedAt: '2026-11-20T10:00:00Z' });
    expect(item.id).toBe('ab');
    expect(item.text).toBe('<img src=x onerror=alert(1)> \uFFFD rotto');
    expect(wellFormedText('ok 😀')).toBe('ok 😀');
  });
});

describe('pushItemHash', () => {
  const base = { id: 'm1', text: 'prima', publishedAt: '2026-11-20T10:00:00Z' };
  it('is the same for the same item and differs for an edit', () => {
    expect(pushItemHash(ok(base))).toBe(pushItemHash(ok({ ...base })));
    expect(pushItemHash(ok(base))).not.toBe(pushItemHash(ok({ ...base, text: 'dopo' })));
  });
  it('treats a deletion sent twice (at different times) as one', () => {
    const first = validatePushItem({ id: 'm1', deleted: true }, NOW);
    const again = validatePushItem({ id: 'm1', deleted: true, deletedAt: '2026-11-20T11:00:00Z' }, NOW);
    expect(first.ok && again.ok && pushItemHash(first.item) === pushItemHash(again.item)).toBe(true);
    expect(pushItemHash(ok(base))).not.toBe(first.ok && pushItemHash(first.item));
  });
});
