import { buildSource, buildSourceHealth, buildSourceRun } from './testing/source-fixtures';
import { chronological, formatDuration, quotaPercent, runTotals, summarizeState } from './source-health';

describe('source health', () => {
  describe(summarizeState.name, () => {
    it('says how many failures in a row a failing source had', () => {
      expect(summarizeState(buildSource(), buildSourceHealth({ state: 'failing', consecutiveFailures: 3 }))).toEqual({
        state: 'failing',
        key: 'sources.state.failing',
        params: { count: 3 },
        reasonKey: null,
        adviceKey: null,
      });
    });

    it('gives the reason and what to do when a person is needed', () => {
      const summary = summarizeState(buildSource(), buildSourceHealth({ state: 'attention', attention: 'credentials_rejected' }));
      expect(summary.key).toBe('sources.state.attention');
      expect(summary.reasonKey).toBe('sources.attention.credentials_rejected');
      expect(summary.adviceKey).toBe('sources.advice.credentials_rejected');
    });

    it.each([
      ['ok', 'sources.state.ok'],
      ['paused', 'sources.state.paused'],
      ['idle', 'sources.state.idle'],
    ] as const)('names the %s state', (state, key) => {
      expect(summarizeState(buildSource(), buildSourceHealth({ state })).key).toBe(key);
    });

    it('falls back on the list fields before health has loaded', () => {
      expect(summarizeState(buildSource({ enabled: false, attention: 'quota_exhausted' }), null).state).toBe('paused');
      expect(summarizeState(buildSource({ attention: 'quota_exhausted' }), null).reasonKey).toBe('sources.attention.quota_exhausted');
      expect(summarizeState(buildSource({ consecutiveFailures: 2, lastRunAt: '2026-11-20T10:00:00Z' }), null).params).toEqual({ count: 2 });
      expect(summarizeState(buildSource({ lastRunAt: '2026-11-20T10:00:00Z' }), null).state).toBe('ok');
      expect(summarizeState(buildSource(), null).state).toBe('idle');
    });
  });

  describe(formatDuration.name, () => {
    it('picks a unit a person reads at a glance, in the UI language', () => {
      expect(formatDuration(45, 'en')).toBe('45 sec');
      expect(formatDuration(95, 'en')).toBe('1.6 min');
      expect(formatDuration(600, 'en')).toBe('10 min');
      expect(formatDuration(7200, 'en')).toBe('2 hr');
      expect(formatDuration(3 * 86_400, 'en')).toBe('3 days');
      expect(formatDuration(600, 'it')).toBe('10 min');
      expect(formatDuration(-5, 'en')).toBe('0 sec');
    });
  });

  describe(quotaPercent.name, () => {
    it('is the used share, bounded to 0–100', () => {
      expect(quotaPercent({ unit: 'units', period: '2026-11-20', used: 2500, limit: 10_000, remaining: 7500 })).toBe(25);
      expect(quotaPercent({ unit: 'usd', period: '2026-11', used: 12, limit: 10, remaining: 0 })).toBe(100);
      expect(quotaPercent({ unit: 'usd', period: '2026-11', used: 0, limit: 0, remaining: 0 })).toBe(100);
    });
  });

  describe('runs', () => {
    it('orders runs oldest first and totals them', () => {
      const runs = [
        buildSourceRun({ id: 'b', startedAt: '2026-11-20T10:02:00.000Z', created: 1, duplicates: 2 }),
        buildSourceRun({ id: 'a', startedAt: '2026-11-20T10:00:00.000Z', status: 'failed', created: 0, duplicates: 0 }),
      ];
      expect(chronological(runs).map((run) => run.id)).toEqual(['a', 'b']);
      expect(runTotals(runs)).toEqual({ runs: 2, created: 1, duplicates: 2, failed: 1 });
    });
  });
});
