import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import type { CreateTopicRequest, TopicView, UpdateTopicRequest } from '@ascolto/domain';
import { type Observable, type Subscription, tap } from 'rxjs';

import { TopicsApiService } from '../../core/api/topics-api.service';

/** How often the list is read again while a topic's mentions are being re-tagged. */
export const TOPICS_POLL_MS = new InjectionToken<number>('TOPICS_POLL_MS', { factory: () => 2_000 });

/** A re-tagging the worker has not finished: its progress is worth following. */
export function isRetagging(topic: TopicView): boolean {
  return topic.retag?.state === 'pending' || topic.retag?.state === 'running';
}

/**
 * The topics as the page shows them. Provided by the topics page, so it lives as long as the page.
 * Writes go to the API first and change the list only with what the API answered. While a topic's
 * mentions are being re-tagged, the list is read again every TOPICS_POLL_MS (quietly: no loading
 * bar, a failed poll is retried at the next tick), and polling stops when none is.
 */
@Injectable()
export class TopicsStore {
  private readonly api = inject(TopicsApiService);
  private readonly pollMs = inject(TOPICS_POLL_MS);
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private pollRequest?: Subscription;

  private readonly state = {
    items: signal<TopicView[]>([]),
    loading: signal(false),
    failed: signal(false),
  };
  private listRequest?: Subscription;

  readonly items = this.state.items.asReadonly();
  readonly loading = this.state.loading.asReadonly();
  readonly failed = this.state.failed.asReadonly();
  readonly empty = computed(() => !this.state.loading() && !this.state.failed() && this.state.items().length === 0);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      if (this.pollTimer) clearTimeout(this.pollTimer);
      this.pollRequest?.unsubscribe();
    });
  }

  load(): void {
    this.listRequest?.unsubscribe();
    this.state.loading.set(true);
    this.state.failed.set(false);
    this.listRequest = this.api.list().subscribe({
      next: (items) => {
        this.state.items.set(items);
        this.state.loading.set(false);
        this.schedulePoll();
      },
      error: () => {
        this.state.loading.set(false);
        this.state.failed.set(true);
      },
    });
  }

  create(request: CreateTopicRequest): Observable<TopicView> {
    return this.api.create(request).pipe(
      tap((topic) => {
        this.state.items.update((items) => [...items, topic]);
        this.schedulePoll();
      }),
    );
  }

  update(id: string, request: UpdateTopicRequest): Observable<TopicView> {
    return this.api.update(id, request).pipe(tap((topic) => this.replace(topic)));
  }

  remove(id: string): Observable<void> {
    return this.api.remove(id).pipe(tap(() => this.state.items.update((items) => items.filter((item) => item.id !== id))));
  }

  private replace(topic: TopicView): void {
    this.state.items.update((items) => items.map((item) => (item.id === topic.id ? topic : item)));
    this.schedulePoll();
  }

  private schedulePoll(): void {
    if (this.pollTimer || !this.state.items().some(isRetagging)) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.pollRequest?.unsubscribe();
      this.pollRequest = this.api.list().subscribe({
        next: (items) => {
          this.state.items.set(items);
          this.schedulePoll();
        },
        // A missed poll is not worth an error on screen; the next one tries again.
        error: () => this.schedulePoll(),
      });
    }, this.pollMs);
  }
}
