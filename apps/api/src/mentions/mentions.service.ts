import { Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Mention, MentionCount, MentionDetail, MentionListQuery, MentionPage, MentionStatus } from '@ascolto/domain';
import { MentionSearchService } from '@ascolto/search';
import { recordAudit } from '../common/audit';
import type { RequestAuth } from '../common/http/authenticated-request';
import { mergeWorkflow } from './mention-state';
import { MentionWorkflowService } from './mention-workflow.service';

@Injectable()
export class MentionsService {
  private readonly logger = new Logger(MentionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly search: MentionSearchService,
    private readonly workflow: MentionWorkflowService,
  ) {}

  list(query: MentionListQuery): Promise<MentionPage> {
    return this.search.list(query);
  }

  async countSince(query: MentionListQuery, since: string): Promise<MentionCount> {
    return { count: await this.search.countSince(query, since) };
  }

  /**
   * The document, with the stored workflow on top in case Elasticsearch has not caught up yet, and
   * the number of near duplicates grouped under it.
   */
  async get(id: string): Promise<MentionDetail> {
    const mention = await this.read(id);
    const [merged, counts] = await Promise.all([this.workflow.mergeStored(mention), this.search.similarCounts([id])]);
    return { ...merged, similarCount: counts.get(id) ?? 0 };
  }

  async setStatus(id: string, status: MentionStatus, auth: RequestAuth): Promise<Mention> {
    // Read first: the first-response KPI needs the publication time, and a mention that does not
    // exist must not get a state row.
    const mention = await this.read(id);
    const now = new Date();
    const applied = await this.dataSource.transaction(async (tx) => {
      const change = (await this.workflow.apply(tx, [mention], { status }, now)).get(id)!;
      await recordAudit(tx, {
        actorId: auth.user.id,
        action: 'mention.status',
        entityType: 'mention',
        entityId: id,
        data: { from: change.previousStatus, to: status, version: change.row.version },
      });
      return change;
    });
    const outcome = await this.workflow.syncToSearch([id]);
    return outcome.written.get(id) ?? mergeWorkflow(mention, applied.row);
  }

  private async read(id: string): Promise<Mention> {
    let mention: Mention | null;
    try {
      mention = await this.search.get(id);
    } catch (error) {
      this.logger.error({ err: error, mentionId: id }, 'Could not read the mention from Elasticsearch');
      throw new ServiceUnavailableException('Search is temporarily unavailable; the mention cannot be read');
    }
    if (!mention) throw new NotFoundException(`Mention ${id} not found`);
    return mention;
  }
}
