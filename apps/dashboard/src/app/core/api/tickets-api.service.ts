import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateTicketRequest, Ticket, TicketPage, TicketStatus } from '@ascolto/domain';
import type { Observable } from 'rxjs';

import { toHttpParams } from '../http/http-params';

export interface TicketListQuery {
  limit: number;
  offset: number;
  status?: TicketStatus[];
}

@Injectable({ providedIn: 'root' })
export class TicketsApiService {
  private readonly http = inject(HttpClient);

  list(query: TicketListQuery): Observable<TicketPage> {
    const params = toHttpParams({ limit: query.limit, offset: query.offset, status: query.status });
    return this.http.get<TicketPage>('/api/tickets', { params });
  }

  get(id: string): Observable<Ticket> {
    return this.http.get<Ticket>(`/api/tickets/${encodeURIComponent(id)}`);
  }

  create(request: CreateTicketRequest): Observable<Ticket> {
    return this.http.post<Ticket>('/api/tickets', request);
  }
}
