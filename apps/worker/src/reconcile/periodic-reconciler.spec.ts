import { Logger } from '@nestjs/common';
import { PeriodicReconciler } from './periodic-reconciler';

class ScriptedReconciler extends PeriodicReconciler {
  protected readonly logger = new Logger('test');
  readonly warnings: string[] = [];
  passes = 0;
  constructor(private readonly pass: () => Promise<number>) {
    super(60, 'scripted');
    jest.spyOn(this.logger, 'warn').mockImplementation((message: unknown) => void this.warnings.push(String(message)));
  }
  protected async reconcile(): Promise<number> {
    this.passes += 1;
    return this.pass();
  }
}

describe(PeriodicReconciler.name, () => {
  it('runs one pass at a time: a tick during a pass is skipped, not doubled', async () => {
    let finish!: (n: number) => void;
    const reconciler = new ScriptedReconciler(() => new Promise<number>((resolve) => (finish = resolve)));
    const first = reconciler.reconcileOnce();
    expect(await reconciler.reconcileOnce()).toBe(0);
    finish(3);
    expect(await first).toBe(3);
    expect(reconciler.passes).toBe(1);
  });

  it('logs a failed pass and tries again on the next tick', async () => {
    let fail = true;
    const reconciler = new ScriptedReconciler(async () => {
      if (fail) throw new Error('search is down');
      return 2;
    });
    expect(await reconciler.reconcileOnce()).toBe(0);
    expect(reconciler.warnings).toEqual(['scripted reconciliation failed, will retry: search is down']);
    fail = false;
    expect(await reconciler.reconcileOnce()).toBe(2);
    expect(reconciler.passes).toBe(2);
  });

  it('stops its timer on shutdown', () => {
    jest.useFakeTimers();
    try {
      const reconciler = new ScriptedReconciler(async () => 1);
      reconciler.onApplicationBootstrap();
      jest.advanceTimersByTime(60_000);
      expect(reconciler.passes).toBe(1);
      reconciler.onApplicationShutdown();
      jest.advanceTimersByTime(180_000);
      expect(reconciler.passes).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
