import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Client } from '@elastic/elasticsearch';
import { CollectorRunEntity, SourceCursorEntity, SourceEntity } from '@ascolto/persistence';
import { MentionIndexManager } from '@ascolto/search';
import { createTestDatabase, type TestDatabase } from '@ascolto/testing';
import { CollectionRunService } from '../src/collection/collection-run.service';
import { SEARCH_CLIENT } from '../src/search/search.providers';
import { createWorker } from '../src/worker.factory';

/** A worker wired to a fresh database and a fresh index prefix, with schedules off. */
export class WorkerHarness {
  db!: TestDatabase;
  app!: INestApplicationContext;
  indexPrefix = `t-${randomBytes(4).toString('hex')}-`;

  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<this> {
    this.db = await createTestDatabase();
    this.app = await this.createWorker(extraEnv);
    return this;
  }

  /** Another worker process-alike on the same database and indices (for lock tests). */
  createWorker(extraEnv: NodeJS.ProcessEnv = {}): Promise<INestApplicationContext> {
    return createWorker({
      env: {
        ...process.env,
        DATABASE_URL: this.db.url,
        ES_INDEX_PREFIX: this.indexPrefix,
        OUTBOUND_ALLOWLIST: '127.0.0.1',
        ...extraEnv,
      },
      schedule: false,
      plainLogs: true,
    });
  }

  get runs(): CollectionRunService {
    return this.app.get(CollectionRunService);
  }

  get dataSource(): DataSource {
    return this.db.dataSource;
  }

  get search(): Client {
    return this.app.get<Client>(SEARCH_CLIENT);
  }

  async addSource(url: string, name = 'Test feed'): Promise<SourceEntity> {
    return this.dataSource.getRepository(SourceEntity).save({ type: 'rss', name, url, schedule: '*/5 * * * * *', enabled: true });
  }

  async cursorOf(sourceId: string): Promise<unknown> {
    return (await this.dataSource.getRepository(SourceCursorEntity).findOneBy({ sourceId }))?.cursor ?? null;
  }

  async runsOf(sourceId: string): Promise<CollectorRunEntity[]> {
    return this.dataSource.getRepository(CollectorRunEntity).find({ where: { sourceId }, order: { startedAt: 'ASC' } });
  }

  /** Every indexed mention id (after a refresh), sorted. */
  async indexedIds(): Promise<string[]> {
    const alias = this.app.get(MentionIndexManager).readAlias;
    await this.search.indices.refresh({ index: alias });
    const response = await this.search.search<{ id: string }>({ index: alias, size: 10_000, _source: ['id'], query: { match_all: {} } });
    return response.hits.hits.map((hit) => hit._source!.id).sort();
  }

  async stop(): Promise<void> {
    const manager = this.app?.get(MentionIndexManager);
    await manager?.deleteAll().catch(() => undefined);
    await this.app?.close();
    await this.db?.drop();
  }
}
