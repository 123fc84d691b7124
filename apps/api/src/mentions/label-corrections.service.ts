import { BadRequestException, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CorrectLabelsRequest, Mention } from '@ascolto/domain';
import { completeCorrectionIntent, createCorrectionIntent, discardCorrectionIntent } from '@ascolto/persistence';
import {
  changesToRecord,
  InvalidCorrectionError,
  isElasticOutcomeUnknown,
  MentionSearchService,
  planCorrection,
  type CorrectionPlan,
  type LabelChange,
} from '@ascolto/search';
import type { RequestAuth } from '../common/http/authenticated-request';
import { MentionWorkflowService } from './mention-workflow.service';

/**
 * People's corrections of the pipeline's labels, PostgreSQL first (docs/decisions.md, "People's
 * label corrections"): the intent is committed (pending), then the document is written, then the
 * intent is replaced by its `label_corrections` rows and the audit event. Elasticsearch refusing
 * the write (an error answer) discards the intent: nothing is recorded and the person retries. No
 * answer (a timeout, a broken connection), a crash, or PostgreSQL failing after the write leaves
 * the intent pending, and the worker's `LabelCorrectionReconcilerService` settles it.
 */
@Injectable()
export class LabelCorrectionsService {
  private readonly logger = new Logger(LabelCorrectionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly search: MentionSearchService,
    private readonly workflow: MentionWorkflowService,
  ) {}

  async correct(id: string, request: CorrectLabelsRequest, auth: RequestAuth): Promise<Mention> {
    const located = await this.unavailableOnError(() => this.search.getLocated(id), id);
    if (!located) throw new NotFoundException(`Mention ${id} not found`);
    const planned = badRequestOnInvalid(() => planCorrection(located.mention, request, auth.user.name));
    const intentId = await createCorrectionIntent(this.dataSource, {
      mentionId: id,
      mentionIndex: located.index,
      request,
      planned: planned.changes,
      userId: auth.user.id,
      userName: auth.user.name,
    });

    // Planned again on the document as the write finds it (a re-delivery may have come in between).
    let changes: LabelChange[] = [];
    let written: { before: Mention; after: Mention } | null;
    try {
      written = await this.search.correctLabels(
        located.index,
        id,
        (current) => {
          const plan = planCorrection(current, request, auth.user.name);
          changes = plan.changes;
          return plan.patch;
        },
        { refresh: 'wait_for' },
      );
    } catch (error) {
      if (isElasticOutcomeUnknown(error)) {
        // No answer (a timeout, or a connection that broke, perhaps after the write was applied):
        // the intent stays pending and the reconciler settles it (records it if the document
        // holds it, writes it otherwise). Discarding it could leave a corrected document unrecorded.
        this.logger.warn({ err: error, mentionId: id, intentId }, 'Elasticsearch did not answer the correction; it is left to the worker reconciler');
        throw new ServiceUnavailableException('Search did not answer in time; the correction is saved and will be applied when search answers');
      }
      await this.discard(intentId, id);
      if (error instanceof InvalidCorrectionError) throw new BadRequestException(error.messages);
      this.logger.error({ err: error, mentionId: id }, 'Could not correct the mention in Elasticsearch');
      throw unavailable();
    }
    // Deleted (retention) between the lookup and the write.
    if (!written) {
      await this.discard(intentId, id);
      throw new NotFoundException(`Mention ${id} not found`);
    }

    try {
      await completeCorrectionIntent(this.dataSource, intentId, {
        before: written.before,
        index: located.index,
        changes: changesToRecord(changes, planned.changes, written.before),
        corrected: written.after.correctedLabels ?? [],
      });
    } catch (error) {
      // The document has the correction and the intent is committed: the reconciler records it.
      this.logger.warn({ err: error, mentionId: id, intentId }, 'Correction written to Elasticsearch but not yet recorded; the worker reconciler will record it');
      return written.after;
    }
    // As GET answers: the stored workflow on top, in case its copy on the document lags.
    return this.workflow.mergeStored(written.after);
  }

  private async discard(intentId: string, id: string): Promise<void> {
    try {
      await discardCorrectionIntent(this.dataSource, intentId);
    } catch (error) {
      // Left pending, the reconciler applies it later: the person's correction, though answered as failed.
      this.logger.error({ err: error, mentionId: id, intentId }, 'Could not discard a correction that was not written');
    }
  }

  private async unavailableOnError<T>(action: () => Promise<T>, id: string): Promise<T> {
    try {
      return await action();
    } catch (error) {
      this.logger.error({ err: error, mentionId: id }, 'Could not read the mention from Elasticsearch');
      throw unavailable();
    }
  }
}

function unavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException('Search is temporarily unavailable; the labels were not changed');
}

function badRequestOnInvalid(plan: () => CorrectionPlan): CorrectionPlan {
  try {
    return plan();
  } catch (error) {
    if (error instanceof InvalidCorrectionError) throw new BadRequestException(error.messages);
    throw error;
  }
}
