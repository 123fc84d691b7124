import { Injectable, computed, inject, signal } from '@angular/core';
import type { CreateTopicRequest, TopicView, UpdateTopicRequest } from '@ascolto/domain';
import { type Observable, type Subscription, tap } from 'rxjs';

import { TopicsApiService } from '../../core/api/topics-api.service';

/**
 * The topics as the page shows them. Provided by the topics page, so it lives as long as the page.
 * Writes go to the API first and change the list only with what the API answered.
 */
@Injectable()
export class TopicsStore {
  private readonly api = inject(TopicsApiService);

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

  load(): void {
    this.listRequest?.unsubscribe();
    this.state.loading.set(true);
    this.state.failed.set(false);
    this.listRequest = this.api.list().subscribe({
      next: (items) => {
        this.state.items.set(items);
        this.state.loading.set(false);
      },
      error: () => {
        this.state.loading.set(false);
        this.state.failed.set(true);
      },
    });
  }

  create(request: CreateTopicRequest): Observable<TopicView> {
    return this.api.create(request).pipe(tap((topic) => this.state.items.update((items) => [...items, topic])));
  }

  update(id: string, request: UpdateTopicRequest): Observable<TopicView> {
    return this.api.update(id, request).pipe(tap((topic) => this.replace(topic)));
  }

  remove(id: string): Observable<void> {
    return this.api.remove(id).pipe(tap(() => this.state.items.update((items) => items.filter((item) => item.id !== id))));
  }

  private replace(topic: TopicView): void {
    this.state.items.update((items) => items.map((item) => (item.id === topic.id ? topic : item)));
  }
}
