import { RunSlots } from './run-slots';

describe('RunSlots', () => {
  it('never runs more than its size at once, serves waiters in order, and frees slots after failures', async () => {
    const slots = new RunSlots(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number, fail = false) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(n);
      running--;
      if (fail) throw new Error(`task ${n} failed`);
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((n) => slots.run(task(n, n === 2))));
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(order.slice(2).sort()).toEqual([3, 4, 5, 6]);
    expect(slots.inUse).toBe(0);
    expect(slots.queued).toBe(0);
    await expect(slots.run(async () => 'again')).resolves.toBe('again');
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new RunSlots(0)).toThrow();
  });
});
