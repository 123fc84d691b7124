import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { PIPELINE_VERSION } from '@ascolto/nlp';
import type { WorkerActivity } from '@ascolto/domain';
import { MentionReanalyser, ReanalysisAbortedError, type ReanalysisProgress } from '@ascolto/search';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { reanalyseIndexedMentions } from './reanalyse-command';
import { ReanalysisLock } from './reanalysis-lock';

/** A progress line at most this often, so a long catch-up is visible without flooding the log. */
const PROGRESS_LOG_MS = 30_000;
/** Progress on the heartbeat row (what the dashboard shows) at most this often. */
const PROGRESS_REPORT_MS = 2_000;

/** What one check did. */
export type BackgroundReanalysisOutcome =
  | { kind: 'skipped'; reason: 'running' | 'locked' | 'stopping' }
  | { kind: 'up-to-date' }
  | { kind: 'finished'; total: number; progress: ReanalysisProgress }
  | { kind: 'stopped'; total: number; progress: ReanalysisProgress }
  /** Stopped after a page because `npm run reanalyse` was waiting for the lock: the command goes on at full speed. */
  | { kind: 'handed-over'; total: number; progress: ReanalysisProgress }
  | { kind: 'failed'; error: string };

/**
 * After an upgrade, the mentions indexed before it still carry the old pipeline's labels, priority
 * and sketch until someone runs `npm run reanalyse`; after a topic change, the mentions that gained
 * or lost the topic carry labels read with the old topics (the re-tag marks them,
 * `TOPICS_CHANGED_VERSION`, and asks for a check at once). This job does it on its own: every
 * `reanalyseCheckSeconds` a worker counts the mentions at another version and, if there are any,
 * re-analyses them (the same run as the command: corrections and groups kept, conditional writes,
 * resumable), with a pause after each page so ingest keeps the cores. One run at a time, worker or
 * command (ReanalysisLock); a worker that stops finishes its page and the next check, on any
 * worker, resumes (the version is the resume point). A command waiting for the lock takes over
 * after the current page.
 */
@Injectable()
export class BackgroundReanalysisJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BackgroundReanalysisJob.name);
  private readonly shutdown = new AbortController();
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<BackgroundReanalysisOutcome> | null = null;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly dataSource: DataSource,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.reanalyseInBackground) return;
    // The first check soon after start (an upgrade is a restart), then at the interval.
    const first = setTimeout(() => void this.tick(), Math.min(30_000, this.config.reanalyseCheckSeconds * 1000));
    const every = setInterval(() => void this.tick(), this.config.reanalyseCheckSeconds * 1000);
    for (const timer of [first, every]) timer.unref();
    this.timers = [first, every];
  }

  /** One check (tests call it directly); never throws: a failed run is logged and retried at the next check. */
  tick(): Promise<BackgroundReanalysisOutcome> {
    if (this.shutdown.signal.aborted) return Promise.resolve({ kind: 'skipped', reason: 'stopping' });
    if (this.running) return Promise.resolve({ kind: 'skipped', reason: 'running' });
    this.running = this.runLocked()
      .catch((error: Error): BackgroundReanalysisOutcome => {
        this.logger.error(`background re-analysis failed, will retry in ${this.config.reanalyseCheckSeconds} s: ${error.message}`);
        return { kind: 'failed', error: error.message };
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async runLocked(): Promise<BackgroundReanalysisOutcome> {
    const lock = await ReanalysisLock.tryAcquire(this.dataSource);
    if (!lock) return { kind: 'skipped', reason: 'locked' };
    try {
      return await this.run();
    } finally {
      await lock.release();
    }
  }

  private async run(): Promise<BackgroundReanalysisOutcome> {
    const reanalyser = this.moduleRef.get(MentionReanalyser, { strict: false });
    const total = await reanalyser.count(PIPELINE_VERSION);
    if (total === 0) return { kind: 'up-to-date' };
    this.logger.log(`${total} mention(s) were labelled by an older pipeline or before a topic change: re-analysing them with ${PIPELINE_VERSION} in the background`);
    const started = Date.now();
    let lastLog = started;
    let lastReport = started;
    const activity = (processed: number): WorkerActivity => ({
      kind: 'reanalysis',
      pipelineVersion: PIPELINE_VERSION,
      processed,
      // Mentions ingested by a worker still on the old code can push past the count.
      total: Math.max(total, processed),
      startedAt: new Date(started).toISOString(),
    });
    await this.reportActivity(activity(0));
    // Stops the run after a page when a command is queued for the lock; shutdown stops it too.
    const handover = new AbortController();
    const signal = AbortSignal.any([this.shutdown.signal, handover.signal]);
    try {
      const progress = await reanalyseIndexedMentions(
        { get: (type) => this.moduleRef.get(type, { strict: false }) },
        {
          pageSize: this.config.reanalysePageSize,
          signal,
          // This worker's fence is renewed at every poll and must outlive the run.
          holdFence: false,
          onPage: async (p) => {
            if (Date.now() - lastReport >= PROGRESS_REPORT_MS) {
              lastReport = Date.now();
              await this.reportActivity(activity(p.processed));
            }
            if (Date.now() - lastLog >= PROGRESS_LOG_MS) {
              lastLog = Date.now();
              this.logger.log(`background re-analysis: ${p.processed}/${total} read, ${p.changed} re-analysed, ${p.failed.length} failed`);
            }
            await pause(this.config.reanalysePagePauseMs, signal);
            if (!signal.aborted && (await ReanalysisLock.isWanted(this.dataSource))) handover.abort();
          },
        },
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.logger.log(
        `background re-analysis done: ${progress.changed} re-analysed of ${progress.processed} read, ${progress.regrouped} regrouped, ${progress.failed.length} failed, ${seconds} s`,
      );
      if (progress.failed.length > 0) {
        const sample = progress.failed.slice(0, 5).map((f) => `${f.id} (${f.reason})`).join(', ');
        this.logger.warn(`${progress.failed.length} mention(s) keep their old labels until the next check: ${sample}`);
      }
      return { kind: 'finished', total, progress };
    } catch (error) {
      if (!(error instanceof ReanalysisAbortedError)) throw error;
      if (handover.signal.aborted && !this.shutdown.signal.aborted) {
        this.logger.log(`background re-analysis handed over to a re-analysis command after ${error.progress.processed}/${total}`);
        return { kind: 'handed-over', total, progress: error.progress };
      }
      this.logger.log(`background re-analysis stopped after ${error.progress.processed}/${total}; the next check resumes it`);
      return { kind: 'stopped', total, progress: error.progress };
    } finally {
      await this.reportActivity(null);
    }
  }

  /**
   * What this worker is doing, on its heartbeat row (the API lists it for the dashboard). Best
   * effort: the run goes on if PostgreSQL refuses, and a stale row is ignored with its heartbeat.
   */
  private async reportActivity(activity: WorkerActivity | null): Promise<void> {
    await this.dataSource
      .query('UPDATE worker_heartbeats SET activity = $2::jsonb WHERE worker_id = $1', [this.config.workerId, activity === null ? null : JSON.stringify(activity)])
      .catch((error: Error) => this.logger.warn(`background re-analysis progress not reported: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    // The page in progress is finished and written; the rest waits for the next check.
    this.shutdown.abort();
    await this.running;
  }
}

/** Waits `ms`, or less if `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
