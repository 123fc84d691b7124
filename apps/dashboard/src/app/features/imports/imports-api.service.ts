import { HttpClient, type HttpEvent } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ImportJobView } from '@ascolto/domain';
import type { Observable } from 'rxjs';

/** `/api/imports`. The upload carries X-XSRF-TOKEN through HttpClient's XSRF support, like every write. */
@Injectable({ providedIn: 'root' })
export class ImportsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<ImportJobView[]> {
    return this.http.get<ImportJobView[]>('/api/imports');
  }

  get(id: string): Observable<ImportJobView> {
    return this.http.get<ImportJobView>(`/api/imports/${encodeURIComponent(id)}`);
  }

  /** Upload events (progress of the bytes sent, then the job) for the upload bar. */
  upload(file: File, sourceName: string): Observable<HttpEvent<ImportJobView>> {
    const form = new FormData();
    if (sourceName.trim()) form.append('sourceName', sourceName.trim());
    form.append('file', file, file.name);
    return this.http.post<ImportJobView>('/api/imports', form, { reportProgress: true, observe: 'events' });
  }

  rejectedUrl(id: string): string {
    return `/api/imports/${encodeURIComponent(id)}/rejected`;
  }
}

/** A job still moving: the page keeps polling it. */
export function isActive(job: ImportJobView): boolean {
  return job.status === 'pending' || job.status === 'running';
}
