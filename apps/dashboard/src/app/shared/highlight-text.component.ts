import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { type HighlightSegment, parseHighlight } from './highlight-segments';

/**
 * The one place search highlights are shown. Mention text is hostile, so nothing here is ever
 * parsed as HTML: the highlight is split into segments and each is bound as text, the matches
 * inside <mark>. Without a highlight the plain text is shown as it is.
 */
@Component({
  selector: 'asc-highlight-text',
  template: `@for (segment of segments(); track $index) {
    @if (segment.marked) {
      <mark>{{ segment.text }}</mark>
    } @else {
      <ng-container>{{ segment.text }}</ng-container>
    }
  }`,
  styles: `
    :host {
      white-space: pre-line;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HighlightTextComponent {
  /** Plain text, shown when there is no highlight. */
  readonly text = input<string>('');
  /** Elasticsearch highlight: HTML-escaped text with `<em>` tags only, or null. */
  readonly highlight = input<string | null | undefined>(null);

  protected readonly segments = computed<HighlightSegment[]>(() => {
    const highlight = this.highlight();
    if (highlight === null || highlight === undefined) {
      return [{ text: this.text(), marked: false }];
    }
    return parseHighlight(highlight);
  });
}
