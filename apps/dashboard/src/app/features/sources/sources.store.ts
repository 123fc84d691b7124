import { Injectable, computed, inject, signal } from '@angular/core';
import type { CreateSourceRequest, SourceHealth, SourceTypeDescriptor, SourceView, TopicView, UpdateSourceRequest } from '@ascolto/domain';
import { type Observable, type Subscription, tap } from 'rxjs';

import { SourcesApiService } from '../../core/api/sources-api.service';
import { TopicsApiService } from '../../core/api/topics-api.service';

/**
 * The sources with their health, the source types and the topics a source can be linked to.
 * Provided by the sources routes, so the list and a source's page share one copy.
 * Writes go to the API first and change the list only with what the API answered.
 */
@Injectable()
export class SourcesStore {
  private readonly api = inject(SourcesApiService);
  private readonly topicsApi = inject(TopicsApiService);

  private readonly state = {
    items: signal<SourceView[]>([]),
    health: signal<ReadonlyMap<string, SourceHealth>>(new Map()),
    types: signal<SourceTypeDescriptor[]>([]),
    topics: signal<TopicView[]>([]),
    loading: signal(false),
    loaded: signal(false),
    failed: signal(false),
  };
  private requests: Subscription[] = [];

  readonly items = this.state.items.asReadonly();
  readonly health = this.state.health.asReadonly();
  readonly types = this.state.types.asReadonly();
  readonly topics = this.state.topics.asReadonly();
  readonly loading = this.state.loading.asReadonly();
  readonly loaded = this.state.loaded.asReadonly();
  readonly failed = this.state.failed.asReadonly();
  readonly empty = computed(() => this.state.loaded() && !this.state.failed() && this.state.items().length === 0);

  descriptorOf(type: string): SourceTypeDescriptor | null {
    return this.state.types().find((descriptor) => descriptor.type === type) ?? null;
  }

  load(): void {
    for (const request of this.requests) request.unsubscribe();
    this.state.loading.set(true);
    this.state.failed.set(false);
    this.requests = [
      this.api.types().subscribe({ next: (types) => this.state.types.set(types), error: () => undefined }),
      // Topics only label the link; a failure leaves "no topic" choices rather than breaking the page.
      this.topicsApi.list().subscribe({ next: (topics) => this.state.topics.set(topics), error: () => undefined }),
      this.api.list().subscribe({
        next: (items) => {
          this.state.items.set(items);
          this.state.loading.set(false);
          this.state.loaded.set(true);
          for (const source of items) this.loadHealth(source.id);
        },
        error: () => {
          this.state.loading.set(false);
          this.state.failed.set(true);
        },
      }),
    ];
  }

  /** Health per source; a failed request leaves the chip derived from the list's own fields. */
  loadHealth(id: string): void {
    this.requests.push(
      this.api.health(id).subscribe({
        next: (health) => this.setHealth(id, health),
        error: () => undefined,
      }),
    );
  }

  create(request: CreateSourceRequest): Observable<SourceView> {
    return this.api.create(request).pipe(
      tap((source) => {
        this.state.items.update((items) => [...items, source]);
        this.loadHealth(source.id);
      }),
    );
  }

  update(id: string, request: UpdateSourceRequest): Observable<SourceView> {
    return this.api.update(id, request).pipe(
      tap((source) => {
        this.state.items.update((items) => items.map((item) => (item.id === source.id ? source : item)));
        // Pausing or fixing credentials changes the state the health panel shows.
        this.loadHealth(source.id);
      }),
    );
  }

  remove(id: string): Observable<void> {
    return this.api.remove(id).pipe(
      tap(() => {
        this.state.items.update((items) => items.filter((item) => item.id !== id));
        this.state.health.update((map) => {
          const next = new Map(map);
          next.delete(id);
          return next;
        });
      }),
    );
  }

  private setHealth(id: string, health: SourceHealth): void {
    this.state.health.update((map) => new Map(map).set(id, health));
  }
}
