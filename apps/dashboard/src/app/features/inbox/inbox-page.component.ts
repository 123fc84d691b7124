import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, InjectionToken, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MENTION_SORTS, type MentionSort } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import { debounceTime, distinctUntilChanged, filter, interval, map } from 'rxjs';

import { LanguageService } from '../../core/i18n/language.service';
import { INBOX_LIST_FILTERS, type InboxListFilter, inboxFiltersFromParams, inboxParamsFromFilters, sameInboxFilters } from './inbox-query-params';
import { type InboxFilters, InboxStore } from './inbox.store';
import { MentionSummaryComponent } from './mention-summary.component';

/** How often the inbox asks whether new mentions arrived. */
export const INBOX_POLL_INTERVAL_MS = new InjectionToken<number>('INBOX_POLL_INTERVAL_MS', {
  providedIn: 'root',
  factory: () => 10_000,
});

/** Wait for a pause in typing before searching, so a query is not sent per keystroke. */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * Filters a care team reaches for less often: behind "More filters" until opened, or until one is
 * set (by hand or by a link). The reason of a flush shows as soon as flushed mentions are asked for.
 */
const SECONDARY_FILTERS: ReadonlySet<InboxListFilter> = new Set(['flushReason', 'language', 'sourceType', 'brandChannel', 'corrected']);

/** Marks the navigations by which the inbox records its own view in the URL. */
const OWN_VIEW_CHANGE = Symbol('inbox view change');

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
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly listFilters = (Object.keys(INBOX_LIST_FILTERS) as InboxListFilter[]).map((name) => ({ name, options: INBOX_LIST_FILTERS[name] as readonly string[] }));
  protected readonly sorts = MENTION_SORTS;
  protected readonly topics = computed(() => this.store.topics() ?? []);
  protected readonly moreFilters = signal(false);
  protected readonly shownListFilters = computed(() => {
    const filters = this.store.filters();
    const more = this.moreFilters();
    return this.listFilters.filter(
      ({ name }) => more || !SECONDARY_FILTERS.has(name) || filters[name].length > 0 || (name === 'flushReason' && filters.category.includes('flush')),
    );
  });
  protected readonly hiddenFilters = computed(() => this.listFilters.length - this.shownListFilters().length);
  protected readonly search = new FormControl('', { nonNullable: true });
  /** True while a mention is open next to (or, on phones, instead of) the list. */
  protected readonly detailOpen = signal(false);

  constructor() {
    const destroyRef = inject(DestroyRef);
    // The URL says which view to show: on opening, on Back and Forward, and on a followed link.
    // The inbox's own changes load at once and write the URL after; that navigation is skipped
    // here, since a quick second click may already have moved the store past what it carries.
    this.route.queryParamMap
      .pipe(
        filter(() => this.router.currentNavigation()?.extras.info !== OWN_VIEW_CHANGE),
        map(inboxFiltersFromParams),
        // The first one opens the inbox (and loads it) even when the URL asks for no filter.
        filter((filters, index) => index === 0 || !sameInboxFilters(filters, this.store.filters())),
        takeUntilDestroyed(),
      )
      .subscribe((filters) => {
        this.search.setValue(filters.q, { emitEvent: false });
        this.store.applyFilters(filters);
      });
    this.search.valueChanges
      .pipe(
        map((value) => value.trim()),
        debounceTime(SEARCH_DEBOUNCE_MS),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      // Typing is not a step worth going Back to: the search replaces the current history entry.
      .subscribe((q) => this.update({ q }, true));
    this.store.loadTopics();
    const document = inject(DOCUMENT);
    interval(inject(INBOX_POLL_INTERVAL_MS))
      // A background tab does not need to know; the count catches up on the first visible tick.
      .pipe(
        filter(() => document.visibilityState !== 'hidden'),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.store.checkForNew());
    destroyRef.onDestroy(() => this.store.cancel());
  }

  protected setListFilter(name: InboxListFilter | 'topicId', values: string[]): void {
    // The options offered for each filter come from the domain lists, so the values are of its type.
    this.update({ [name]: values } as Partial<InboxFilters>);
  }

  protected setSort(sort: MentionSort): void {
    this.update({ sort });
  }

  /** Lists the near duplicates grouped under one mention (the "+N similar" chip). */
  protected showSimilar(id: string): void {
    this.update({ duplicateOf: id });
  }

  protected leaveGroup(): void {
    this.update({ duplicateOf: null });
  }

  protected clearFilters(): void {
    // emitEvent false: the reset below already reloads once.
    this.search.setValue('', { emitEvent: false });
    this.store.resetFilters();
    this.writeUrl(false);
  }

  /** Loads the view at once, then records it in the URL (a new history step unless `replace`). */
  private update(patch: Partial<InboxFilters>, replace = false): void {
    this.store.setFilters(patch);
    this.writeUrl(replace);
  }

  private writeUrl(replaceUrl: boolean): void {
    // No commands: the same URL, a mention open beside the list included, with new query params.
    void this.router.navigate([], { relativeTo: this.route, queryParams: inboxParamsFromFilters(this.store.filters()), replaceUrl, info: OWN_VIEW_CHANGE });
  }
}
