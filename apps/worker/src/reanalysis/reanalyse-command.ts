import type { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { WORKER_HEARTBEAT_WINDOW_SECONDS } from '@ascolto/persistence';
import { PIPELINE_VERSION } from '@ascolto/nlp';
import { MentionReanalyser, ReanalysisAbortedError, type ReanalysisProgress, type ReanalysisRunOptions } from '@ascolto/search';
import { TopicCatalogService } from '../topics/topic-catalog.service';
import { TopicFenceService } from '../topics/topic-fence.service';
import { stopOnSignal } from '../stop-signal';
import { createCommandWorker } from '../worker.factory';
import { storedMentionPipeline } from './stored-mention-pipeline';
import { ReanalysisLock } from './reanalysis-lock';

export class ReanalyseUsageError extends Error {}

export const REANALYSE_USAGE = `Usage: npm run reanalyse -- [--page-size N]

Runs the current understanding pipeline (${PIPELINE_VERSION}) again on every indexed mention labelled
by another version or by none, so old mentions get today's labels, priority, topics and
near-duplicate sketch. Safe while the worker ingests (conditional updates; a mention changed
meanwhile is read again). Resumable: stop it with Ctrl-C and run it again. Scheduled workers
do the same in the background, paced to leave room for ingest (REANALYSE_IN_BACKGROUND); this
command does it now, at full speed, with a progress bar. One re-analysis runs at a time: a
worker re-analysing in the background hands over to this command after its current page, and
a second command waits for the first.

Kept as they are: labels a person corrected, near-duplicate groups (members stay flushed as
duplicates; but a service mention never stays under a head that is no longer a service issue:
such a group gets a new service head), workflow (status, assignee, ticket, tags, responses) and
raw fields (content, dates, author, deleted-at-source mark).

Options:
  --page-size N   mentions read and analysed per page (1–10000, default 500)
  --help          this text

Exit code: 0 when every mention is at ${PIPELINE_VERSION}, 1 when some could not be re-analysed
(listed with their ids) or the run was stopped, 2 for a usage error.`;

export interface ReanalyseArgs {
  help: boolean;
  pageSize?: number;
}

export function parseReanalyseArgs(argv: string[]): ReanalyseArgs {
  const args: ReanalyseArgs = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--page-size') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new ReanalyseUsageError('--page-size must be 1–10000');
      args.pageSize = value;
    } else throw new ReanalyseUsageError(`Unknown argument ${arg}.\n\n${REANALYSE_USAGE}`);
  }
  return args;
}

/**
 * Re-analyses every mention of the worker's indices that is not at the current pipeline version,
 * with the account's topics as they are now (read from PostgreSQL first). Shared by the command
 * and the tests.
 *
 * It writes `topicIds` like the ingest path, so it takes part in the topic fence the same way: each
 * page holds a lease on the topics it is tagged with, the next page takes the newest ones, and the
 * fence is held for the run (`holdWhile`) and reported after each page. A topic re-tag therefore
 * never starts while a page tagged with the old definition is still to be written.
 */
export async function reanalyseIndexedMentions(
  app: Pick<INestApplicationContext, 'get'>,
  options: ReanalysisRunOptions & {
    clock?: Date;
    /**
     * Hold the fence for the run and withdraw it at the end (default): right for a command. A
     * scheduled worker's fence is its own and stays, renewed at every poll (BackgroundReanalysisJob).
     */
    holdFence?: boolean;
  } = {},
): Promise<ReanalysisProgress> {
  const catalog = app.get(TopicCatalogService);
  const fence = app.get(TopicFenceService);
  const clock = options.clock ?? new Date();
  await catalog.reload();
  let lease = await catalog.acquire();
  let analyse = storedMentionPipeline(lease.snapshot, clock);
  const fenced = <T>(work: () => Promise<T>): Promise<T> => (options.holdFence === false ? work() : fence.holdWhile(work));
  try {
    return await fenced(() =>
      app.get(MentionReanalyser).run(PIPELINE_VERSION, (stored) => analyse(stored), {
        ...options,
        onPage: async (progress) => {
          // The page is written: let go of its topics and tag the next page with the newest ones.
          const next = await catalog.acquire();
          lease.release();
          if (next.snapshot !== lease.snapshot) analyse = storedMentionPipeline(next.snapshot, clock);
          lease = next;
          await fence.report();
          await options.onPage?.(progress);
        },
      }),
    );
  } finally {
    lease.release();
  }
}

