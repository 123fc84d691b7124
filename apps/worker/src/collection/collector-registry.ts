import { Injectable } from '@nestjs/common';
import type { SourceType } from '@ascolto/domain';
import { GuardedHttpClient, RssFeedAdapter, type SourceAdapter } from '@ascolto/collectors';
import { WORKER_CONFIG } from '../config/worker-config.token';
import { Inject } from '@nestjs/common';
import type { WorkerConfig } from '../config/worker-config';

/** One adapter per source type, all sharing the guarded HTTP client. */
@Injectable()
export class CollectorRegistry {
  private readonly adapters = new Map<SourceType, SourceAdapter>();

  constructor(@Inject(WORKER_CONFIG) config: WorkerConfig) {
    const http = new GuardedHttpClient({ allowList: config.outboundAllowList, userAgent: 'Ascolto/0.1 (+self-hosted social listening)' });
    for (const adapter of [new RssFeedAdapter(http)]) {
      this.adapters.set(adapter.type, adapter);
    }
  }

  adapterFor(type: SourceType): SourceAdapter {
    const adapter = this.adapters.get(type);
    if (!adapter) throw new Error(`no collector for source type "${type}"`);
    return adapter;
  }
}
