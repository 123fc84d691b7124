import { isCronSchedule } from './cron-schedule.validator';

describe(isCronSchedule.name, () => {
  it.each(['*/2 * * * *', '0 9 * * 1-5', '  15 */3 * * *  ', '*/2 * * * * *'])('accepts %j', (value) => {
    expect(isCronSchedule(value)).toBe(true);
  });

  it.each(['61 * * * *', '* 25 * * *', 'every minute', '', '* * * *', '* * * * * * *', `${'1,'.repeat(60)}2 * * * *`, 42, null])(
    'refuses %j',
    (value) => {
      expect(isCronSchedule(value)).toBe(false);
    },
  );
});
