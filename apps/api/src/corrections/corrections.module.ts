import { Module } from '@nestjs/common';
import { CorrectionsController } from './corrections.controller';

/** The training export of people's label corrections (the corrections themselves are made in mentions/). */
@Module({ controllers: [CorrectionsController] })
export class CorrectionsModule {}
