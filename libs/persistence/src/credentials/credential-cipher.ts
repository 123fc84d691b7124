import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The environment variable that holds the key: 32 bytes as base64 or 64 hex characters. */
export const CREDENTIALS_KEY_ENV = 'ASCOLTO_CREDENTIALS_KEY';

const VERSION = 'v1';
const IV_BYTES = 12;

export class CredentialKeyError extends Error {}

/**
 * Encrypts source credentials at rest with AES-256-GCM. The source id is bound in as additional
 * authenticated data, so a ciphertext copied onto another source's row fails to decrypt instead
 * of lending it the credentials. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64url parts).
 */
export class CredentialCipher {
  private constructor(private readonly key: Buffer | null) {}

  /** A cipher from the environment; without the key it can still say "not configured". */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): CredentialCipher {
    const raw = env[CREDENTIALS_KEY_ENV]?.trim();
    if (!raw) return new CredentialCipher(null);
    return new CredentialCipher(parseKey(raw));
  }

  static withKey(key: Buffer): CredentialCipher {
    if (key.length !== 32) throw new CredentialKeyError(`${CREDENTIALS_KEY_ENV} must be 32 bytes`);
    return new CredentialCipher(key);
  }

  get configured(): boolean {
    return this.key !== null;
  }

  encrypt(sourceId: string, credentials: Record<string, string>): string {
    const key = this.requireKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(sourceId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
  }

  decrypt(sourceId: string, stored: string | null): Record<string, string> {
    if (!stored) return {};
    const key = this.requireKey();
    const [version, iv, tag, ciphertext] = stored.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new CredentialKeyError('stored credentials have an unknown format');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(sourceId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      const parsed = JSON.parse(plain) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      // Never echo anything of the ciphertext or the key.
      throw new CredentialKeyError(`stored credentials cannot be decrypted with ${CREDENTIALS_KEY_ENV} (key changed?)`);
    }
  }

  private requireKey(): Buffer {
    if (!this.key) throw new CredentialKeyError(`${CREDENTIALS_KEY_ENV} is not set: credentials cannot be stored or read`);
    return this.key;
  }
}

function parseKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new CredentialKeyError(`${CREDENTIALS_KEY_ENV} must be 32 bytes, as base64 or 64 hex characters`);
  return key;
}
