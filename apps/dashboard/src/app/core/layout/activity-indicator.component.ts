import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, InjectionToken, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { ActivityView } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import { catchError, filter, interval, of, startWith, switchMap } from 'rxjs';

import { ActivityApiService } from '../api/activity-api.service';
import { LanguageService } from '../i18n/language.service';

/** How often the toolbar asks what the workers are doing in the background. */
export const ACTIVITY_POLL_INTERVAL_MS = new InjectionToken<number>('ACTIVITY_POLL_INTERVAL_MS', {
  providedIn: 'root',
  factory: () => 15_000,
});

/**
 * A running indicator in the toolbar while a worker re-analyses the mentions an older pipeline
 * labelled (after an upgrade): their labels and priorities are changing under people's eyes, so
 * the dashboard says so, with how far it has got. Nothing is shown when nothing runs.
 */
@Component({
  selector: 'asc-activity-indicator',
  imports: [MatProgressSpinnerModule, TranslatePipe],
  template: `
    @if (reanalysis(); as run) {
      <span class="activity" role="status" data-testid="activity-reanalysis" [attr.title]="'activity.reanalysisHint' | translate: { version: run.pipelineVersion }">
        <!-- Indeterminate: it says "running"; how far it has got is in the text. -->
        <mat-progress-spinner mode="indeterminate" diameter="16" strokeWidth="2" aria-hidden="true" />
        {{ 'activity.reanalysis' | translate: { percent: run.percent, processed: run.processed, total: run.total } }}
      </span>
    }
  `,
  styles: `
    .activity {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      padding: 4px 12px;
      border-radius: 16px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActivityIndicatorComponent {
  private readonly api = inject(ActivityApiService);
  private readonly lang = inject(LanguageService).lang;
  private readonly document = inject(DOCUMENT);

  private readonly view = toSignal(
    interval(inject(ACTIVITY_POLL_INTERVAL_MS)).pipe(
      startWith(0),
      // A background tab does not need to know; the next visible tick catches up.
      filter(() => this.document.visibilityState !== 'hidden'),
      // A failed poll (API restarting) hides the indicator until the next one answers.
      switchMap(() => this.api.list().pipe(catchError(() => of<ActivityView>({ items: [] })))),
    ),
    { initialValue: { items: [] } as ActivityView },
  );

  /** All workers' re-analysis progress as one (one worker runs it at a time; summed to be safe). */
  protected readonly reanalysis = computed(() => {
    const runs = this.view().items.filter((item) => item.kind === 'reanalysis');
    if (runs.length === 0) return null;
    const processed = runs.reduce((sum, run) => sum + run.processed, 0);
    const total = runs.reduce((sum, run) => sum + run.total, 0);
    const format = (n: number) => n.toLocaleString(this.lang() === 'it' ? 'it-IT' : 'en-GB');
    return {
      pipelineVersion: runs[0].pipelineVersion,
      percent: total > 0 ? Math.min(100, Math.floor((processed / total) * 100)) : 0,
      processed: format(processed),
      total: format(total),
    };
  });
}
