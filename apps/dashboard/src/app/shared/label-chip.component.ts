import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';

export type LabelKind = 'sentiment' | 'category' | 'intent' | 'status' | 'language' | 'flushReason' | 'ticketStatus';

/** A small, colour-coded, translated taxonomy label (sentiment, category, status…). */
@Component({
  selector: 'asc-label-chip',
  imports: [TranslatePipe],
  template: `<span [class]="'chip chip--' + kind() + ' chip--' + value()">{{ key() | translate }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 1px 8px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      line-height: 20px;
      white-space: nowrap;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    .chip--sentiment.chip--negative {
      background: var(--asc-negative-bg);
      color: var(--asc-negative-fg);
    }
    .chip--sentiment.chip--neutral {
      background: var(--asc-neutral-bg);
      color: var(--asc-neutral-fg);
    }
    .chip--sentiment.chip--positive {
      background: var(--asc-positive-bg);
      color: var(--asc-positive-fg);
    }
    .chip--category.chip--service {
      background: var(--asc-service-bg);
      color: var(--asc-service-fg);
    }
    .chip--category.chip--marketing {
      background: var(--asc-marketing-bg);
      color: var(--asc-marketing-fg);
    }
    .chip--category.chip--flush {
      background: var(--asc-flush-bg);
      color: var(--asc-flush-fg);
    }
    .chip--status.chip--new,
    .chip--ticketStatus.chip--open {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .chip--status.chip--in_progress,
    .chip--ticketStatus.chip--pending {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .chip--language {
      background: transparent;
      border: 1px solid var(--mat-sys-outline-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LabelChipComponent {
  readonly kind = input.required<LabelKind>();
  readonly value = input.required<string>();

  protected readonly key = computed(() => `taxonomy.${this.kind()}.${this.value()}`);
}
