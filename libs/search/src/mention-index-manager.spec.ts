import { monthlyIndexName } from './mention-index-manager';

describe('monthlyIndexName', () => {
  it('uses the UTC month of publication', () => {
    expect(monthlyIndexName('ascolto-', '2026-03-05T10:00:00Z')).toBe('ascolto-mentions-2026.03');
    expect(monthlyIndexName('ascolto-', new Date(Date.UTC(2025, 11, 31, 23, 59, 59)))).toBe('ascolto-mentions-2025.12');
    // 00:30 in Rome on 1 April is still March in UTC.
    expect(monthlyIndexName('x-', '2026-04-01T00:30:00+02:00')).toBe('x-mentions-2026.03');
  });

  it('refuses what is not a date', () => {
    expect(() => monthlyIndexName('a-', 'yesterday')).toThrow(/not a valid date/);
    expect(() => monthlyIndexName('a-', '')).toThrow(/not a valid date/);
    expect(() => monthlyIndexName('a-', new Date(Date.UTC(12000, 0, 1)))).toThrow(/year/);
  });
});