function summary(p: ReanalysisProgress, seconds: number): string {
  const rate = seconds > 0 ? Math.round(p.processed / seconds) : p.processed;
  return `${p.changed} re-analysed of ${p.processed} read, ${p.regrouped} near-duplicate member(s) regrouped, ${p.conflicts} changed meanwhile (read again), ${p.failed.length} failed; ${seconds.toFixed(1)} s, ${rate} mentions/s`;
}

/** `npm run reanalyse`: see REANALYSE_USAGE. Returns the exit code. */
export async function runReanalyseCommand(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void, opts: { progressBar?: boolean } = {}): Promise<number> {
  const args = parseReanalyseArgs(argv);
  if (args.help) {
    out(REANALYSE_USAGE);
    return 0;
  }
  const app = await createCommandWorker('reanalyse', env);
  const stop = stopOnSignal(() => out('\nStopping after the current page (run the same command again to resume)…'));
  let lock: ReanalysisLock | null = null;
  try {
    const dataSource = app.get(DataSource);
    lock = await ReanalysisLock.acquire(dataSource, { signal: stop.signal, onWait: async () => out(await whoHoldsTheLock(dataSource)) });
    if (!lock) {
      out('Stopped while waiting: nothing was re-analysed.');
      return 1;
    }
    const total = await app.get(MentionReanalyser).count(PIPELINE_VERSION);
    if (total === 0) {
      out(`Every indexed mention is at pipeline ${PIPELINE_VERSION}: nothing to do.`);
      return 0;
    }
    out(`${total} mention(s) to re-analyse with pipeline ${PIPELINE_VERSION}.`);
    const bar = opts.progressBar === false ? null : new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} | {speed} mentions/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 });
    const started = Date.now();
    bar?.start(total, 0, { speed: 0 });
    let progress: ReanalysisProgress;
    try {
      progress = await reanalyseIndexedMentions(app, {
        pageSize: args.pageSize,
        signal: stop.signal,
        onPage: (p) => {
          const seconds = Math.max(0.001, (Date.now() - started) / 1000);
          // Mentions ingested with an old version after the count (a worker still on the old code) can push past the total.
          bar?.setTotal(Math.max(total, p.processed));
          bar?.update(p.processed, { speed: Math.round(p.processed / seconds) });
          if (!bar) out(`progress ${p.processed}/${total}`);
        },
      });
    } catch (error) {
      bar?.stop();
      if (!(error instanceof ReanalysisAbortedError)) throw error;
      out(`Stopped: ${summary(error.progress, (Date.now() - started) / 1000)}. Run the same command again to resume.`);
      return 1;
    }
    bar?.stop();
    out(`Done: ${summary(progress, (Date.now() - started) / 1000)}.`);
    if (progress.failed.length === 0) return 0;
    out('Not re-analysed (they keep their old labels; run the command again to retry them):');
    for (const f of progress.failed.slice(0, 50)) out(`  mention ${f.id}: ${f.reason}`);
    if (progress.failed.length > 50) out(`  … and ${progress.failed.length - 50} more`);
    return 1;
  } finally {
    stop.release();
    await lock?.release();
    await app.close();
  }
}

/** What the command is waiting for: a worker's background run (with its progress, from its heartbeat row) or another command. */
async function whoHoldsTheLock(dataSource: DataSource): Promise<string> {
  const [running] = await dataSource.query(
    `SELECT worker_id, activity FROM worker_heartbeats
      WHERE activity->>'kind' = 'reanalysis' AND last_beat_at > now() - make_interval(secs => $1)
      ORDER BY last_beat_at DESC LIMIT 1`,
    [WORKER_HEARTBEAT_WINDOW_SECONDS],
  );
  if (!running) return 'Another re-analysis command is running: waiting for it to finish (Ctrl-C gives up)…';
  const { processed, total } = running.activity as { processed?: unknown; total?: unknown };
  const progress = typeof processed === 'number' && typeof total === 'number' ? ` (${processed} of ${total})` : '';
  return `Worker ${running.worker_id} is re-analysing in the background${progress}: it hands over after its current page…`;
}
