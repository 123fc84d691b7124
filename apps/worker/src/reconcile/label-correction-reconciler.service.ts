import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Mention } from '@ascolto/domain';
import {
  completeCorrectionIntent,
  discardCorrectionIntent,
  laterCorrectionRequests,
  markCorrectionIntentFailed,
  pendingCorrectionIntents,
  type CorrectionIntent,
} from '@ascolto/persistence';
import { changesToRecord, InvalidCorrectionError, MentionSearchService, ownedLabels, planCorrection, withoutLabels, type LabelChange } from '@ascolto/search';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { PeriodicReconciler } from './periodic-reconciler';

const BATCH = 100;

/** What became of one pending correction. */
export type CorrectionReconcileResult = 'applied' | 'discarded' | 'failed' | 'skipped';

/**
 * People's label corrections are committed in PostgreSQL (pending) before the API writes the
 * document, and recorded when the write is done. An intent still pending after the grace period is
 * one the API could not finish: a crash or PostgreSQL failing between the two, or an Elasticsearch
 * timeout. This loop finishes it as the API would have: the correction is planned on the document
 * as it is now (with the same rules, libs/search `planCorrection`), written with the same
 * conditional update, and the rows and audit event recorded under the person who made it. Labels
 * a later correction of the same mention decided are left to that one. Corrections of one mention
 * are finished in the order they were asked for; one that fails holds back the later ones.
 */
@Injectable()
export class LabelCorrectionReconcilerService extends PeriodicReconciler {
  protected readonly logger = new Logger(LabelCorrectionReconcilerService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly search: MentionSearchService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    super(config.reconcileSeconds, 'label correction');
  }

  /** Finishes the corrections pending since before `now` minus the grace period; returns how many were recorded. */
  protected async reconcile(now: Date): Promise<number> {
    let applied = 0;
    const before = new Date(now.getTime() - this.config.correctionGraceSeconds * 1000);
    const intents = await pendingCorrectionIntents(this.dataSource, before, BATCH);
    const held = new Set<string>();
    for (const intent of intents) {
      if (held.has(intent.mentionId)) continue;
      const result = await this.finish(intent);
      if (result === 'applied') applied += 1;
      if (result === 'failed') held.add(intent.mentionId);
    }
    if (applied) this.logger.log(`recorded ${applied} label correction(s) the API could not finish`);
    return applied;
  }

  private async finish(intent: CorrectionIntent): Promise<CorrectionReconcileResult> {
    const ids = { intentId: intent.id, mentionId: intent.mentionId };
    try {
      const taken = new Set((await laterCorrectionRequests(this.dataSource, intent.mentionId, intent.id)).flatMap(ownedLabels));
      const request = withoutLabels(intent.request, taken);
      const owned = ownedLabels(request);
      let written: { before: Mention; after: Mention } | null;
      let changes: LabelChange[] = [];
      if (owned.length === 0) {
        // Every label was decided again by a later correction: nothing left to write.
        const current = await this.search.get(intent.mentionId);
        written = current ? { before: current, after: current } : null;
      } else {
        written = await this.search.correctLabels(intent.mentionIndex, intent.mentionId, (current) => {
          const plan = planCorrection(current, request, intent.userName);
          changes = plan.changes;
          return plan.patch;
        });
      }
      if (!written) {
        // Deleted (retention) before the correction could be finished, as the API answers 404.
        await discardCorrectionIntent(this.dataSource, intent.id);
        this.logger.warn(ids, 'label correction discarded: the mention is no longer indexed');
        return 'discarded';
      }
      const recorded = await completeCorrectionIntent(this.dataSource, intent.id, {
        before: written.before,
        index: intent.mentionIndex,
        changes: changesToRecord(changes, intent.planned, written.before),
        corrected: written.after.correctedLabels ?? [],
        reconciled: true,
      });
      return recorded ? 'applied' : 'skipped';
    } catch (error) {
      if (error instanceof InvalidCorrectionError) {
        // The mention changed so that the request no longer makes sense (e.g. a flush reason alone
        // after a later correction left `flush`): refused, as the API refuses it.
        await discardCorrectionIntent(this.dataSource, intent.id).catch(() => undefined);
        this.logger.warn({ ...ids, reasons: error.messages }, 'label correction discarded: no longer applicable');
        return 'discarded';
      }
      await markCorrectionIntentFailed(this.dataSource, intent.id, (error as Error).message ?? String(error)).catch(() => undefined);
      this.logger.warn({ ...ids, err: error, attempts: intent.attempts + 1 }, 'label correction not finished, will retry');
      return 'failed';
    }
  }
}
