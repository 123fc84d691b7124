import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { MentionListItem } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';

import { DateFormatPipe, RelativeTimePipe } from '../../shared/date-format.pipe';
import { HighlightTextComponent } from '../../shared/highlight-text.component';
import { displayTitle } from '../../shared/display-title';
import { displayHost } from '../../shared/http-url';
import { LabelChipComponent } from '../../shared/label-chip.component';
import { PriorityBadgeComponent } from '../../shared/priority-badge.component';

/** What one inbox row shows about a mention. Every string from the mention is bound as text. */
@Component({
  selector: 'asc-mention-summary',
  imports: [TranslatePipe, DateFormatPipe, RelativeTimePipe, HighlightTextComponent, LabelChipComponent, PriorityBadgeComponent],
  templateUrl: './mention-summary.component.html',
  styleUrl: './mention-summary.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MentionSummaryComponent {
  readonly mention = input.required<MentionListItem>();
  readonly lang = input.required<string>();

  protected readonly host = computed(() => displayHost(this.mention().url));
  protected readonly title = computed(() => displayTitle(this.mention().title, this.mention().text));
}
