import { registerDecorator, type ValidationOptions } from 'class-validator';
import { validate as isValidCron } from 'node-cron';

/**
 * A node-cron expression with exactly five fields. node-cron also accepts a sixth (seconds) field;
 * we refuse it because a per-second schedule would hammer a feed and get us blocked by its host.
 */
export function isFiveFieldCron(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 100) return false;
  const fields = value.trim().split(/\s+/);
  return fields.length === 5 && isValidCron(fields.join(' '));
}

export function IsCronSchedule(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCronSchedule',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must be a cron expression with five fields (minute hour day-of-month month day-of-week), e.g. "*/2 * * * *"',
        ...options,
      },
      validator: { validate: isFiveFieldCron },
    });
  };
}
