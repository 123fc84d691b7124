/**
 * A map that remembers at least the `capacity` most recently set keys and at most twice as many,
 * in two generations: writes go to the current one, and when it holds `capacity` keys it becomes
 * the previous one and the older previous one is dropped whole.
 *
 * Why not a Map evicting its oldest key on every insert (`map.delete(map.keys().next().value)`):
 * V8 leaves a hole per deleted entry at the front of the table until it is rebuilt, and every
 * `keys().next()` walks over all of them, so at 50,000 entries each insert cost about 22 µs (a
 * third of the whole pipeline's cost per mention). Dropping a generation at once costs nothing
 * per insert (about 0.2 µs), at the price of holding up to twice the capacity.
 */
export class RecentMap<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`RecentMap capacity must be a positive integer (got ${capacity})`);
  }

  get(key: K): V | undefined {
    const value = this.current.get(key);
    return value !== undefined || this.current.has(key) ? value : this.previous.get(key);
  }

  set(key: K, value: V): void {
    // A key set again moves to the current generation, so it lives as long as a new one.
    this.previous.delete(key);
    this.current.set(key, value);
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Map();
    }
  }

  /** Keys held now (between `capacity` and twice that once full). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
