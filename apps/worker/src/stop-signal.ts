/**
 * Ctrl-C (SIGINT) or SIGTERM asks a command to stop after its current unit of work (a page, a
 * batch) instead of killing it mid-write: the first signal calls `onStop` (say what happens) and
 * aborts `signal`. `release` removes the handlers once the command is done.
 */
export function stopOnSignal(onStop: () => void): { signal: AbortSignal; release(): void } {
  const abort = new AbortController();
  const handler = () => {
    onStop();
    abort.abort();
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return {
    signal: abort.signal,
    release: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
