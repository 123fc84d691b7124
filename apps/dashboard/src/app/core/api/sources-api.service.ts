import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateSourceRequest,
  SourceConnectionTest,
  SourceHealth,
  SourceRunView,
  SourceTypeDescriptor,
  SourceView,
  UpdateSourceRequest,
} from '@ascolto/domain';
import type { Observable } from 'rxjs';

/**
 * `/api/sources` and `/api/source-types`. Mutating calls (and both test-connection POSTs) carry
 * X-XSRF-TOKEN through HttpClient's XSRF support (provideApiHttp), like every other write.
 */
@Injectable({ providedIn: 'root' })
export class SourcesApiService {
  private readonly http = inject(HttpClient);

  types(): Observable<SourceTypeDescriptor[]> {
    return this.http.get<SourceTypeDescriptor[]>('/api/source-types');
  }

  list(): Observable<SourceView[]> {
    return this.http.get<SourceView[]>('/api/sources');
  }

  create(request: CreateSourceRequest): Observable<SourceView> {
    return this.http.post<SourceView>('/api/sources', request);
  }

  update(id: string, request: UpdateSourceRequest): Observable<SourceView> {
    return this.http.patch<SourceView>(`/api/sources/${encodeURIComponent(id)}`, request);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/sources/${encodeURIComponent(id)}`);
  }

  health(id: string): Observable<SourceHealth> {
    return this.http.get<SourceHealth>(`/api/sources/${encodeURIComponent(id)}/health`);
  }

  runs(id: string, limit: number): Observable<SourceRunView[]> {
    return this.http.get<SourceRunView[]>(`/api/sources/${encodeURIComponent(id)}/runs`, { params: { limit } });
  }

  /** One real request with the stored settings and credentials of a saved source. */
  test(id: string): Observable<SourceConnectionTest> {
    return this.http.post<SourceConnectionTest>(`/api/sources/${encodeURIComponent(id)}/test`, {});
  }

  /** One real request with what the form holds now; nothing is stored. */
  testUnsaved(request: CreateSourceRequest): Observable<SourceConnectionTest> {
    return this.http.post<SourceConnectionTest>('/api/sources/test', request);
  }
}
