import type { DataSource, QueryRunner } from 'typeorm';

/** Our advisory locks' namespace for re-analysis ("RA"), apart from source runs, imports and re-tags. */
const REANALYSIS_LOCK_NAMESPACE = 0x5241;
/** One lock for the whole index: two re-analyses side by side would only race each other's writes. */
const REANALYSIS_LOCK_KEY = 1;
/** How long one wait for the lock lasts before the waiter looks at its stop signal again. */
const WAIT_SLICE = '1s';
/** PostgreSQL's lock_not_available, raised when a wait outlasts lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The lock that lets one re-analysis run at a time, across the background job of every scheduled
 * worker and `npm run reanalyse`: a PostgreSQL session advisory lock on a dedicated connection
 * (a killed process loses it with its connection).
 *
 * A command *waits* for it and the background job only *tries*, and gives way: a background run
 * asks `isWanted()` after each page and stops when a command is queued, so a person who runs the
 * command gets the full-speed run they asked for after at most one page, not after the paced one.
 */
export class ReanalysisLock {
  private constructor(private readonly session: QueryRunner) {}

  /** The lock if it is free now, or null. */
  static async tryAcquire(dataSource: DataSource): Promise<ReanalysisLock | null> {
    const session = dataSource.createQueryRunner();
    await session.connect();
    try {
      const [{ locked }] = await session.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [REANALYSIS_LOCK_NAMESPACE, REANALYSIS_LOCK_KEY]);
      if (locked) return new ReanalysisLock(session);
    } catch (error) {
      await session.release();
      throw error;
    }
    await session.release();
    return null;
  }

  /**
   * The lock, waiting for whoever holds it; `onWait` is called once if it has to wait. Null if
   * `signal` is aborted first. The wait is a real lock wait in slices (so it shows in `pg_locks`
   * as not granted, which is what a background run looks for) between which the signal is read.
   */
  static async acquire(dataSource: DataSource, options: { signal?: AbortSignal; onWait?: () => void | Promise<void> } = {}): Promise<ReanalysisLock | null> {
    const free = await ReanalysisLock.tryAcquire(dataSource);
    if (free) return free;
    await options.onWait?.();
    const session = dataSource.createQueryRunner();
    await session.connect();
    try {
      await session.query(`SET lock_timeout = '${WAIT_SLICE}'`);
      while (!options.signal?.aborted) {
        try {
          await session.query('SELECT pg_advisory_lock($1, $2)', [REANALYSIS_LOCK_NAMESPACE, REANALYSIS_LOCK_KEY]);
          await session.query('RESET lock_timeout');
          return new ReanalysisLock(session);
        } catch (error) {
          const failure = error as { code?: string; driverError?: { code?: string } };
          if ((failure.code ?? failure.driverError?.code) !== LOCK_NOT_AVAILABLE) throw error;
        }
      }
    } catch (error) {
      await session.release();
      throw error;
    }
    await session.release();
    return null;
  }

  /** Whether a re-analysis command is queued for the lock (asked by the holder, between pages). */
  static async isWanted(dataSource: DataSource): Promise<boolean> {
    const [{ wanted }] = await dataSource.query(
      `SELECT EXISTS (
         SELECT 1 FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND classid = $1 AND objid = $2 AND objsubid = 2
       ) AS wanted`,
      [REANALYSIS_LOCK_NAMESPACE, REANALYSIS_LOCK_KEY],
    );
    return wanted;
  }

  async release(): Promise<void> {
    try {
      await this.session.query('SELECT pg_advisory_unlock($1, $2)', [REANALYSIS_LOCK_NAMESPACE, REANALYSIS_LOCK_KEY]);
    } catch {
      // The connection is gone, and the lock with it.
    } finally {
      await this.session.release();
    }
  }
}
