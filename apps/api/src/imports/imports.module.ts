import { mkdirSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ImportsController } from './imports.controller';
import { loadImportsConfig } from './imports-config';
import { ImportsService } from './imports.service';

@Module({
  imports: [
    MulterModule.registerAsync({
      useFactory: () => {
        const config = loadImportsConfig();
        // Private to the service account: uploads may hold customers' messages.
        mkdirSync(config.dir, { recursive: true, mode: 0o700 });
        // multer writes the upload under a random name in IMPORT_DIR; over the limit it answers 413.
        return { dest: config.dir, limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10 } };
      },
    }),
  ],
  controllers: [ImportsController],
  providers: [ImportsService],
})
export class ImportsModule {}
