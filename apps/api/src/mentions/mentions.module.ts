import { Module } from '@nestjs/common';
import { MentionWorkflowService } from './mention-workflow.service';
import { MentionsController } from './mentions.controller';
import { MentionsService } from './mentions.service';

@Module({
  controllers: [MentionsController],
  providers: [MentionsService, MentionWorkflowService],
  // Tickets change mention workflow too, through the same service.
  exports: [MentionWorkflowService],
})
export class MentionsModule {}
