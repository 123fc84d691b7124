import { registerDecorator, type ValidationOptions } from 'class-validator';
import { validate as isValidCron } from 'node-cron';

/** Longer than any sensible expression; keeps junk out of the parser. */
const MAX_SCHEDULE_LENGTH = 100;

/**
 * A schedule the worker's node-cron accepts: five fields (minute hour day-of-month month
 * day-of-week) or six with seconds first. Seconds are allowed because tests and demos poll their
 * loopback feeds every few seconds; for real feeds a minute or more is the polite choice.
 */
export function isCronSchedule(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_SCHEDULE_LENGTH) return false;
  const fields = value.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && isValidCron(fields.join(' '));
}

export function IsCronSchedule(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCronSchedule',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must be a cron expression (minute hour day-of-month month day-of-week, optionally seconds first), e.g. "*/2 * * * *"',
        ...options,
      },
      validator: { validate: isCronSchedule },
    });
  };
}
