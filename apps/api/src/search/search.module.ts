import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import { createSearchClient, MentionIndexManager, MentionSearchService } from '@ascolto/search';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';

/** The Elasticsearch client (one per process; it pools its own connections). */
export const SEARCH_CLIENT = Symbol('SEARCH_CLIENT');

// Elasticsearch may still be starting when the API starts (one `demo` command launches both):
// wait a little for it rather than fail at once, but do not hang for ever.
const READY_ATTEMPTS = 8;
const READY_FIRST_DELAY_MS = 500;

@Injectable()
class SearchLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchLifecycle.name);

  constructor(
    @Inject(SEARCH_CLIENT) private readonly client: Client,
    private readonly indices: MentionIndexManager,
  ) {}

  /** Templates, this month's index and alias exist before the first request is served. */
  async onApplicationBootstrap(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.indices.ensureReady();
        this.logger.log({ alias: this.indices.readAlias }, 'Elasticsearch indices ready');
        return;
      } catch (error) {
        if (attempt >= READY_ATTEMPTS) {
          throw new Error(`Elasticsearch is not usable: ${(error as Error).message}`, { cause: error });
        }
        const delay = READY_FIRST_DELAY_MS * 2 ** (attempt - 1);
        this.logger.warn({ attempt, delayMs: delay, err: error }, 'Elasticsearch not ready yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** Wires libs/search's plain classes into Nest, once, for every feature module. */
@Global()
@Module({
  providers: [
    { provide: SEARCH_CLIENT, inject: [API_CONFIG], useFactory: (config: ApiConfig) => createSearchClient(config.search) },
    {
      provide: MentionIndexManager,
      inject: [SEARCH_CLIENT, API_CONFIG],
      useFactory: (client: Client, config: ApiConfig) => new MentionIndexManager(client, config.search),
    },
    {
      provide: MentionSearchService,
      inject: [SEARCH_CLIENT, MentionIndexManager],
      useFactory: (client: Client, indices: MentionIndexManager) => new MentionSearchService(client, indices),
    },
    SearchLifecycle,
  ],
  exports: [SEARCH_CLIENT, MentionIndexManager, MentionSearchService],
})
export class SearchModule {}
