import { createHash } from 'node:crypto';
import { mentionId } from './mention-id';

describe('mentionId', () => {
  it('is the source type, a dash and 32 hex characters of sha256 over the NUL-joined parts', () => {
    const expected = createHash('sha256').update('rss\u0000https://feeds.example/a.xml\u0000guid-1').digest('hex').slice(0, 32);
    expect(mentionId('rss', 'https://feeds.example/a.xml', 'guid-1')).toBe(`rss-${expected}`);
    expect(mentionId('rss', 'k', 'e')).toMatch(/^rss-[0-9a-f]{32}$/);
  });

  it('is deterministic', () => {
    expect(mentionId('rss', 'https://feeds.example/a.xml', 'guid-1')).toBe(mentionId('rss', 'https://feeds.example/a.xml', 'guid-1'));
  });

  it('changes when any part changes', () => {
    const base = mentionId('rss', 'https://feeds.example/a.xml', 'guid-1');
    expect(mentionId('rss', 'https://feeds.example/b.xml', 'guid-1')).not.toBe(base);
    expect(mentionId('rss', 'https://feeds.example/a.xml', 'guid-2')).not.toBe(base);
  });

  it('keeps ("ab", "c") and ("a", "bc") apart thanks to the separator', () => {
    expect(mentionId('rss', 'ab', 'c')).not.toBe(mentionId('rss', 'a', 'bc'));
  });

  it('handles long and non-ASCII ids with a fixed-size result', () => {
    const id = mentionId('rss', 'https://feeds.example/' + 'x'.repeat(5000), 'tag:esempio.it,2026:perché-è-così 😡');
    expect(id).toHaveLength('rss-'.length + 32);
  });
});
