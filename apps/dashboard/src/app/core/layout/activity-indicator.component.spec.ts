import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ActivityView } from '@ascolto/domain';

import { byTestId } from '../../../testing/dom';
import { provideTestTranslations } from '../../../testing/translate-testing';
import { ACTIVITY_POLL_INTERVAL_MS, ActivityIndicatorComponent } from './activity-indicator.component';

describe(ActivityIndicatorComponent.name, () => {
  let fixture: ComponentFixture<ActivityIndicatorComponent>;
  let http: HttpTestingController;
  const POLL_MS = 40;

  const reanalysis = (processed: number, total: number): ActivityView => ({
    items: [{ kind: 'reanalysis', pipelineVersion: 'linear-5', processed, total, startedAt: '2026-11-23T08:00:00.000Z', workerId: 'w-1' }],
  });

  async function start(): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideTestTranslations('en'), { provide: ACTIVITY_POLL_INTERVAL_MS, useValue: POLL_MS }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ActivityIndicatorComponent);
    await fixture.whenStable();
  }

  /** Answers the next poll (a tick that comes before the answer cancels the request it replaces). */
  const nextPoll = async (body: ActivityView | 'fail') => {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS + 10));
    const open = http.match('/api/activity').filter((request) => !request.cancelled);
    expect(open).toHaveLength(1);
    if (body === 'fail') open[0].flush({ message: 'down' }, { status: 502, statusText: 'Bad Gateway' });
    else open[0].flush(body);
    await fixture.whenStable();
  };

  afterEach(() => {
    fixture.destroy();
    // Polls that came after the test's last answer are cancelled with the component.
    http.match('/api/activity');
    http.verify();
  });

  it('shows nothing while the workers do nothing in the background', async () => {
    await start();
    http.expectOne('/api/activity').flush({ items: [] });
    await fixture.whenStable();
    expect(byTestId(fixture, 'activity-reanalysis')).toBeNull();
  });

  it('shows a running re-analysis with how far it has got, and follows it until it ends', async () => {
    await start();
    http.expectOne('/api/activity').flush(reanalysis(1_500, 80_000));
    await fixture.whenStable();
    const indicator = () => byTestId(fixture, 'activity-reanalysis');
    expect(indicator()?.textContent?.trim()).toBe('Re-analysing mentions 1% (1,500 of 80,000)');
    expect(indicator()?.getAttribute('role')).toBe('status');
    expect(indicator()?.getAttribute('title')).toContain('linear-5');

    await nextPoll(reanalysis(40_000, 80_000));
    expect(indicator()?.textContent?.trim()).toBe('Re-analysing mentions 50% (40,000 of 80,000)');

    // A failed poll hides it rather than showing a stale figure; the next answer brings it back.
    await nextPoll('fail');
    expect(indicator()).toBeNull();
    await nextPoll(reanalysis(80_000, 80_000));
    expect(indicator()?.textContent?.trim()).toBe('Re-analysing mentions 100% (80,000 of 80,000)');

    await nextPoll({ items: [] });
    expect(indicator()).toBeNull();
  });
});
