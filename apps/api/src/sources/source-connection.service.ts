import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger, NotFoundException, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  RawMention,
  SourceConnectionTest,
  SourceSettingValue,
  SourceType,
  SourceTypeDescriptor,
  TopicQueryNode,
} from '@ascolto/domain';
import {
  checkSourceSettings,
  createSourceAdapters,
  GuardedHttpClient,
  MissingCredentialsError,
  OutboundRequestError,
  OutboundUrlRefusedError,
  SourceAuthError,
  SourceConfigError,
  SourceQuotaExhaustedError,
  SourceRateLimitedError,
  type CollectRequest,
  type SourceAdapter,
  type SourceDefinition,
} from '@ascolto/collectors';
import { htmlToText, parseTopicQuery, TopicQueryError } from '@ascolto/nlp';
import { CredentialKeyError, type CredentialCipher } from '@ascolto/persistence';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';
import type { TestSourceDto } from './dto/test-source.dto';
import type { UpdateSourceDto } from './dto/update-source.dto';
import {
  budgetPeriodKey,
  checkBudgetLimit,
  checkCredentialKeys,
  descriptorFor,
  resolveSourceUrl,
  throwIfProblems,
  withoutBlanks,
} from './source-config';

/** The whole test, every request and redirect included. */
export const CONNECTION_TEST_TIMEOUT_MS = 20_000;
const SAMPLE_SIZE = 5;
const SAMPLE_TEXT = 280;

interface StoredSource {
  id: string;
  type: SourceType;
  name: string;
  url: string;
  settings: Record<string, SourceSettingValue>;
  credentials_encrypted: string | null;
  budget_limit: number | null;
  topic_query: string | null;
}

/** A source ready to be tried: saved (spend and refreshed tokens are kept) or not yet. */
interface Candidate {
  descriptor: SourceTypeDescriptor;
  definition: SourceDefinition;
  credentials: Record<string, string>;
  budgetLimit: number | null;
  saved: boolean;
  /** Store tokens the adapter refreshes (saved sources tried with their stored credentials). */
  keepRefreshedCredentials: boolean;
}

/**
 * "Test connection": one real request with a source's settings and credentials, through the same
 * guarded client and adapter the worker uses, with nothing stored. A failure of the source is an
 * answer (`ok: false` and the reason), never a server error.
 */
