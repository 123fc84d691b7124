import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, InjectionToken, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { BRAND_CHANNELS, CATEGORIES, CORRECTABLE_LABELS, LANGUAGES, MENTION_SORTS, MENTION_STATUSES, SENTIMENTS, SOURCE_TYPES, type MentionSort } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import { debounceTime, distinctUntilChanged, filter, interval, map } from 'rxjs';

import { LanguageService } from '../../core/i18n/language.service';
import { type InboxFilters, InboxStore } from './inbox.store';
import { MentionSummaryComponent } from './mention-summary.component';

/** How often the inbox asks whether new mentions arrived. */
export const INBOX_POLL_INTERVAL_MS = new InjectionToken<number>('INBOX_POLL_INTERVAL_MS', {
  providedIn: 'root',
  factory: () => 10_000,
});

/** Wait for a pause in typing before searching, so a query is not sent per keystroke. */
export const SEARCH_DEBOUNCE_MS = 300;

type ListFilter = 'sentiment' | 'category' | 'status' | 'language' | 'sourceType' | 'brandChannel' | 'corrected';

@Component({
  selector: 'asc-inbox-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    TranslatePipe,
    MentionSummaryComponent,
  ],
  providers: [InboxStore],
  templateUrl: './inbox-page.component.html',
  styleUrl: './inbox-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPageComponent {
  protected readonly store = inject(InboxStore);
  protected readonly lang = inject(LanguageService).lang;

  protected readonly listFilters: readonly { name: ListFilter; options: readonly string[] }[] = [
    { name: 'sentiment', options: SENTIMENTS },
    { name: 'category', options: CATEGORIES },
    { name: 'status', options: MENTION_STATUSES },
    { name: 'language', options: LANGUAGES },
    { name: 'sourceType', options: SOURCE_TYPES },
    { name: 'brandChannel', options: BRAND_CHANNELS },
    { name: 'corrected', options: CORRECTABLE_LABELS },
  ];
  protected readonly sorts = MENTION_SORTS;
  protected readonly search = new FormControl('', { nonNullable: true });
  /** True while a mention is open next to (or, on phones, instead of) the list. */
  protected readonly detailOpen = signal(false);

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.search.valueChanges
      .pipe(
        map((value) => value.trim()),
        debounceTime(SEARCH_DEBOUNCE_MS),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((q) => this.store.setFilters({ q }));
    const document = inject(DOCUMENT);
    interval(inject(INBOX_POLL_INTERVAL_MS))
      // A background tab does not need to know; the count catches up on the first visible tick.
      .pipe(
        filter(() => document.visibilityState !== 'hidden'),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.store.checkForNew());
    destroyRef.onDestroy(() => this.store.cancel());
    this.store.reload();
  }

  protected setListFilter(name: ListFilter, values: string[]): void {
    // The options offered for each filter come from the domain lists, so the values are of its type.
    this.store.setFilters({ [name]: values } as Partial<InboxFilters>);
  }

  protected setSort(sort: MentionSort): void {
    this.store.setFilters({ sort });
  }

  /** Lists the near duplicates grouped under one mention (the "+N similar" chip). */
  protected showSimilar(id: string): void {
    this.store.setFilters({ duplicateOf: id });
  }

  protected leaveGroup(): void {
    this.store.setFilters({ duplicateOf: null });
  }

  protected clearFilters(): void {
    // emitEvent false: the reset below already reloads once.
    this.search.setValue('', { emitEvent: false });
    this.store.resetFilters();
  }
}
