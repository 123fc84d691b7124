import { ChangeDetectionStrategy, Component, DestroyRef, Injector, afterNextRender, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import type { SourceConnectionTest, SourceRunView } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import { type Subscription, interval } from 'rxjs';

import { SourcesApiService } from '../../core/api/sources-api.service';
import { AuthService } from '../../core/auth/auth.service';
import { CLOCK } from '../../core/clock';
import { LanguageService } from '../../core/i18n/language.service';
import { DateFormatPipe, RelativeTimePipe } from '../../shared/date-format.pipe';
import { apiProblems } from './api-problems';
import { ConnectionTestResultComponent } from './connection-test-result.component';
import { describeSchedule } from './source-form.model';
import { SourceFormComponent, saveErrorKey } from './source-form.component';
import { chronological, formatDuration, quotaPercent, runTotals, summarizeState } from './source-health';
import { SourceRunsChartComponent } from './source-runs-chart.component';
import { SourceStateChipComponent } from './source-state-chip.component';
import { SourcesStore } from './sources.store';

/** Runs the chart and the history show. */
export const SOURCE_RUNS_LIMIT = 30;
/** Health and runs are re-read this often while the page is open, so a running source is seen running. */
export const SOURCE_REFRESH_MS = 30_000;

interface ActionError {
  key: string;
  detail: string | null;
}

/** One source: health, recent runs as a chart and a list, and the admin's actions. */
@Component({
  selector: 'asc-source-detail',
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    RouterLink,
    TranslatePipe,
    DateFormatPipe,
    RelativeTimePipe,
    ConnectionTestResultComponent,
    SourceFormComponent,
    SourceRunsChartComponent,
    SourceStateChipComponent,
  ],
  templateUrl: './source-detail.component.html',
  styleUrl: './source-detail.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SourceDetailComponent {
  protected readonly store = inject(SourcesStore);
  private readonly api = inject(SourcesApiService);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly clock = inject(CLOCK);
  private readonly injector = inject(Injector);
  protected readonly lang = inject(LanguageService).lang;

  /** From the route (`/sources/:id`). */
  readonly id = input.required<string>();

  protected readonly canManage = computed(() => this.auth.user()?.role === 'admin');
  protected readonly source = computed(() => this.store.items().find((item) => item.id === this.id()) ?? null);
  protected readonly health = computed(() => this.store.health().get(this.id()) ?? null);
  protected readonly summary = computed(() => {
    const source = this.source();
    return source ? summarizeState(source, this.health()) : null;
  });
  protected readonly descriptor = computed(() => {
    const source = this.source();
    return source ? this.store.descriptorOf(source.type) : null;
  });
  protected readonly scheduleHint = computed(() => {
    const source = this.source();
    return source ? describeSchedule(source.schedule) : null;
  });
  protected readonly runs = signal<SourceRunView[]>([]);
  protected readonly runsLoading = signal(false);
  protected readonly runsFailed = signal(false);
  /** Newest first for reading; the chart sorts them its own way. */
  protected readonly history = computed(() => chronological(this.runs()).reverse());
  protected readonly totals = computed(() => runTotals(this.runs()));
  protected readonly now = computed(() => (this.health(), this.runs(), this.clock().getTime()));

  protected readonly editing = signal(false);
  protected readonly busy = signal(false);
  protected readonly confirmingDelete = signal(false);
  protected readonly actionError = signal<ActionError | null>(null);
  protected readonly testing = signal(false);
  protected readonly testResult = signal<SourceConnectionTest | null>(null);
  protected readonly testError = signal<string | true | null>(null);

  protected readonly duration = formatDuration;
  protected readonly quotaPercent = quotaPercent;
  private runsRequest?: Subscription;

  constructor() {
    if (!this.store.loaded() && !this.store.loading()) this.store.load();
    effect(() => {
      const id = this.id();
      untracked(() => this.loadRuns(id));
    });
    interval(SOURCE_REFRESH_MS)
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => this.refresh());
  }

  protected refresh(): void {
    this.store.loadHealth(this.id());
    this.loadRuns(this.id());
  }

  private loadRuns(id: string): void {
    this.runsRequest?.unsubscribe();
    this.runsLoading.set(true);
    this.runsFailed.set(false);
    this.runsRequest = this.api.runs(id, SOURCE_RUNS_LIMIT).subscribe({
      next: (runs) => {
        this.runs.set(runs);
        this.runsLoading.set(false);
      },
      error: () => {
        this.runsLoading.set(false);
        this.runsFailed.set(true);
      },
    });
  }

  protected runSeconds(run: SourceRunView): number | null {
    if (!run.finishedAt) return null;
    return Math.max(0, (new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()) / 1000);
  }

  protected onSaved(): void {
    this.editing.set(false);
    this.loadRuns(this.id());
  }

  protected togglePaused(): void {
    const source = this.source();
    if (!source || this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.store.update(source.id, { enabled: !source.enabled }).subscribe({
      next: () => this.busy.set(false),
      error: (error: unknown) => {
        this.busy.set(false);
        this.actionError.set({ key: source.enabled ? 'sources.errors.pause' : 'sources.errors.resume', detail: apiProblems(error).join('; ') || null });
      },
    });
  }

  protected testConnection(): void {
    const source = this.source();
    if (!source || this.testing()) return;
    this.testing.set(true);
    this.testResult.set(null);
    this.testError.set(null);
    this.api.test(source.id).subscribe({
      next: (result) => {
        this.testing.set(false);
        this.testResult.set(result);
      },
      error: (error: unknown) => {
        this.testing.set(false);
        this.testError.set(apiProblems(error).join('\n') || true);
      },
    });
  }

  protected askDelete(): void {
    this.actionError.set(null);
    this.confirmingDelete.set(true);
    // The pressed button gives way to the confirmation: keep the focus on the harmless choice.
    afterNextRender(() => document.querySelector<HTMLElement>('[data-testid="source-delete-cancel"]')?.focus(), { injector: this.injector });
  }

  protected confirmDelete(): void {
    const source = this.source();
    if (!source || this.busy()) return;
    this.busy.set(true);
    this.store.remove(source.id).subscribe({
      next: () => undefined,
      complete: () => {
        this.busy.set(false);
        void this.router.navigate(['/sources']);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.confirmingDelete.set(false);
        this.actionError.set({ key: saveErrorKey(error) === 'sources.errors.gone' ? 'sources.errors.gone' : 'sources.errors.delete', detail: apiProblems(error).join('; ') || null });
      },
    });
  }
}