@Injectable()
export class SourceConnectionService implements OnApplicationShutdown {
  private readonly logger = new Logger(SourceConnectionService.name);
  private readonly http: GuardedHttpClient;
  private readonly adapters: Map<SourceType, SourceAdapter>;
  private readonly cipher: CredentialCipher;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.cipher = config.credentialCipher;
    this.http = new GuardedHttpClient({
      allowList: config.outboundAllowList,
      timeoutMs: CONNECTION_TEST_TIMEOUT_MS,
      userAgent: 'Ascolto/0.1 (+self-hosted social listening; connection test)',
    });
    // One try per request: a test reports what the source says now, it does not wait out retries.
    this.adapters = createSourceAdapters(this.http, { api: { maxAttempts: 1, maxWaitMs: 2_000 } });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
  }

  /**
   * A saved source as stored, or with the edit form's unsaved changes laid over it (`changes`, as
   * a PATCH would send them): changed settings are tried with the stored credentials, which the
   * form never holds. Credentials in `changes` are merged as a PATCH merges them.
   */
  async testSaved(id: string, changes: UpdateSourceDto = {}): Promise<SourceConnectionTest> {
    const [row]: StoredSource[] = await this.dataSource.query(
      `SELECT s.id, s.type, s.name, s.url, s.settings, s.credentials_encrypted, s.budget_limit, t.query AS topic_query
         FROM sources s LEFT JOIN topics t ON t.id = s.topic_id WHERE s.id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`Source ${id} not found`);
    const descriptor = descriptorFor(row.type);
    const problems: string[] = [];
    let settings = row.settings ?? {};
    if (changes.settings !== undefined) {
      const checked = checkSourceSettings(descriptor, changes.settings);
      problems.push(...checked.problems);
      settings = checked.value;
    }
    const url =
      changes.url !== undefined
        ? await resolveSourceUrl(descriptor, changes.url || undefined, this.config.outboundAllowList, problems)
        : row.url;
    if (changes.credentials !== undefined) checkCredentialKeys(descriptor, changes.credentials, problems);
    if (changes.budgetLimit !== undefined) checkBudgetLimit(descriptor, changes.budgetLimit, problems);
    throwIfProblems(problems);
    const topicQuery = changes.topicId !== undefined ? await this.topicQuery(changes.topicId) : row.topic_query;

    let credentials: Record<string, string>;
    try {
      credentials = this.cipher.decrypt(row.id, row.credentials_encrypted);
    } catch (error) {
      if (!(error instanceof CredentialKeyError)) throw error;
      if (changes.credentials === undefined) {
        return { ok: false, message: `Stored credentials cannot be read (${error.message}): enter them again`, sample: [], durationMs: 0 };
      }
      credentials = {};
    }
    for (const [key, value] of Object.entries(changes.credentials ?? {})) {
      if (value === '') delete credentials[key];
      else credentials[key] = value;
    }
    return this.run({
      descriptor,
      definition: { id: row.id, type: row.type, name: row.name, url, settings, query: this.parseQuery(settings.query, topicQuery) },
      credentials,
      budgetLimit: changes.budgetLimit !== undefined ? changes.budgetLimit : row.budget_limit,
      saved: true,
      // Tokens refreshed from typed-in credentials are not the stored ones: they are not kept.
      keepRefreshedCredentials: changes.credentials === undefined,
    });
  }

  /** The add form's body, checked like a create (400 with every problem), then tried. */
  async testUnsaved(dto: TestSourceDto): Promise<SourceConnectionTest> {
    const descriptor = descriptorFor(dto.type);
    const problems: string[] = [];
    const settings = checkSourceSettings(descriptor, dto.settings);
    problems.push(...settings.problems);
    const url = await resolveSourceUrl(descriptor, dto.url, this.config.outboundAllowList, problems);
    const credentials = withoutBlanks(dto.credentials);
    checkCredentialKeys(descriptor, credentials, problems);
    checkBudgetLimit(descriptor, dto.budgetLimit, problems);
    throwIfProblems(problems);
    const topicQuery = await this.topicQuery(dto.topicId ?? null);
    return this.run({
      descriptor,
      definition: {
        id: randomUUID(),
        type: dto.type,
        name: dto.name || 'Test',
        url,
        settings: settings.value,
        query: this.parseQuery(settings.value.query, topicQuery),
      },
      credentials,
      budgetLimit: dto.budgetLimit ?? null,
      saved: false,
      keepRefreshedCredentials: false,
    });
  }

  private async run(candidate: Candidate): Promise<SourceConnectionTest> {
    const { descriptor, definition, credentials } = candidate;
    const adapter = this.adapters.get(definition.type);
    if (!adapter)
      throw new BadRequestException([`${definition.type} sources are pushed to Ascolto, not fetched: there is no connection to test`]);
    const started = Date.now();
    const missing = descriptor.credentials.filter((field) => field.required && !credentials[field.key]).map((field) => field.key);
    if (missing.length > 0) return { ok: false, message: `Missing credentials: ${missing.join(', ')}`, sample: [], durationMs: 0 };

    const stats = { requests: 0, spent: 0 };
    const signal = AbortSignal.timeout(CONNECTION_TEST_TIMEOUT_MS);
    const budgetRemaining = await this.budgetRemaining(candidate);
    const request: Omit<CollectRequest, 'cursor'> = {
      source: definition,
      credentials,
      // A refreshed token of a saved source must be kept (the old one may be revoked by now);
      // an unsaved source has nowhere to keep it.
      saveCredentials: async (next) => {
        if (candidate.keepRefreshedCredentials) {
          await this.dataSource.query('UPDATE sources SET credentials_encrypted = $2 WHERE id = $1', [
            definition.id,
            this.cipher.encrypt(definition.id, next),
          ]);
        }
      },
      budgetRemaining,
      stats,
      now: new Date(),
      signal,
    };
    let result: SourceConnectionTest;
    try {
      result = await withDeadline(this.attempt(adapter, request), signal);
      result.durationMs = Date.now() - started;
    } catch (error) {
      result = { ok: false, message: reasonOf(error), sample: [], durationMs: Date.now() - started };
    } finally {
      if (candidate.saved && stats.spent > 0) await this.addSpend(definition.id, descriptor, stats.spent);
    }
    // Whatever a source or a library put into a message, a credential value never leaves.
    result.message = scrub(result.message, credentials);
    this.logger.log(
      {
        sourceId: candidate.saved ? definition.id : null,
        type: definition.type,
        ok: result.ok,
        requests: stats.requests,
        durationMs: result.durationMs,
      },
      'Connection tested',
    );
    return result;
  }

  /** The adapter's own test where it has one; otherwise a first collect from scratch, with its items only shown. */
  private async attempt(adapter: SourceAdapter, request: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    if (adapter.testConnection) return adapter.testConnection(request);
    const collected = await adapter.collect({ ...request, cursor: null });
    const message = collected.notModified
      ? 'Connected: the source answered "not modified"'
      : `Connected: ${collected.fetched} item${collected.fetched === 1 ? '' : 's'}${collected.incomplete ? ` (stopped early: ${collected.incomplete.reason})` : ''}`;
    return { ok: true, message, sample: collected.items.slice(0, SAMPLE_SIZE).map(toSample), durationMs: 0 };
  }

  private async topicQuery(topicId: string | null): Promise<string | null> {
    if (!topicId) return null;
    const [topic]: Array<{ query: string }> = await this.dataSource.query('SELECT query FROM topics WHERE id = $1', [topicId]);
    if (!topic) throw new BadRequestException('topicId names no topic');
    return topic.query;
  }

  private parseQuery(own: unknown, topicQuery: string | null): TopicQueryNode | null {
    const text = typeof own === 'string' && own.trim() ? own : (topicQuery ?? '');
    if (!text.trim()) return null;
    try {
      return parseTopicQuery(text);
    } catch (error) {
      if (error instanceof TopicQueryError) throw new BadRequestException([`query does not parse: ${error.message}`]);
      throw error;
    }
  }

  private async budgetRemaining(candidate: Candidate): Promise<number | null> {
    const budget = candidate.descriptor.budget;
    if (!budget) return null;
    const limit = candidate.budgetLimit ?? budget.defaultLimit;
    if (!candidate.saved) return limit;
    const [spent]: Array<{ used: number }> = await this.dataSource.query(
      'SELECT used FROM source_budgets WHERE source_id = $1 AND period = $2',
      [candidate.definition.id, budgetPeriodKey(budget.period, new Date())],
    );
    return limit - (spent?.used ?? 0);
  }

  /** A test costs quota like a run does; it is counted the same way, so the health stays honest. */
  private async addSpend(sourceId: string, descriptor: SourceTypeDescriptor, amount: number): Promise<void> {
    if (!descriptor.budget) return;
    await this.dataSource.query(
      `INSERT INTO source_budgets (source_id, period, used) VALUES ($1, $2, $3)
       ON CONFLICT (source_id, period) DO UPDATE SET used = source_budgets.used + EXCLUDED.used`,
      [sourceId, budgetPeriodKey(descriptor.budget.period, new Date()), amount],
    );
  }
}

/** Rejects when the signal fires, for an adapter that does not listen to it. */
function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new OutboundRequestError('timeout', `no answer within ${CONNECTION_TEST_TIMEOUT_MS / 1000} s`));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The reason a person can act on. Messages of our own errors are written for people already. */
function reasonOf(error: unknown): string {
  if (error instanceof OutboundUrlRefusedError) return `URL refused: ${error.reason}`;
  if (error instanceof SourceAuthError) return `Credentials refused: ${error.message}`;
  if (error instanceof MissingCredentialsError) return `Missing credentials: ${error.keys.join(', ')}`;
  if (error instanceof SourceConfigError) return `Configuration refused: ${error.message}`;
  if (error instanceof SourceRateLimitedError) return `Rate limited until ${error.resumeAt.toISOString()}: ${error.message}`;
  if (error instanceof SourceQuotaExhaustedError)
    return `Quota exhausted${error.resetAt ? ` until ${error.resetAt.toISOString()}` : ''}: ${error.message}`;
  if (error instanceof Error) return (error.message || error.name).slice(0, 500);
  return 'The source could not be reached';
}

function scrub(message: string, credentials: Record<string, string>): string {
  let text = message;
  for (const value of Object.values(credentials)) {
    // Very short values would blank out ordinary words; none of the real credentials is that short.
    if (value.length >= 4) text = text.split(value).join('[redacted]');
  }
  return text;
}

function toSample(item: RawMention): SourceConnectionTest['sample'][number] {
  const text = htmlToText(item.content ?? '');
  return {
    title: item.title,
    text: text.length > SAMPLE_TEXT ? `${text.slice(0, SAMPLE_TEXT - 1)}…` : text,
    publishedAt: item.publishedAt,
    url: item.url,
  };
}
