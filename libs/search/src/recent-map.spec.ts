import { RecentMap } from './recent-map';

describe('RecentMap', () => {
  it('keeps at least the last `capacity` keys set, and at most twice as many', () => {
    const map = new RecentMap<string, number>(100);
    for (let i = 0; i < 1_000; i++) {
      map.set(`k${i}`, i);
      expect(map.size).toBeLessThanOrEqual(200);
      // The newest `capacity` keys are always there, with their values.
      for (const back of [0, 1, 50, 99]) if (i - back >= 0) expect(map.get(`k${i - back}`)).toBe(i - back);
    }
    expect(map.size).toBeGreaterThanOrEqual(100);
    expect(map.get('k0')).toBeUndefined();
    expect(map.get('k799')).toBeUndefined();
  });

  it('renews a key set again: it outlives the keys set between its two writes', () => {
    const map = new RecentMap<string, string>(3);
    for (const key of ['a', 'b', 'c']) map.set(key, key); // current full: becomes the previous generation
    for (const key of ['d', 'e', 'f']) map.set(key, key); // again: a, b, c are dropped
    expect(map.get('a')).toBeUndefined();
    map.set('d', 'renewed'); // d moves from the previous generation to the current one
    for (const key of ['g', 'h']) map.set(key, key); // current (d, g, h) full: e, f are dropped
    expect(map.get('d')).toBe('renewed');
    expect(map.get('e')).toBeUndefined();
    expect(map.get('f')).toBeUndefined();
    expect(map.get('g')).toBe('g');
  });

  it('tells a key stored with an undefined value from a missing one in the newer generation', () => {
    const map = new RecentMap<string, string | undefined>(10);
    map.set('x', 'old');
    for (let i = 0; i < 9; i++) map.set(`f${i}`, 'filler'); // x moves to the previous generation
    map.set('x', undefined);
    expect(map.get('x')).toBeUndefined();
    expect(map.size).toBe(10);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RecentMap(0)).toThrow(/positive integer/);
    expect(() => new RecentMap(1.5)).toThrow(/positive integer/);
  });
});
