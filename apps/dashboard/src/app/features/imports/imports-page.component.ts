import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { ImportJobView } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import type { Subscription } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { ImportsApiService, isActive } from './imports-api.service';

/** How often running jobs are asked for their progress. */
export const IMPORT_POLL_MS = 1_500;

/** Largest upload the page offers to send (the API's default limit; it answers 413 beyond its own). */
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

type UploadState =
  | { kind: 'idle' }
  | { kind: 'sending'; percent: number }
  | { kind: 'error'; key: string; detail: string | null };

@Component({
  selector: 'asc-imports-page',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatTableModule, TranslatePipe],
  templateUrl: './imports-page.component.html',
  styleUrl: './imports-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportsPageComponent {
  private readonly api = inject(ImportsApiService);
  private readonly auth = inject(AuthService);

  /** Admins upload; leads follow the jobs (the API refuses everyone else). */
  protected readonly canUpload = computed(() => this.auth.user()?.role === 'admin');
  protected readonly jobs = signal<ImportJobView[]>([]);
  protected readonly loadFailed = signal(false);
  protected readonly loading = signal(true);
  protected readonly file = signal<File | null>(null);
  protected readonly sourceName = signal('');
  protected readonly upload = signal<UploadState>({ kind: 'idle' });
  /** The job the last upload created (or found): shown large, with its bar and counts. */
  protected readonly currentId = signal<string | null>(null);
  protected readonly current = computed(() => this.jobs().find((job) => job.id === this.currentId()) ?? null);
  protected readonly columns = ['file', 'source', 'status', 'progress', 'counts', 'report'];

  private timer: ReturnType<typeof setTimeout> | null = null;
  private sending: Subscription | null = null;

  constructor() {
    this.refresh();
    inject(DestroyRef).onDestroy(() => {
      if (this.timer) clearTimeout(this.timer);
      this.sending?.unsubscribe();
    });
  }

  protected rejectedUrl(job: ImportJobView): string {
    return this.api.rejectedUrl(job.id);
  }

  protected onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const chosen = input.files?.[0] ?? null;
    this.upload.set(chosen && chosen.size > MAX_UPLOAD_BYTES ? { kind: 'error', key: 'imports.errors.tooLarge', detail: null } : { kind: 'idle' });
    this.file.set(chosen && chosen.size <= MAX_UPLOAD_BYTES ? chosen : null);
  }

  protected onSourceName(event: Event): void {
    this.sourceName.set((event.target as HTMLInputElement).value);
  }

  protected send(): void {
    const file = this.file();
    if (!file || this.upload().kind === 'sending') return;
    this.upload.set({ kind: 'sending', percent: 0 });
    this.sending = this.api.upload(file, this.sourceName()).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress) {
          this.upload.set({ kind: 'sending', percent: event.total ? Math.floor((event.loaded / event.total) * 100) : 0 });
        } else if (event.type === HttpEventType.Response && event.body) {
          const job = event.body;
          this.jobs.update((jobs) => [job, ...jobs.filter((j) => j.id !== job.id)]);
          this.currentId.set(job.id);
          this.file.set(null);
          this.upload.set({ kind: 'idle' });
          this.schedule();
        }
      },
      error: (error: unknown) => this.upload.set(uploadError(error)),
    });
  }

  /** Reads the job list; keeps polling while any job moves. */
  protected refresh(): void {
    this.api.list().subscribe({
      next: (jobs) => {
        this.loading.set(false);
        this.loadFailed.set(false);
        this.jobs.set(jobs);
        this.schedule();
      },
      error: () => {
        this.loading.set(false);
        this.loadFailed.set(true);
      },
    });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.jobs().some(isActive)) this.timer = setTimeout(() => this.refresh(), IMPORT_POLL_MS);
  }
}

/** A message key for what went wrong, with the API's own words when it gave some (shown as text). */
function uploadError(error: unknown): UploadState {
  if (!(error instanceof HttpErrorResponse)) return { kind: 'error', key: 'imports.errors.generic', detail: null };
  const message = (error.error as { message?: unknown } | null)?.message;
  const detail = typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : null;
  if (error.status === 413) return { kind: 'error', key: 'imports.errors.tooLarge', detail: null };
  if (error.status === 400) return { kind: 'error', key: 'imports.errors.badFile', detail };
  if (error.status === 403) return { kind: 'error', key: 'imports.errors.forbidden', detail: null };
  return { kind: 'error', key: 'imports.errors.generic', detail };
}
