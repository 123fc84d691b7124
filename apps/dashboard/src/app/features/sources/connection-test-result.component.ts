import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { SourceConnectionTest } from '@ascolto/domain';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { TranslatePipe } from '@ngx-translate/core';

import { DateFormatPipe } from '../../shared/date-format.pipe';

/** At most this many sample items are shown: enough to recognise the feed, short enough to read. */
export const TEST_SAMPLE_MAX = 5;

/** What a connection test is doing or found. Everything from the source is bound as text. */
@Component({
  selector: 'asc-connection-test-result',
  imports: [MatProgressSpinnerModule, TranslatePipe, DateFormatPipe],
  template: `
    <div class="result" aria-live="polite">
      @if (running()) {
        <p class="running" data-testid="source-test-running">
          <mat-spinner diameter="18" />
          <span>{{ 'sources.test.running' | translate }}</span>
        </p>
      } @else if (result(); as r) {
        <div class="outcome" [class.ok]="r.ok" [class.failed]="!r.ok" data-testid="source-test-result" [attr.data-ok]="r.ok">
          <p>
            <strong>{{ (r.ok ? 'sources.test.ok' : 'sources.test.failed') | translate }}</strong>
            <span class="duration">{{ 'sources.test.duration' | translate: { ms: r.durationMs } }}</span>
          </p>
          <p class="message" data-testid="source-test-message">{{ r.message }}</p>
          @if (r.sample.length > 0) {
            <p class="sample-title">{{ 'sources.test.sample' | translate }}</p>
            <ul class="sample">
              @for (item of r.sample.slice(0, max); track $index) {
                <li data-testid="source-test-sample">
                  @if (item.title) {
                    <span class="item-title">{{ item.title }}</span>
                  }
                  <span class="item-text">{{ item.text }}</span>
                  <span class="item-meta">{{ item.publishedAt | ascDate: lang() }}@if (item.url) { · {{ item.url }} }</span>
                </li>
              }
            </ul>
          }
        </div>
      } @else if (error(); as e) {
        <div class="outcome failed" role="alert" data-testid="source-test-error">
          <p><strong>{{ 'sources.test.error' | translate }}</strong></p>
          @if (e !== true) {
            <p class="message">{{ e }}</p>
          }
        </div>
      }
    </div>
  `,
  styles: `
    .running {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 4px 0;
    }
    .outcome {
      padding: 8px 12px;
      border-radius: 8px;
      p {
        margin: 0 0 4px;
      }
    }
    .outcome.ok {
      background: var(--asc-positive-bg, #e6f4ea);
      color: var(--asc-positive-fg, #1e4620);
    }
    .outcome.failed {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .duration {
      margin-left: 8px;
      font: var(--mat-sys-body-small);
    }
    .message {
      white-space: pre-line;
    }
    .message,
    .item-text,
    .item-meta {
      overflow-wrap: anywhere;
    }
    .sample {
      margin: 0;
      padding-left: 18px;
      li {
        margin-bottom: 4px;
      }
    }
    .item-title {
      font-weight: 600;
      margin-right: 6px;
    }
    .item-text {
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    .item-meta {
      display: block;
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionTestResultComponent {
  readonly running = input(false);
  readonly result = input<SourceConnectionTest | null>(null);
  /** The request itself failed: the API's message, or true when it gave none. */
  readonly error = input<string | true | null>(null);
  readonly lang = input('en');

  protected readonly max = TEST_SAMPLE_MAX;
}
