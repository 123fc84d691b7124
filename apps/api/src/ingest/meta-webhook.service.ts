import { BadRequestException, ForbiddenException, Inject, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { igMentionExternalId, igMentionHash, parseMetaMentions, verifyMetaSignature } from '@ascolto/collectors';
import { CredentialCipher, CredentialKeyError, SourceEntity } from '@ascolto/persistence';
import { storeInboundRows } from './inbound-store';
import { WEBHOOK_CIPHER } from './ingest.tokens';

export interface MetaWebhookResult {
  stored: number;
  duplicates: number;
  ignored: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Meta's challenge is a number; anything else is not echoed (the answer is ours to vouch for). */
const CHALLENGE = /^[A-Za-z0-9._-]{1,256}$/;
const NOT_FOUND = 'No Instagram source with this id';

/**
 * Meta's webhook for Instagram sources: the subscription handshake, and `mentions` deliveries
 * stored as references in `inbound_items` (Meta keeps no copy, and sends only ids). The
 * Instagram run reads what they refer to. Only storage happens here, so Meta gets its 200 fast.
 */
@Injectable()
export class MetaWebhookService {
  private readonly logger = new Logger(MetaWebhookService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(WEBHOOK_CIPHER) private readonly cipher: CredentialCipher,
  ) {}

  /** `hub.challenge` when the mode is `subscribe` and the token is the source's; else 403. */
  async verify(sourceId: string, query: { mode?: string; token?: string; challenge?: string }): Promise<string> {
    const refused = new ForbiddenException('Verification refused');
    const source = await this.instagramSource(sourceId);
    if (!source || query.mode !== 'subscribe' || !query.challenge || !CHALLENGE.test(query.challenge)) throw refused;
    const expected = this.credentials(source)?.['webhookVerifyToken'];
    if (!expected) {
      this.logger.warn({ sourceId }, `instagram source "${source.name}": Meta tried to verify the webhook, but the source has no webhook verify token`);
      throw refused;
    }
    if (!sameText(expected, query.token ?? '')) {
      this.logger.warn({ sourceId }, `instagram source "${source.name}": webhook verification with a wrong verify token refused`);
      throw refused;
    }
    this.logger.log({ sourceId }, `instagram source "${source.name}": Meta webhook subscription verified`);
    return query.challenge;
  }

  async receive(sourceId: string, signature: string | undefined, body: Buffer): Promise<MetaWebhookResult> {
    const source = await this.instagramSource(sourceId);
    if (!source) throw new NotFoundException(NOT_FOUND);
    const secret = this.credentials(source)?.['appSecret'];
    if (!secret) {
      // Meta cannot fix this; the admin can: say so in the log, refuse like a bad signature.
      this.logger.warn({ sourceId }, `instagram source "${source.name}" has no app secret; Meta webhook delivery refused`);
      throw new UnauthorizedException('Signature check failed');
    }
    if (!verifyMetaSignature(secret, signature, body)) {
      this.logger.warn({ sourceId }, `instagram source "${source.name}": Meta webhook delivery with a bad X-Hub-Signature-256 refused`);
      throw new UnauthorizedException('Signature check failed');
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BadRequestException('Body is not valid JSON');
    }
    const igUserId = typeof source.settings?.['igUserId'] === 'string' || typeof source.settings?.['igUserId'] === 'number' ? String(source.settings['igUserId']).trim() : null;
    const found = parseMetaMentions(parsed, igUserId);
    if (!found) throw new BadRequestException('Body is not a Meta webhook delivery ({object, entry: [...]})');
    if (found.ignored.length) {
      this.logger.debug({ sourceId, ignored: found.ignored.slice(0, 20) }, `instagram source "${source.name}": ${found.ignored.length} webhook change(s) that are not @mentions of the account ignored`);
    }
    const rows = found.refs.map((ref) => ({ externalId: igMentionExternalId(ref), hash: igMentionHash(ref), item: ref }));
    const stored = await storeInboundRows(this.dataSource, source.id, rows);
    const result = { stored, duplicates: rows.length - stored, ignored: found.ignored.length };
    if (rows.length) this.logger.log({ sourceId, ...result }, `instagram source "${source.name}": ${stored} new @mention reference(s) stored`);
    return result;
  }

  private async instagramSource(sourceId: string): Promise<SourceEntity | null> {
    if (!UUID.test(sourceId)) return null;
    const source = await this.dataSource.getRepository(SourceEntity).findOneBy({ id: sourceId });
    return source && source.type === 'instagram' ? source : null;
  }

  private credentials(source: SourceEntity): Record<string, string> | null {
    try {
      return this.cipher.decrypt(source.id, source.credentialsEncrypted);
    } catch (error) {
      if (!(error instanceof CredentialKeyError)) throw error;
      this.logger.error({ sourceId: source.id }, `instagram source "${source.name}": credentials cannot be read (${error.message})`);
      return null;
    }
  }
}

/** Constant-time comparison: both are padded to the longer length, so timing does not show where they differ. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  const length = Math.max(left.length, right.length, 1);
  const l = Buffer.alloc(length);
  const r = Buffer.alloc(length);
  left.copy(l);
  right.copy(r);
  return timingSafeEqual(l, r) && left.length === right.length;
}
