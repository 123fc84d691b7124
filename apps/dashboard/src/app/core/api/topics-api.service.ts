import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateTopicRequest, TopicView, UpdateTopicRequest, ValidateTopicQueryRequest } from '@ascolto/domain';
import type { Observable } from 'rxjs';

/**
 * `/api/topics`. Mutating calls carry X-XSRF-TOKEN through HttpClient's XSRF support
 * (provideApiHttp), like every other POST/PATCH/DELETE of the dashboard.
 */
@Injectable({ providedIn: 'root' })
export class TopicsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<TopicView[]> {
    return this.http.get<TopicView[]>('/api/topics');
  }

  create(request: CreateTopicRequest): Observable<TopicView> {
    return this.http.post<TopicView>('/api/topics', request);
  }

  update(id: string, request: UpdateTopicRequest): Observable<TopicView> {
    return this.http.patch<TopicView>(`/api/topics/${encodeURIComponent(id)}`, request);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/topics/${encodeURIComponent(id)}`);
  }

  /** Answers `{ valid: true }`; a malformed query fails with a 400 whose body is a TopicQueryErrorBody. */
  validate(query: string): Observable<{ valid: true }> {
    const body: ValidateTopicQueryRequest = { query };
    return this.http.post<{ valid: true }>('/api/topics/validate', body);
  }
}
