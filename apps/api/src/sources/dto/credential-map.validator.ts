import { registerDecorator, type ValidationOptions } from 'class-validator';

export const MAX_CREDENTIALS = 20;
/** Long enough for any API key, OAuth token or app password we know of; refuses pasted junk. */
export const MAX_CREDENTIAL_LENGTH = 8_192;
const CREDENTIAL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** An object of string values (credentials by key); values are never echoed in the message. */
export function isCredentialMap(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_CREDENTIALS &&
    entries.every(([key, v]) => CREDENTIAL_KEY.test(key) && typeof v === 'string' && v.length <= MAX_CREDENTIAL_LENGTH)
  );
}

export function IsCredentialMap(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCredentialMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be an object of at most ${MAX_CREDENTIALS} text values (each at most ${MAX_CREDENTIAL_LENGTH} characters) by credential name`,
        ...options,
      },
      validator: { validate: isCredentialMap },
    });
  };
}
