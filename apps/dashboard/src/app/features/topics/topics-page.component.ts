import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { type MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import type { TopicView } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import type { Observable } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { TopicFormComponent } from './topic-form.component';
import { TopicRetagStatusComponent } from './topic-retag-status.component';
import { apiErrorMessage } from './topic-query-error';
import { TopicsStore } from './topics.store';

/** What the form is open for: a new topic, an existing one, or nothing. */
type Editing = { kind: 'new' } | { kind: 'edit'; topic: TopicView } | null;

interface ActionError {
  key: string;
  name: string;
  detail: string | null;
}

@Component({
  selector: 'asc-topics-page',
  imports: [MatButtonModule, MatProgressBarModule, MatSlideToggleModule, MatTableModule, TranslatePipe, TopicFormComponent, TopicRetagStatusComponent],
  providers: [TopicsStore],
  templateUrl: './topics-page.component.html',
  styleUrl: './topics-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TopicsPageComponent {
  protected readonly store = inject(TopicsStore);
  private readonly auth = inject(AuthService);
  private readonly injector = inject(Injector);

  /** Admins and leads decide what a topic is; everyone else reads (the API refuses their writes too). */
  protected readonly canManage = computed(() => {
    const role = this.auth.user()?.role;
    return role === 'admin' || role === 'lead';
  });
  protected readonly columns = computed(() => {
    const base = ['name', 'query', 'languages', 'enabled', 'sources', 'mentions'];
    return this.canManage() ? [...base, 'actions'] : base;
  });
  protected readonly editing = signal<Editing>(null);
  protected readonly editingTopic = computed(() => {
    const editing = this.editing();
    return editing?.kind === 'edit' ? editing.topic : null;
  });
  /**
   * The open form as a list of at most one, keyed by what it edits: opening another topic then
   * builds a fresh form instead of reusing the one filled with the previous topic.
   */
  protected readonly openForm = computed(() => {
    const editing = this.editing();
    if (editing === null) return [];
    return [editing.kind === 'new' ? { key: 'new', topic: null } : { key: editing.topic.id, topic: editing.topic }];
  });
  /** The topic whose delete button was pressed once and now waits for confirmation. */
  protected readonly confirmingDelete = signal<string | null>(null);
  /** Topics with a write in flight (toggle or delete), so their buttons cannot be pressed twice. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());
  protected readonly actionError = signal<ActionError | null>(null);

  constructor() {
    this.store.load();
  }

  /** Rows stay when a topic is replaced by the API's answer, so focus stays on the toggle just used. */
  protected readonly trackById = (_: number, topic: TopicView) => topic.id;

  protected startCreate(): void {
    this.actionError.set(null);
    this.confirmingDelete.set(null);
    this.editing.set({ kind: 'new' });
  }

  protected startEdit(topic: TopicView): void {
    this.actionError.set(null);
    this.confirmingDelete.set(null);
    this.editing.set({ kind: 'edit', topic });
  }

  protected closeForm(): void {
    this.editing.set(null);
  }

  protected toggleEnabled(topic: TopicView, change: MatSlideToggleChange): void {
    // The toggle flips itself; its bound value does not change on failure, so it is put back by hand.
    const revert = () => (change.source.checked = topic.enabled);
    if (!this.canManage() || this.busy().has(topic.id)) {
      revert();
      return;
    }
    this.run(topic, 'topics.errors.toggle', this.store.update(topic.id, { enabled: change.checked }), undefined, revert);
  }

  protected askDelete(topic: TopicView, event: Event): void {
    this.actionError.set(null);
    this.confirmingDelete.set(topic.id);
    // The pressed button gives way to the confirmation: keep the keyboard focus in that cell,
    // on the harmless choice.
    const cell = event.currentTarget instanceof HTMLElement ? event.currentTarget.closest('td') : null;
    afterNextRender(() => cell?.querySelector<HTMLElement>('[data-testid="topic-delete-cancel"]')?.focus(), { injector: this.injector });
  }

  protected cancelDelete(): void {
    this.confirmingDelete.set(null);
  }

  protected confirmDelete(topic: TopicView): void {
    if (this.confirmingDelete() !== topic.id || this.busy().has(topic.id)) return;
    this.run(topic, 'topics.errors.delete', this.store.remove(topic.id), () => {
      this.confirmingDelete.set(null);
      // The form must not stay open on a topic that no longer exists.
      if (this.editingTopic()?.id === topic.id) this.editing.set(null);
    });
  }

  private run(topic: TopicView, errorKey: string, request: Observable<unknown>, done?: () => void, failed?: () => void): void {
    this.setBusy(topic.id, true);
    this.actionError.set(null);
    request.subscribe({
      next: () => undefined,
      complete: () => {
        this.setBusy(topic.id, false);
        done?.();
      },
      error: (error: unknown) => {
        this.setBusy(topic.id, false);
        this.confirmingDelete.set(null);
        failed?.();
        // 404: someone else deleted it meanwhile; the fresh list says so better than an error.
        if (error instanceof HttpErrorResponse && error.status === 404) this.store.load();
        this.actionError.set({ key: errorKey, name: topic.name, detail: apiErrorMessage(error) });
      },
    });
  }

  private setBusy(id: string, busy: boolean): void {
    this.busy.update((current) => {
      const next = new Set(current);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
