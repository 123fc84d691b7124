import { Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators/public.decorator';
import type { RawBodyRequest } from './webhook-raw-body';
import { WebhookIngestService, type WebhookIngestResult } from './webhook-ingest.service';
import { WebhookThrottleGuard } from './webhook-throttle.guard';

function header(req: RawBodyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Where senders push items. Public (no session, so no CSRF either): the HMAC signature over the
 * exact body is the authentication. See docs/webhooks.md for the payload and how to sign it.
 */
@ApiTags('ingest')
@Controller('ingest')
export class IngestController {
  constructor(private readonly webhooks: WebhookIngestService) {}

  @Public()
  @UseGuards(WebhookThrottleGuard)
  @Post('webhooks/:sourceId')
  @HttpCode(202)
  @ApiHeader({ name: 'X-Ascolto-Timestamp', required: true, description: 'Unix seconds; within 5 minutes of the server clock' })
  @ApiHeader({ name: 'X-Ascolto-Signature', required: true, description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">' })
  @ApiAcceptedResponse({ description: '{accepted, duplicates, rejected: [{index, reason}]}' })
  receive(@Param('sourceId') sourceId: string, @Req() req: RawBodyRequest): Promise<WebhookIngestResult> {
    return this.webhooks.ingest(
      sourceId,
      { signature: header(req, 'x-ascolto-signature'), timestamp: header(req, 'x-ascolto-timestamp') },
      req.rawWebhookBody ?? Buffer.alloc(0),
    );
  }
}
