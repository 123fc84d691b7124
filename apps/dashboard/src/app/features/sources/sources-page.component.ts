import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import type { SourceView } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';

import { AuthService } from '../../core/auth/auth.service';
import { CLOCK } from '../../core/clock';
import { LanguageService } from '../../core/i18n/language.service';
import { RelativeTimePipe } from '../../shared/date-format.pipe';
import { formatDuration, quotaPercent } from './source-health';
import { SourceFormComponent } from './source-form.component';
import { SourceRunsChartComponent } from './source-runs-chart.component';
import { SourceStateChipComponent } from './source-state-chip.component';
import { SourcesStore } from './sources.store';

/** Every source as a card: state, recent runs as a small chart, freshness and quota at a glance. */
@Component({
  selector: 'asc-sources-page',
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    RouterLink,
    TranslatePipe,
    RelativeTimePipe,
    SourceFormComponent,
    SourceRunsChartComponent,
    SourceStateChipComponent,
  ],
  templateUrl: './sources-page.component.html',
  styleUrl: './sources-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SourcesPageComponent {
  protected readonly store = inject(SourcesStore);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly clock = inject(CLOCK);
  protected readonly lang = inject(LanguageService).lang;

  /** Only admins configure sources (the API refuses anyone else's writes too). */
  protected readonly canManage = computed(() => this.auth.user()?.role === 'admin');
  protected readonly adding = signal(false);
  /** "Now" for relative times, taken when the list (re)loads rather than per change detection. */
  protected readonly now = computed(() => (this.store.items(), this.clock().getTime()));
  protected readonly duration = formatDuration;
  protected readonly quotaPercent = quotaPercent;

  constructor() {
    this.store.load();
  }

  /** The API's label for the type in the UI language; null until the types have loaded. */
  protected typeLabel(source: SourceView): string | null {
    return this.store.descriptorOf(source.type)?.label[this.lang()] ?? null;
  }

  protected onCreated(source: SourceView): void {
    this.adding.set(false);
    void this.router.navigate(['/sources', source.id]);
  }
}
