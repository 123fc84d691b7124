import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '@ascolto/domain';
import { TranslatePipe } from '@ngx-translate/core';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import { TicketsApiService } from '../../core/api/tickets-api.service';
import { LanguageService } from '../../core/i18n/language.service';
import { DateFormatPipe } from '../../shared/date-format.pipe';
import { LabelChipComponent } from '../../shared/label-chip.component';
import { PriorityBadgeComponent } from '../../shared/priority-badge.component';

interface TicketQuery {
  pageIndex: number;
  pageSize: number;
  status: TicketStatus[];
}

type TicketsState =
  | { kind: 'loading'; items: Ticket[]; total: number }
  | { kind: 'loaded'; items: Ticket[]; total: number }
  | { kind: 'failed'; items: Ticket[]; total: number };

@Component({
  selector: 'asc-tickets-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    TranslatePipe,
    DateFormatPipe,
    LabelChipComponent,
    PriorityBadgeComponent,
  ],
  templateUrl: './tickets-page.component.html',
  styleUrl: './tickets-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketsPageComponent {
  private readonly api = inject(TicketsApiService);
  protected readonly lang = inject(LanguageService).lang;

  protected readonly columns = ['number', 'subject', 'status', 'priority', 'createdAt', 'mentions'];
  protected readonly statuses = TICKET_STATUSES;
  protected readonly pageSizes = [25, 50, 100];
  protected readonly query = signal<TicketQuery>({ pageIndex: 0, pageSize: 25, status: [] });
  private readonly reloads = signal(0);
  private readonly state = signal<TicketsState>({ kind: 'loading', items: [], total: 0 });

  protected readonly items = computed(() => this.state().items);
  protected readonly total = computed(() => this.state().total);
  protected readonly loading = computed(() => this.state().kind === 'loading');
  protected readonly failed = computed(() => this.state().kind === 'failed');

  constructor() {
    toObservable(computed(() => ({ query: this.query(), reload: this.reloads() })))
      .pipe(
        // switchMap: paging quickly must not let an older page overwrite a newer one.
        switchMap(({ query }) => {
          const previous = this.state();
          return this.api.list({ limit: query.pageSize, offset: query.pageIndex * query.pageSize, status: query.status }).pipe(
            map((page): TicketsState => ({ kind: 'loaded', items: page.items, total: page.total })),
            catchError(() => of<TicketsState>({ kind: 'failed', items: [], total: 0 })),
            // Keep the old rows on screen while the next page loads, so the table does not jump.
            startWith<TicketsState>({ kind: 'loading', items: previous.items, total: previous.total }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }

  protected page(event: PageEvent): void {
    this.query.update((q) => ({ ...q, pageIndex: event.pageIndex, pageSize: event.pageSize }));
  }

  protected filterStatus(status: TicketStatus[]): void {
    this.query.update((q) => ({ ...q, status, pageIndex: 0 }));
  }

  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }
}
