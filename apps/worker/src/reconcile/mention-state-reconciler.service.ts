import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MentionStateEntity } from '@ascolto/persistence';
import { MentionSearchService } from '@ascolto/search';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { PeriodicReconciler } from './periodic-reconciler';

const BATCH = 200;

/**
 * PostgreSQL is the record of triage and tickets; the mention documents carry a copy so the inbox
 * can filter on it. When the API could not write that copy (Elasticsearch down, a crash between
 * the two writes) the row keeps `synced_version < version`, and this loop re-applies it.
 */
@Injectable()
export class MentionStateReconcilerService extends PeriodicReconciler {
  protected readonly logger = new Logger(MentionStateReconcilerService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly search: MentionSearchService,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
  ) {
    super(config.reconcileSeconds, 'mention state');
  }

  /** Re-applies unsynced states; returns how many documents were brought up to date. */
  protected async reconcile(): Promise<number> {
    let applied = 0;
    const repo = this.dataSource.getRepository(MentionStateEntity);
    const pending = await repo
      .createQueryBuilder('s')
      .where('s.synced_version < s.version')
      .orderBy('s.updated_at', 'ASC')
      .limit(BATCH)
      .getMany();
    for (const state of pending) {
      const updated = await this.search.updateWorkflow(state.mentionId, {
        status: state.status,
        assigneeId: state.assigneeId,
        ticketId: state.ticketId,
        triagedAt: state.triagedAt?.toISOString() ?? null,
        firstResponseAt: state.firstResponseAt?.toISOString() ?? null,
        firstResponseSeconds: state.firstResponseSeconds,
      });
      if (!updated) {
        this.logger.warn(`mention ${state.mentionId} has a state in PostgreSQL but no document in Elasticsearch yet`);
        continue;
      }
      // Only mark the version we wrote: a newer change made meanwhile stays pending.
      await repo
        .createQueryBuilder()
        .update()
        .set({ syncedVersion: state.version })
        .where('mention_id = :id AND synced_version < :version', { id: state.mentionId, version: state.version })
        .execute();
      applied += 1;
    }
    if (applied) this.logger.log(`re-applied ${applied} mention state(s) to Elasticsearch`);
    return applied;
  }
}
