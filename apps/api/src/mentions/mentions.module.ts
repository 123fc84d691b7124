import { Module } from '@nestjs/common';
import { LabelCorrectionsService } from './label-corrections.service';
import { MentionWorkflowService } from './mention-workflow.service';
import { MentionsController } from './mentions.controller';
import { MentionsService } from './mentions.service';

@Module({
  controllers: [MentionsController],
  providers: [MentionsService, MentionWorkflowService, LabelCorrectionsService],
  // Tickets change mention workflow too, through the same service.
  exports: [MentionWorkflowService],
})
export class MentionsModule {}
