import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ActivityView } from '@ascolto/domain';
import type { Observable } from 'rxjs';

/** `/api/activity`: background work the workers report (a re-analysis after an upgrade). */
@Injectable({ providedIn: 'root' })
export class ActivityApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<ActivityView> {
    return this.http.get<ActivityView>('/api/activity');
  }
}
