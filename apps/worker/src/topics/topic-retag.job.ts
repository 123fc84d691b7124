import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { BackgroundReanalysisJob } from '../reanalysis/background-reanalysis.job';
import { TopicFenceService } from './topic-fence.service';
import { TopicRetagRunnerService } from './topic-retag-runner.service';

/**
 * Polls for topic re-tagging jobs every `topicRetagPollMs` and runs the due ones one after
 * another; a tick while a job runs does nothing. Several workers poll side by side: the claim
 * gives each job to exactly one of them. When jobs moved mentions in or out of a topic, their
 * labels are out of date (a topic's handles and exclusions take part in them): the background
 * re-analysis is asked to check at once instead of at its next interval.
 */
@Injectable()
export class TopicRetagJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TopicRetagJob.name);
  private readonly shutdown = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly runner: TopicRetagRunnerService,
    private readonly fence: TopicFenceService,
    private readonly reanalysis: BackgroundReanalysisJob,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.topicRetagPollMs);
    this.timer.unref();
  }

  tick(): Promise<void> {
    if (this.shutdown.signal.aborted) return this.running ?? Promise.resolve();
    // The fence is renewed at every tick, also while a long re-tag runs, so that it never expires
    // while this worker is alive (an expired fence is taken for a stopped process and ignored).
    if (this.running) {
      this.fence.report().catch((error: Error) => this.logger.warn(`topic fence not reported: ${error.message}`));
      return this.running;
    }
    this.running = this.drain()
      .catch((error: Error) => this.logger.error(`topic re-tag jobs: ${error.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    let moved = false;
    while (!this.shutdown.signal.aborted) {
      const outcome = await this.runner.runNext({ signal: this.shutdown.signal, onPage: (p) => void (moved ||= p.changed > 0) });
      if (outcome.kind === 'idle') break;
    }
    // Not awaited: a re-analysis runs for as long as it needs, paced, while re-tags go on.
    if (moved && this.config.reanalyseInBackground && !this.shutdown.signal.aborted) void this.reanalysis.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // The job in progress stops after its current page and goes back to pending.
    this.shutdown.abort();
    await this.running;
  }
}
