import { Logger, type Provider } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import { NEAR_DUPLICATE_DISTANCE } from '@ascolto/nlp';
import {
  BulkMentionIndexer,
  MentionIndexManager,
  MentionReanalyser,
  MentionSearchService,
  MentionTopicRetagger,
  NearDuplicateGrouper,
  createSearchClient,
} from '@ascolto/search';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';

export const SEARCH_CLIENT = Symbol('SEARCH_CLIENT');

/**
 * Elasticsearch often comes up after the worker (a reboot, `docker compose up`): wait for it with
 * backoff for a while instead of exiting at the first refused connection.
 */
async function ensureReadyWithRetry(manager: MentionIndexManager, deadlineMs = 120_000): Promise<void> {
  const logger = new Logger('SearchBootstrap');
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await manager.ensureReady();
      return;
    } catch (error) {
      if (Date.now() - started > deadlineMs) throw error;
      const delay = Math.min(10_000, 500 * 2 ** attempt);
      logger.warn(`Elasticsearch not ready (${(error as Error).message}); retrying in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export const searchProviders: Provider[] = [
  { provide: SEARCH_CLIENT, inject: [WORKER_CONFIG], useFactory: (config: WorkerConfig) => createSearchClient(config.search) },
  {
    provide: MentionIndexManager,
    inject: [SEARCH_CLIENT, WORKER_CONFIG],
    // The worker may start before the API: it creates the template and indices itself.
    useFactory: async (client: Client, config: WorkerConfig) => {
      const manager = new MentionIndexManager(client, config.search);
      await ensureReadyWithRetry(manager);
      return manager;
    },
  },
  { provide: BulkMentionIndexer, inject: [SEARCH_CLIENT, MentionIndexManager], useFactory: (c: Client, m: MentionIndexManager) => new BulkMentionIndexer(c, m) },
  {
    provide: NearDuplicateGrouper,
    inject: [SEARCH_CLIENT, MentionIndexManager],
    useFactory: (c: Client, m: MentionIndexManager) => new NearDuplicateGrouper(c, m, { maxDistance: NEAR_DUPLICATE_DISTANCE }),
  },
  { provide: MentionTopicRetagger, inject: [SEARCH_CLIENT, MentionIndexManager], useFactory: (c: Client, m: MentionIndexManager) => new MentionTopicRetagger(c, m) },
  {
    provide: MentionReanalyser,
    inject: [SEARCH_CLIENT, MentionIndexManager],
    useFactory: (c: Client, m: MentionIndexManager) => new MentionReanalyser(c, m, { nearDuplicateDistance: NEAR_DUPLICATE_DISTANCE }),
  },
  { provide: MentionSearchService, inject: [SEARCH_CLIENT, MentionIndexManager], useFactory: (c: Client, m: MentionIndexManager) => new MentionSearchService(c, m) },
];
