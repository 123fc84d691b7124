import { Controller, Get, Header, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators/public.decorator';
import { MetaWebhookService, type MetaWebhookResult } from './meta-webhook.service';
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
  constructor(
    private readonly webhooks: WebhookIngestService,
    private readonly meta: MetaWebhookService,
  ) {}

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

  /** Meta's subscription handshake for an Instagram source: echoes `hub.challenge` as plain text. */
  @Public()
  @UseGuards(WebhookThrottleGuard)
  @Get('meta/:sourceId')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOkResponse({ description: 'The hub.challenge, when hub.verify_token is the source\'s webhook verify token; else 403' })
  metaVerify(@Param('sourceId') sourceId: string, @Req() req: RawBodyRequest): Promise<string> {
    // Read from the URL itself: `hub.mode` must stay one key whatever the query parser does with dots.
    const query = new URL(req.originalUrl ?? req.url, 'http://localhost').searchParams;
    return this.meta.verify(sourceId, {
      mode: query.get('hub.mode') ?? undefined,
      token: query.get('hub.verify_token') ?? undefined,
      challenge: query.get('hub.challenge') ?? undefined,
    });
  }

  /** Meta's deliveries for an Instagram source; `mentions` changes are stored, the rest ignored. 200 at once: Meta retries otherwise. */
  @Public()
  @UseGuards(WebhookThrottleGuard)
  @Post('meta/:sourceId')
  @HttpCode(200)
  @ApiHeader({ name: 'X-Hub-Signature-256', required: true, description: 'sha256=<hex HMAC-SHA256 of the raw body with the Meta app secret>' })
  @ApiOkResponse({ description: '{stored, duplicates, ignored}' })
  metaReceive(@Param('sourceId') sourceId: string, @Req() req: RawBodyRequest): Promise<MetaWebhookResult> {
    return this.meta.receive(sourceId, header(req, 'x-hub-signature-256'), req.rawWebhookBody ?? Buffer.alloc(0));
  }
}
