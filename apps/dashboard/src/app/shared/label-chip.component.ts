import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatTooltip } from '@angular/material/tooltip';
import { type LabelExplanation, reasonText } from '@ascolto/domain';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { LanguageService } from '../core/i18n/language.service';

export type LabelKind = 'sentiment' | 'category' | 'intent' | 'status' | 'language' | 'flushReason' | 'ticketStatus';

/** Below this confidence a machine label is shown as a guess (dashed outline and a question mark). */
export const LOW_CONFIDENCE = 0.5;

/**
 * A small, colour-coded, translated taxonomy label (sentiment, category, status…). Given the
 * pipeline's explanation, it also shows how sure the machine was and, on hover or focus, why —
 * so an agent can tell a confident "complaint" from a guess without opening the mention.
 */
@Component({
  selector: 'asc-label-chip',
  imports: [TranslatePipe, MatTooltip],
  template: `@if (explanation(); as e) {
      <span
        [class]="'chip chip--' + kind() + ' chip--' + value()"
        [class.chip--unsure]="unsure()"
        tabindex="0"
        [attr.aria-label]="ariaLabel()"
        [matTooltip]="reasons()"
        matTooltipClass="asc-reasons-tooltip"
        data-testid="label-chip"
        >{{ key() | translate }}@if (unsure()) {<span class="unsure" aria-hidden="true">?</span>}<span class="confidence" aria-hidden="true"
          >{{ percent() }}%</span
        ></span
      >
    } @else {
      <span [class]="'chip chip--' + kind() + ' chip--' + value()" data-testid="label-chip">{{ key() | translate }}</span>
    }`,
  styles: `
    .confidence {
      margin-left: 4px;
      opacity: 0.7;
      font-variant-numeric: tabular-nums;
    }
    .unsure {
      margin-left: 1px;
    }
    .chip--unsure {
      outline: 1px dashed currentColor;
      outline-offset: -1px;
    }
    .chip:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
    }
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
  private readonly translate = inject(TranslateService);
  private readonly lang = inject(LanguageService).lang;
  readonly kind = input.required<LabelKind>();
  readonly value = input.required<string>();
  /** The pipeline's explanation of this label, when it is a machine label. */
  readonly explanation = input<LabelExplanation | null>(null);

  protected readonly key = computed(() => `taxonomy.${this.kind()}.${this.value()}`);
  protected readonly percent = computed(() => Math.round(Math.max(0, Math.min(1, this.explanation()?.confidence ?? 0)) * 100));
  protected readonly unsure = computed(() => (this.explanation()?.confidence ?? 1) < LOW_CONFIDENCE);
  /** Reasons as plain text (the tooltip renders text, never HTML), in the UI language. */
  protected readonly reasons = computed(() => {
    const decimal = this.lang() === 'it' ? ',' : '.';
    const t = (key: string, params?: Record<string, unknown>) => this.translate.instant(key, params);
    return (this.explanation()?.reasons ?? [])
      .slice(0, 4)
      .map((reason) => reasonText(reason, t, { decimal }))
      .join(' · ');
  });
  protected readonly ariaLabel = computed(() => {
    const label = this.translate.instant(this.key());
    const confidence = this.translate.instant('mention.confidence', { value: this.percent() });
    const reasons = this.reasons();
    return reasons ? `${label}, ${confidence}: ${reasons}` : `${label}, ${confidence}`;
  });
}
