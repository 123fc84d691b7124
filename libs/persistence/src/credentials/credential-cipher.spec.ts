import { randomBytes } from 'node:crypto';
import { CredentialCipher, CredentialKeyError } from './credential-cipher';

describe('CredentialCipher', () => {
  const key = randomBytes(32);
  const cipher = CredentialCipher.withKey(key);

  it('round-trips credentials and never stores them in clear', () => {
    const stored = cipher.encrypt('source-1', { appPassword: 'abcd-efgh-ijkl-mnop' });
    expect(stored).not.toContain('abcd');
    expect(stored.startsWith('v1:')).toBe(true);
    expect(cipher.decrypt('source-1', stored)).toEqual({ appPassword: 'abcd-efgh-ijkl-mnop' });
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('s', { a: 'b' })).not.toEqual(cipher.encrypt('s', { a: 'b' }));
  });

  it('refuses a ciphertext moved to another source, a tampered one, and a different key', () => {
    const stored = cipher.encrypt('source-1', { token: 'secret' });
    expect(() => cipher.decrypt('source-2', stored)).toThrow(CredentialKeyError);
    const parts = stored.split(':');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt('source-1', [parts[0], parts[1], parts[2], flipped.toString('base64url')].join(':'))).toThrow(CredentialKeyError);
    expect(() => CredentialCipher.withKey(randomBytes(32)).decrypt('source-1', stored)).toThrow(/cannot be decrypted/);
  });

  it('reads the key from the environment as hex or base64 and says clearly when it is missing or wrong', () => {
    const fromHex = CredentialCipher.fromEnv({ ASCOLTO_CREDENTIALS_KEY: key.toString('hex') });
    const fromB64 = CredentialCipher.fromEnv({ ASCOLTO_CREDENTIALS_KEY: key.toString('base64') });
    expect(fromB64.decrypt('s', fromHex.encrypt('s', { k: 'v' }))).toEqual({ k: 'v' });
    const none = CredentialCipher.fromEnv({});
    expect(none.configured).toBe(false);
    expect(none.decrypt('s', null)).toEqual({});
    expect(() => none.encrypt('s', { k: 'v' })).toThrow(/ASCOLTO_CREDENTIALS_KEY is not set/);
    expect(() => CredentialCipher.fromEnv({ ASCOLTO_CREDENTIALS_KEY: 'short' })).toThrow(/32 bytes/);
  });
});
