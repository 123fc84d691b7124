import { isFiveFieldCron } from './cron-schedule.validator';

describe(isFiveFieldCron.name, () => {
  it.each(['*/2 * * * *', '0 9 * * 1-5', '  15 */3 * * *  '])('accepts %j', (value) => {
    expect(isFiveFieldCron(value)).toBe(true);
  });

  it.each(['* * * * * *', '61 * * * *', 'every minute', '', '* * * *', 42, null])('refuses %j', (value) => {
    expect(isFiveFieldCron(value)).toBe(false);
  });
});
