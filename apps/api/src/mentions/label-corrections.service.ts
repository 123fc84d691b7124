import { BadRequestException, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CorrectLabelsRequest, Mention } from '@ascolto/domain';
import { MentionSearchService } from '@ascolto/search';
import { recordAudit } from '../common/audit';
import type { RequestAuth } from '../common/http/authenticated-request';
import { InvalidCorrectionError, planCorrection, type LabelChange } from './label-correction';
import { MentionWorkflowService } from './mention-workflow.service';

/**
 * People's corrections of the pipeline's labels. Elasticsearch is written inside the PostgreSQL
 * transaction, before the correction rows and the audit event: if the document cannot be written,
 * nothing is recorded and the person sees an error to retry; the rows are inserted only with the
 * values the document held when the write succeeded.
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
    const after = await this.dataSource.transaction(async (tx) => {
      let changes: LabelChange[] = [];
      let written: { before: Mention; after: Mention } | null;
      try {
        written = await this.unavailableOnError(
          () =>
            this.search.correctLabels(
              located.index,
              id,
              (current) => {
                const plan = planCorrection(current, request, auth.user.name);
                changes = plan.changes;
                return plan.patch;
              },
              { refresh: 'wait_for' },
            ),
          id,
        );
      } catch (error) {
        if (error instanceof InvalidCorrectionError) throw new BadRequestException(error.messages);
        throw error;
      }
      // Deleted (retention) between the lookup and the write.
      if (!written) throw new NotFoundException(`Mention ${id} not found`);
      await this.insertRows(tx, written.before, located.index, changes, auth.user.id);
      await recordAudit(tx, {
        actorId: auth.user.id,
        action: 'mention.labels',
        entityType: 'mention',
        entityId: id,
        data: { changes: changes.map(({ label, from, to }) => ({ label, from, to })), corrected: written.after.correctedLabels ?? [] },
      });
      return written.after;
    });
    // As GET answers: the stored workflow on top, in case its copy on the document lags.
    return this.workflow.mergeStored(after);
  }

  private async insertRows(tx: EntityManager, before: Mention, index: string, changes: LabelChange[], userId: string): Promise<void> {
    for (const change of changes) {
      // The pipeline's value is what the first correction of this label replaced; later ones
      // replace a person's value, which is not the machine's.
      const first: Array<{ machine_value: string | null; machine_confidence: number | null }> = await tx.query(
        `SELECT machine_value, machine_confidence FROM label_corrections
          WHERE mention_id = $1 AND kind = $2 ORDER BY created_at, id LIMIT 1`,
        [before.id, change.kind],
      );
      const machine = first[0] ?? { machine_value: change.from, machine_confidence: machineConfidence(before, change) };
      await tx.query(
        `INSERT INTO label_corrections
           (mention_id, mention_index, mention_published_at, kind, machine_value, machine_confidence, corrected_value,
            pipeline_version, mention_text, mention_language, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          before.id,
          index,
          before.publishedAt,
          change.kind,
          machine.machine_value,
          machine.machine_confidence,
          change.to,
          before.pipelineVersion,
          before.text,
          before.language,
          userId,
        ],
      );
    }
  }

  private async unavailableOnError<T>(action: () => Promise<T>, id: string): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof InvalidCorrectionError) throw error;
      this.logger.error({ err: error, mentionId: id }, 'Could not correct the mention in Elasticsearch');
      throw new ServiceUnavailableException('Search is temporarily unavailable; the labels were not changed');
    }
  }
}

/** The pipeline's confidence in the label being replaced (the flush reason has no explanation of its own). */
function machineConfidence(mention: Mention, change: LabelChange): number | null {
  if (change.label === 'flushReason') return null;
  return mention.explanations?.[change.label]?.confidence ?? null;
}
