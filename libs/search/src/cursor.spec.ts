import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './cursor';
import { InvalidQueryError } from './errors';

describe('cursor', () => {
  it('round-trips the sort values of each sort', () => {
    const newest = encodeCursor('newest', [1767225600000, 'rss-0123abcd']);
    expect(newest).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(newest, 'newest')).toEqual([1767225600000, 'rss-0123abcd']);
    const priority = encodeCursor('priority', [87, 1767225600000, 'rss-x']);
    expect(decodeCursor(priority, 'priority')).toEqual([87, 1767225600000, 'rss-x']);
  });

  it('refuses a cursor made for another sort', () => {
    const newest = encodeCursor('newest', [1, 'a']);
    expect(() => decodeCursor(newest, 'priority')).toThrow(InvalidQueryError);
    expect(() => decodeCursor(newest, 'priority')).toThrow(/made for sort "newest"/);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%^'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['unknown sort', Buffer.from('{"s":"oldest","v":[1,"a"]}').toString('base64url')],
    ['prototype key as sort', Buffer.from('{"s":"toString","v":[1,"a"]}').toString('base64url')],
    ['too few values', Buffer.from('{"s":"newest","v":[1]}').toString('base64url')],
    ['wrong value types', Buffer.from('{"s":"newest","v":["1","a"]}').toString('base64url')],
    ['values not an array', Buffer.from('{"s":"newest","v":"1,a"}').toString('base64url')],
    ['huge', 'A'.repeat(5000)],
  ])('refuses %s with InvalidQueryError', (_label, cursor) => {
    expect(() => decodeCursor(cursor, 'newest')).toThrow(InvalidQueryError);
  });

  it('throws nothing but InvalidQueryError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('newest' as const, 'priority' as const), (s, sort) => {
        try {
          decodeCursor(s, sort);
        } catch (error) {
          if (!(error instanceof InvalidQueryError)) throw error;
        }
      }),
    );
  });

  it('round-trips any well-typed values', () => {
    fc.assert(
      fc.property(fc.integer(), fc.maxSafeInteger(), fc.string({ unit: 'grapheme', maxLength: 100 }), (p, t, id) => {
        expect(decodeCursor(encodeCursor('priority', [p, t, id]), 'priority')).toEqual([p, t, id]);
      }),
    );
  });
});
