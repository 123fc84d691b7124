import type { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * The loop the reconcilers share: PostgreSQL holds the record, and every `intervalSeconds` a pass
 * brings Elasticsearch up to date with whatever did not reach it. One pass at a time (a tick that
 * comes while a pass still runs is skipped, never doubled); a pass that fails is logged and the next
 * tick tries again.
 */
export abstract class PeriodicReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  protected constructor(
    private readonly intervalSeconds: number,
    /** What is reconciled, for the log line of a failed pass. */
    private readonly subject: string,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.reconcileOnce(), this.intervalSeconds * 1000);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; how many records it brought up to date (0 when another pass is running or this one failed). */
  async reconcileOnce(now: Date = new Date()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      return await this.reconcile(now);
    } catch (error) {
      this.logger.warn(`${this.subject} reconciliation failed, will retry: ${(error as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }

  protected abstract reconcile(now: Date): Promise<number>;
}
