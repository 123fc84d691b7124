import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SourceHealth, SourceView } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';

import { summarizeState } from './source-health';

/** The source's state in a word or two, coloured; "needs attention" says why in the same line. */
@Component({
  selector: 'asc-source-state-chip',
  imports: [TranslatePipe],
  template: `
    @let s = summary();
    <span class="chip" [class]="'chip state-' + s.state" data-testid="source-state" [attr.data-state]="s.state">
      {{ s.key | translate: s.params }}
    </span>
    @if (s.reasonKey && showReason()) {
      <span class="reason" data-testid="source-attention-reason">{{ s.reasonKey | translate }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
    }
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
    }
    .state-ok {
      background: var(--asc-positive-bg, #e6f4ea);
      color: var(--asc-positive-fg, #1e4620);
    }
    .state-failing {
      background: #fff3e0;
      color: #7a3e00;
    }
    .state-attention {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .state-paused,
    .state-idle {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    .reason {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SourceStateChipComponent {
  readonly source = input.required<SourceView>();
  readonly health = input<SourceHealth | null>(null);
  readonly showReason = input(true);

  protected readonly summary = computed(() => summarizeState(this.source(), this.health()));
}
