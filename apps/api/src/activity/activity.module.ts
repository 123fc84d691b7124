import { Module } from '@nestjs/common';
import { ActivityController } from './activity.controller';

/** What the workers are doing in the background, for the dashboard's running indicator. */
@Module({ controllers: [ActivityController] })
export class ActivityModule {}
