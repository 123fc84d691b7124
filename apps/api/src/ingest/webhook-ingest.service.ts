import { BadRequestException, Inject, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pushItemHash, validatePushItem, verifyWebhookSignature, type PushItem } from '@ascolto/collectors';
import { CredentialCipher, CredentialKeyError, SourceEntity } from '@ascolto/persistence';
import { storeInboundRows } from './inbound-store';
import { WEBHOOK_CIPHER } from './ingest.tokens';

/** Items per request; a sender with more splits them over several requests. */
export const WEBHOOK_MAX_ITEMS = 500;

export interface WebhookIngestResult {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; reason: string }>;
}

/** One answer for "no such source" and "not a webhook source": ids are not confirmed to strangers. */
const NOT_FOUND = 'No webhook source with this id';

/**
 * Takes a signed batch of pushed items for one webhook source and stores the valid ones in
 * `inbound_items`, where the worker reads them like any other source. Only storage happens here
 * (the API has no pipeline): the request is answered as soon as the items are durable.
 */
@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger(WebhookIngestService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(WEBHOOK_CIPHER) private readonly cipher: CredentialCipher,
  ) {}

  async ingest(sourceId: string, headers: { signature?: string; timestamp?: string }, body: Buffer, now = new Date()): Promise<WebhookIngestResult> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sourceId)) throw new NotFoundException(NOT_FOUND);
    const source = await this.dataSource.getRepository(SourceEntity).findOneBy({ id: sourceId });
    if (!source || source.type !== 'webhook') throw new NotFoundException(NOT_FOUND);

    let secret: string | undefined;
    try {
      secret = this.cipher.decrypt(source.id, source.credentialsEncrypted).signingSecret;
    } catch (error) {
      if (!(error instanceof CredentialKeyError)) throw error;
      this.logger.error({ sourceId }, `webhook source "${source.name}": signing secret cannot be read (${error.message})`);
    }
    if (!secret) {
      // The sender cannot fix this; the admin can: say so in the log, refuse like a bad signature.
      this.logger.warn({ sourceId }, `webhook source "${source.name}" has no signing secret; request refused`);
      throw new UnauthorizedException('Signature check failed');
    }
    const check = verifyWebhookSignature({ secret, signature: headers.signature, timestamp: headers.timestamp, body, now });
    if (!check.ok) {
      this.logger.warn({ sourceId }, `webhook source "${source.name}": request refused (${check.reason})`);
      throw new UnauthorizedException(`Signature check failed: ${check.reason}`);
    }

    const items = parseItems(body);
    const rejected: WebhookIngestResult['rejected'] = [];
    const valid: PushItem[] = [];
    items.forEach((raw, index) => {
      const result = validatePushItem(raw, now);
      if (result.ok) valid.push(result.item);
      else rejected.push({ index, reason: result.reason });
    });

    const accepted = valid.length ? await this.store(source.id, valid) : 0;
    const result = { accepted, duplicates: valid.length - accepted, rejected };
    this.logger.log(
      { sourceId, items: items.length, accepted, duplicates: result.duplicates, rejected: rejected.length },
      `webhook source "${source.name}": ${accepted} new item(s) stored`,
    );
    return result;
  }

  /** Stores the items in request order; a repeat of a stored (source, id, content) is skipped. */
  private async store(sourceId: string, items: PushItem[]): Promise<number> {
    return storeInboundRows(
      this.dataSource,
      sourceId,
      items.map((item) => ({ externalId: item.id, hash: pushItemHash(item), item })),
    );
  }
}

/** `{ "items": [ … ] }` or a 400 that says what is wrong with the envelope. */
function parseItems(body: Buffer): unknown[] {
  if (body.length === 0) throw new BadRequestException('Body is empty: send {"items": [...]}');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequestException('Body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Array.isArray((parsed as { items?: unknown }).items)) {
    throw new BadRequestException('Body must be a JSON object with an "items" array');
  }
  const items = (parsed as { items: unknown[] }).items;
  if (items.length === 0) throw new BadRequestException('items is empty');
  if (items.length > WEBHOOK_MAX_ITEMS) throw new BadRequestException(`items has more than ${WEBHOOK_MAX_ITEMS} entries; split the batch`);
  return items;
}
