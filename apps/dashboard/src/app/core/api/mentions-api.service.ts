import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CorrectLabelsRequest,
  Mention,
  MentionCount,
  MentionDetail,
  MentionListQuery,
  MentionPage,
  MentionStatus,
  TriageRequest,
} from '@ascolto/domain';
import type { Observable } from 'rxjs';

import { toHttpParams } from '../http/http-params';

/** The filters that select mentions, without paging or order: what "N new mentions" must share with the list. */
export type MentionFilters = Omit<MentionListQuery, 'sort' | 'cursor' | 'limit'>;

function filterParams(filters: MentionFilters) {
  return {
    q: filters.q?.trim(),
    sentiment: filters.sentiment,
    category: filters.category,
    intent: filters.intent,
    flushReason: filters.flushReason,
    status: filters.status,
    sourceId: filters.sourceId,
    topicId: filters.topicId,
    sourceType: filters.sourceType,
    brandChannel: filters.brandChannel,
    corrected: filters.corrected,
    language: filters.language,
    from: filters.from,
    to: filters.to,
    duplicateOf: filters.duplicateOf,
  };
}

@Injectable({ providedIn: 'root' })
export class MentionsApiService {
  private readonly http = inject(HttpClient);

  list(query: MentionListQuery): Observable<MentionPage> {
    const params = toHttpParams({
      ...filterParams(query),
      sort: query.sort,
      cursor: query.cursor,
      limit: query.limit,
    });
    return this.http.get<MentionPage>('/api/mentions', { params });
  }

  countSince(since: string, filters: MentionFilters): Observable<MentionCount> {
    const params = toHttpParams({ since, ...filterParams(filters) });
    return this.http.get<MentionCount>('/api/mentions/count', { params });
  }

  get(id: string): Observable<MentionDetail> {
    return this.http.get<MentionDetail>(`/api/mentions/${encodeURIComponent(id)}`);
  }

  setStatus(id: string, status: MentionStatus): Observable<Mention> {
    const body: TriageRequest = { status };
    return this.http.patch<Mention>(`/api/mentions/${encodeURIComponent(id)}/status`, body);
  }

  /** A person's labels; the answer is the mention as stored after the correction. */
  correctLabels(id: string, labels: CorrectLabelsRequest): Observable<Mention> {
    return this.http.patch<Mention>(`/api/mentions/${encodeURIComponent(id)}/labels`, labels);
  }
}
