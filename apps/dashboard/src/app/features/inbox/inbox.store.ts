import { Injectable, computed, inject, signal } from '@angular/core';
import type { BrandChannel, Category, CorrectableLabel, FlushReason, Intent, Language, Mention, MentionListItem, MentionSort, MentionStatus, Sentiment, SourceType, TopicView } from '@ascolto/domain';
import { type Subscription } from 'rxjs';

import { type MentionFilters, MentionsApiService } from '../../core/api/mentions-api.service';
import { TopicsApiService } from '../../core/api/topics-api.service';
import { CLOCK } from '../../core/clock';

export interface InboxFilters {
  q: string;
  sentiment: Sentiment[];
  category: Category[];
  intent: Intent[];
  /** Why flushed mentions were flushed: to check what the pipeline took out of the queue. */
  flushReason: FlushReason[];
  status: MentionStatus[];
  language: Language[];
  sourceType: SourceType[];
  /** Written to the brand through these channels (private messages, comments on its Page, tags). */
  brandChannel: BrandChannel[];
  /** Mentions on which a person corrected any of these labels (to review the team's corrections). */
  corrected: CorrectableLabel[];
  /** Mentions any of these topics (ids) took. */
  topicId: string[];
  sort: MentionSort;
  /** The near-duplicate group being looked at (its first mention), or null for the inbox itself. */
  duplicateOf: string | null;
}

export const DEFAULT_INBOX_FILTERS: InboxFilters = {
  q: '',
  sentiment: [],
  category: [],
  intent: [],
  flushReason: [],
  status: [],
  language: [],
  sourceType: [],
  brandChannel: [],
  corrected: [],
  topicId: [],
  sort: 'newest',
  duplicateOf: null,
};

export const INBOX_PAGE_SIZE = 25;

/** What the inbox needs of a topic: its id to filter on, its name to show. */
export type TopicName = Pick<TopicView, 'id' | 'name'>;

/**
 * State of one inbox view: the filters, the mentions loaded so far and how many new ones arrived
 * since. Provided by the inbox page, so it lives exactly as long as the page does.
 */
@Injectable()
export class InboxStore {
  private readonly api = inject(MentionsApiService);
  private readonly topicsApi = inject(TopicsApiService);
  private readonly now = inject(CLOCK);

  private readonly state = {
    filters: signal<InboxFilters>(DEFAULT_INBOX_FILTERS),
    items: signal<MentionListItem[]>([]),
    total: signal(0),
    nextCursor: signal<string | null>(null),
    loading: signal(false),
    loadingMore: signal(false),
    failed: signal(false),
    newCount: signal(0),
    topics: signal<readonly TopicName[] | null>(null),
  };
  /** When the current list was requested: the `since` of the new-mentions count. */
  private loadedAt: string | null = null;
  private listRequest?: Subscription;
  private countRequest?: Subscription;

  readonly filters = this.state.filters.asReadonly();
  readonly items = this.state.items.asReadonly();
  readonly total = this.state.total.asReadonly();
  readonly loading = this.state.loading.asReadonly();
  readonly loadingMore = this.state.loadingMore.asReadonly();
  readonly failed = this.state.failed.asReadonly();
  readonly newCount = this.state.newCount.asReadonly();
  /** The account's topics by name, or null until they are loaded (or if they could not be). */
  readonly topics = this.state.topics.asReadonly();
  readonly hasMore = computed(() => this.state.nextCursor() !== null);
  readonly busy = computed(() => this.state.loading() || this.state.loadingMore());
  readonly hasFilters = computed(() => {
    const f = this.state.filters();
    const lists = [f.sentiment, f.category, f.intent, f.flushReason, f.status, f.language, f.sourceType, f.brandChannel, f.corrected, f.topicId];
    return f.q.trim() !== '' || f.duplicateOf !== null || lists.some((list) => list.length > 0);
  });

  setFilters(patch: Partial<InboxFilters>): void {
    this.state.filters.update((current) => ({ ...current, ...patch }));
    this.reload();
  }

  /** Replaces every filter at once (a view opened from its URL) and loads it. */
  applyFilters(filters: InboxFilters): void {
    this.state.filters.set(filters);
    this.reload();
  }

  resetFilters(): void {
    this.state.filters.set(DEFAULT_INBOX_FILTERS);
    this.reload();
  }

  /** Loads the first page again; whatever was in flight for the old filters is dropped. */
  reload(): void {
    this.cancel();
    // Taken before the request: a mention indexed while it runs is counted as new rather than missed.
    this.loadedAt = this.now().toISOString();
    this.state.loading.set(true);
    this.state.failed.set(false);
    this.listRequest = this.api.list({ ...this.apiFilters(), sort: this.filters().sort, limit: INBOX_PAGE_SIZE }).subscribe({
      next: (page) => {
        this.state.items.set(page.items);
        this.state.total.set(page.total);
        this.state.nextCursor.set(page.nextCursor);
        this.state.newCount.set(0);
        this.state.loading.set(false);
      },
      error: () => {
        this.state.loading.set(false);
        this.state.failed.set(true);
      },
    });
  }

  loadMore(): void {
    const cursor = this.state.nextCursor();
    if (cursor === null || this.busy()) {
      return;
    }
    this.state.loadingMore.set(true);
    this.listRequest = this.api.list({ ...this.apiFilters(), sort: this.filters().sort, cursor, limit: INBOX_PAGE_SIZE }).subscribe({
      next: (page) => {
        // A mention can move between pages when the list changes underneath; keep the first copy.
        const seen = new Set(this.state.items().map((item) => item.id));
        this.state.items.update((items) => [...items, ...page.items.filter((item) => !seen.has(item.id))]);
        this.state.total.set(page.total);
        this.state.nextCursor.set(page.nextCursor);
        this.state.loadingMore.set(false);
      },
      error: () => {
        this.state.loadingMore.set(false);
        this.state.failed.set(true);
      },
    });
  }

  /** Asks how many mentions matching the filters arrived since the list was loaded. */
  checkForNew(): void {
    if (this.loadedAt === null || this.state.loading()) {
      return;
    }
    this.countRequest?.unsubscribe();
    this.countRequest = this.api.countSince(this.loadedAt, this.apiFilters()).subscribe({
      next: ({ count }) => this.state.newCount.set(count),
      // A missed poll is not worth an error on screen; the next one will try again.
      error: () => undefined,
    });
  }

  /** Loads the account's topics, for the topic filter and the topics a mention shows. */
  loadTopics(): void {
    this.topicsApi.list().subscribe({
      next: (topics) => this.state.topics.set(topics.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))),
      // Without the names the inbox still works: a topic in the URL still filters.
      error: () => undefined,
    });
  }

  /** Puts a mention changed elsewhere (status, ticket) back into the list, keeping its highlight. */
  replace(mention: Mention): void {
    this.state.items.update((items) => items.map((item) => (item.id === mention.id ? { ...item, ...mention } : item)));
  }

  cancel(): void {
    this.listRequest?.unsubscribe();
    this.countRequest?.unsubscribe();
    this.state.loadingMore.set(false);
  }

  private apiFilters(): MentionFilters {
    const { q, sentiment, category, intent, flushReason, status, language, sourceType, brandChannel, corrected, topicId, duplicateOf } = this.filters();
    // A group's members are all flushed as duplicates: the other filters would hide them.
    if (duplicateOf !== null) return { duplicateOf };
    return { q, sentiment, category, intent, flushReason, status, language, sourceType, brandChannel, corrected, topicId };
  }
}
