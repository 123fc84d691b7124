import { execFileSync, spawnSync } from 'node:child_process';

/** Set in the re-run child so that it measures instead of re-running itself again. */
const PINNED_ENV = 'ASCOLTO_BENCH_PINNED';

/**
 * Re-runs this script pinned to core 1 with `taskset` and exits with the child's status, unless it
 * already runs pinned, `--no-pin` was given, or `taskset` is missing (then it returns and the
 * script measures unpinned). Single-threaded benchmarks pin themselves so that the scheduler does
 * not move them between cores mid-measurement. Call it before any work.
 */
export function rerunPinnedToOneCore(): void {
  if (process.argv.includes('--no-pin') || process.env[PINNED_ENV]) return;
  if (spawnSync('taskset', ['--version']).status !== 0) return;
  try {
    execFileSync('taskset', ['-c', '1', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, [PINNED_ENV]: '1' },
    });
    process.exit(0);
  } catch (err) {
    process.exit((err as { status?: number }).status ?? 1);
  }
}

/** Whether this process is the pinned re-run. */
export function runsPinned(): boolean {
  return Boolean(process.env[PINNED_ENV]);
}
