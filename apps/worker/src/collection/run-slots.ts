/**
 * At most `size` collector runs at once in this worker. Each run holds a PostgreSQL connection for
 * its advisory lock and needs a second one for its writes; without a bound, 200 sources firing in
 * the same second take every pooled connection for locks and then wait forever for a second one.
 * Waiting runs are served first come, first served.
 */
export class RunSlots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error('RunSlots size must be a positive integer');
  }

  get inUse(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.used >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.used++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next run, so `used` stays the same.
      if (next) next();
      else this.used--;
    }
  }
}
