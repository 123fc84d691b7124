import { ValidationPipe } from '@nestjs/common';

/**
 * One validation path for bodies, queries and params: unknown fields are an error (a typo in a
 * field name must not be silently ignored), values are converted only where a DTO says so.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Echoing the rejected value could put a password or a token into a response or a log.
    validationError: { target: false, value: false },
  });
}
