import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';

/** Priority 0–100, with its band (low/medium/high) in words for people who do not see the colour. */
@Component({
  selector: 'asc-priority-badge',
  imports: [TranslatePipe],
  template: `<span
    class="badge"
    [class]="'badge badge--' + band()"
    [attr.title]="'priority.' + band() | translate"
    [attr.aria-label]="'priority.label' | translate: { value: value(), band: ('priority.' + band() | translate) }"
    >{{ value() }}</span
  >`,
  styles: `
    .badge {
      display: inline-block;
      min-width: 28px;
      padding: 1px 6px;
      border-radius: 6px;
      text-align: center;
      font: var(--mat-sys-label-medium);
      font-variant-numeric: tabular-nums;
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .badge--high {
      color: var(--asc-high-priority);
      border-color: var(--asc-high-priority);
      font-weight: 700;
    }
    .badge--medium {
      color: var(--mat-sys-on-surface);
    }
    .badge--low {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PriorityBadgeComponent {
  readonly value = input.required<number>();

  protected readonly band = computed(() => {
    const value = this.value();
    return value >= 70 ? 'high' : value >= 40 ? 'medium' : 'low';
  });
}
