import { Module } from '@nestjs/common';
import { CredentialCipher } from '@ascolto/persistence';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';
import { IngestController } from './ingest.controller';
import { MetaWebhookService } from './meta-webhook.service';
import { WEBHOOK_CIPHER } from './ingest.tokens';
import { WebhookIngestService } from './webhook-ingest.service';
import { WebhookThrottleGuard } from './webhook-throttle.guard';

@Module({
  controllers: [IngestController],
  providers: [
    WebhookIngestService,
    MetaWebhookService,
    WebhookThrottleGuard,
    {
      provide: WEBHOOK_CIPHER,
      inject: [API_CONFIG],
      // The API configuration carries the cipher once it manages credentials; until then the key
      // is read from the same variable the worker uses.
      useFactory: (config: ApiConfig & { credentialCipher?: CredentialCipher }) => config.credentialCipher ?? CredentialCipher.fromEnv(process.env),
    },
  ],
})
export class IngestModule {}
