import { Module } from '@nestjs/common';
import { SourceTypesController } from './source-types.controller';

@Module({ controllers: [SourceTypesController] })
export class SourceTypesModule {}
