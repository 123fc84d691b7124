import type { Provider } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import { BulkMentionIndexer, MentionIndexManager, MentionSearchService, createSearchClient } from '@ascolto/search';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';

export const SEARCH_CLIENT = Symbol('SEARCH_CLIENT');

export const searchProviders: Provider[] = [
  { provide: SEARCH_CLIENT, inject: [WORKER_CONFIG], useFactory: (config: WorkerConfig) => createSearchClient(config.search) },
  {
    provide: MentionIndexManager,
    inject: [SEARCH_CLIENT, WORKER_CONFIG],
    // The worker may start before the API: it creates the template and indices itself.
    useFactory: async (client: Client, config: WorkerConfig) => {
      const manager = new MentionIndexManager(client, config.search);
      await manager.ensureReady();
      return manager;
    },
  },
  { provide: BulkMentionIndexer, inject: [SEARCH_CLIENT, MentionIndexManager], useFactory: (c: Client, m: MentionIndexManager) => new BulkMentionIndexer(c, m) },
  { provide: MentionSearchService, inject: [SEARCH_CLIENT, MentionIndexManager], useFactory: (c: Client, m: MentionIndexManager) => new MentionSearchService(c, m) },
];
