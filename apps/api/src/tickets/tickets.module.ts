import { Module } from '@nestjs/common';
import { MentionsModule } from '../mentions/mentions.module';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

@Module({
  imports: [MentionsModule],
  controllers: [TicketsController],
  providers: [TicketsService],
})
export class TicketsModule {}
