import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { TopicRetagView } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';

/**
 * Where the re-tagging of a topic's mentions stands: a progress bar while the worker goes through
 * the mentions already collected, then how many mentions carry the topic. The error of a failed
 * job is bound as text.
 */
@Component({
  selector: 'asc-topic-retag-status',
  imports: [MatProgressBarModule, TranslatePipe],
  template: `@switch (view().kind) {
      @case ('working') {
        <div class="working" data-testid="topic-retag-running" role="status">
          <span class="label" data-testid="topic-retag-label">{{
            percent() === null ? ('topics.retag.pending' | translate) : ('topics.retag.running' | translate: { percent: percent() })
          }}</span>
          <mat-progress-bar
            [mode]="percent() === null ? 'indeterminate' : 'determinate'"
            [value]="percent() ?? 0"
            [attr.aria-label]="'topics.retag.progressLabel' | translate: { name: name() }"
          />
          @if (retrying()) {
            <span class="note" data-testid="topic-retag-retrying">{{ 'topics.retag.retrying' | translate }}</span>
          }
        </div>
      }
      @case ('done') {
        <span data-testid="topic-retag-matched">{{
          (retag()?.matched === 1 ? 'topics.retag.matched.one' : 'topics.retag.matched.other') | translate: { count: retag()?.matched }
        }}</span>
      }
      @case ('failed') {
        <span class="failed" data-testid="topic-retag-failed"
          >{{ 'topics.retag.failed' | translate }} <span class="detail">{{ retag()?.error }}</span></span
        >
      }
      @default {
        <span class="muted" aria-hidden="true">—</span>
      }
    }`,
  styles: `
    .working {
      display: flex;
      flex-direction: column;
      gap: 4px;
      min-width: 160px;
    }
    .label {
      font-variant-numeric: tabular-nums;
    }
    .note,
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .failed {
      color: var(--mat-sys-error);
    }
    .detail {
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TopicRetagStatusComponent {
  readonly retag = input.required<TopicRetagView | null>();
  /** The topic's name, for the progress bar's accessible label. */
  readonly name = input.required<string>();

  protected readonly view = computed(() => {
    const retag = this.retag();
    if (retag === null) return { kind: 'none' as const };
    if (retag.state === 'pending' || retag.state === 'running') return { kind: 'working' as const };
    if (retag.state === 'succeeded' && retag.matched !== null) return { kind: 'done' as const };
    if (retag.state === 'failed') return { kind: 'failed' as const };
    return { kind: 'none' as const };
  });

  /** Whole percent of the mentions read; null before the worker has counted them. */
  protected readonly percent = computed(() => {
    const retag = this.retag();
    if (!retag || retag.state !== 'running' || retag.total === null) return null;
    if (retag.total === 0) return 100;
    return Math.min(100, Math.floor((100 * retag.processed) / retag.total));
  });

  /** Waiting for a retry after a failed attempt. */
  protected readonly retrying = computed(() => {
    const retag = this.retag();
    return retag?.state === 'pending' && retag.error !== null;
  });
}
