import type { RetagProgress } from '@ascolto/search';
import type { WorkerConfig } from '../config/worker-config';
import type { BackgroundReanalysisJob } from '../reanalysis/background-reanalysis.job';
import type { TopicFenceService } from './topic-fence.service';
import { TopicRetagJob } from './topic-retag.job';
import type { TopicRetagOutcome, TopicRetagRunnerService, TopicRetagRunOptions } from './topic-retag-runner.service';

// The job's own decision: after draining the due re-tags, ask the background re-analysis for a
// check at once when a job moved mentions (their labels were read with the old topics). The runner
// and the re-analysis are exercised for real in topic-retag.integration-spec.ts.

/** A runner that finishes one job per entry of `changedPerJob` (reporting that many moved), then is idle. */
function runnerFinishing(changedPerJob: number[]): Pick<TopicRetagRunnerService, 'runNext'> {
  const queue = [...changedPerJob];
  return {
    runNext: async (options: TopicRetagRunOptions = {}): Promise<TopicRetagOutcome> => {
      const changed = queue.shift();
      if (changed === undefined) return { kind: 'idle' };
      const progress: RetagProgress = { processed: 10, changed, conflicts: 0 };
      await options.onPage?.(progress);
      return { kind: 'finished', job: {} as never, conflicts: 0 };
    },
  };
}

function jobWith(changedPerJob: number[], reanalyseInBackground = true) {
  const ticks: number[] = [];
  const reanalysis = { tick: async () => void ticks.push(Date.now()) } as unknown as BackgroundReanalysisJob;
  const fence = { report: async () => undefined } as unknown as TopicFenceService;
  const config = { topicRetagPollMs: 60_000, reanalyseInBackground } as WorkerConfig;
  const job = new TopicRetagJob(runnerFinishing(changedPerJob) as TopicRetagRunnerService, fence, reanalysis, config);
  return { job, ticks };
}

describe(TopicRetagJob.name, () => {
  it('asks for a re-analysis once after draining jobs that moved mentions', async () => {
    const { job, ticks } = jobWith([0, 3, 2]);
    await job.tick();
    expect(ticks).toHaveLength(1);
  });

  it('does not when no job moved a mention, or when background re-analysis is off', async () => {
    const none = jobWith([0, 0]);
    await none.job.tick();
    expect(none.ticks).toHaveLength(0);
    const off = jobWith([5], false);
    await off.job.tick();
    expect(off.ticks).toHaveLength(0);
  });
});
