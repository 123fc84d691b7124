import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { SourceType } from '@ascolto/domain';
import { createSourceAdapters, GuardedHttpClient, type SourceAdapter } from '@ascolto/collectors';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';

/** One adapter per source type, all sharing the guarded HTTP client. */
@Injectable()
export class CollectorRegistry implements OnApplicationShutdown {
  private readonly adapters: Map<SourceType, SourceAdapter>;
  private readonly http: GuardedHttpClient;

  constructor(@Inject(WORKER_CONFIG) config: WorkerConfig) {
    this.http = new GuardedHttpClient({
      allowList: config.outboundAllowList,
      timeoutMs: config.collectorTimeoutMs,
      userAgent: 'Ascolto/0.1 (+self-hosted social listening)',
    });
    this.adapters = createSourceAdapters(this.http, {
      api: { baseDelayMs: config.collectorBackoffBaseMs, maxWaitMs: config.collectorMaxWaitMs },
    });
  }

  /** Adds an adapter the worker implements itself (push sources read from PostgreSQL). */
  register(adapter: SourceAdapter): void {
    this.adapters.set(adapter.type, adapter);
  }

  /** Whether this worker can run sources of the type (push-only types without a reader are never scheduled). */
  has(type: SourceType): boolean {
    return this.adapters.has(type);
  }

  adapterFor(type: SourceType): SourceAdapter {
    const adapter = this.adapters.get(type);
    if (!adapter) throw new Error(`no collector for source type "${type}"`);
    return adapter;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
  }
}
