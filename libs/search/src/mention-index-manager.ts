import type { Client, estypes } from '@elastic/elasticsearch';
import type { SearchConfig } from './config';
import { elasticErrorReason, elasticErrorType, isNotFound } from './es-errors';
import { MAPPING_VERSION, MENTION_ANALYSIS, mentionMappings } from './mappings/mention-mapping';

/**
 * `${prefix}mentions-YYYY.MM` for the UTC month of `publishedAt`.
 *
 * Why the month of publication and not a rolling write alias: a source may deliver the same item
 * again months later (feeds repeat, a crash replays a batch). Routing by the document's own date
 * sends that re-delivery to the index that already holds it, so `create` sees the existing id and
 * the mention stays one document; behind a rolling alias it would land in this month's index as a
 * second copy, and ids would no longer be unique across the read alias.
 */
export function monthlyIndexName(indexPrefix: string, publishedAt: string | Date): string {
  const date = publishedAt instanceof Date ? publishedAt : new Date(publishedAt);
  const time = date.getTime();
  if (Number.isNaN(time)) throw new Error(`publishedAt is not a valid date: ${String(publishedAt).slice(0, 64)}`);
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) throw new Error(`publishedAt year ${year} is outside 1000–9999`);
  const month = date.getUTCMonth() + 1;
  return `${indexPrefix}mentions-${year}.${month < 10 ? '0' : ''}${month}`;
}

// Above the built-in templates of the official image (they use 100 and below), so ours wins even
// for a prefix such as `logs-`.
const TEMPLATE_PRIORITY = 200;

export class MentionIndexManager {
  static readonly MAPPING_VERSION = MAPPING_VERSION;

  /** Every monthly index is in this alias; searches and look-ups by id go through it. */
  readonly readAlias: string;
  readonly templateName: string;
  readonly indexPattern: string;

  constructor(
    protected readonly client: Client,
    protected readonly config: Pick<SearchConfig, 'indexPrefix' | 'shards' | 'replicas'>,
  ) {
    this.readAlias = `${config.indexPrefix}mentions`;
    this.templateName = `${config.indexPrefix}mentions`;
    this.indexPattern = `${config.indexPrefix}mentions-*`;
  }

  /** Overridden by tests that simulate the next release's mapping. */
  protected mappingVersion(): number {
    return MAPPING_VERSION;
  }

  protected mappings(): estypes.MappingTypeMapping {
    return mentionMappings(this.mappingVersion());
  }

  indexNameFor(publishedAt: string | Date): string {
    return monthlyIndexName(this.config.indexPrefix, publishedAt);
  }

  /**
   * Template, current month's index, alias membership and mapping upgrades. Idempotent, and safe
   * when the api and the worker start at the same moment: every step either overwrites with the
   * same content or tolerates "already exists".
   */
  async ensureReady(now: Date = new Date()): Promise<void> {
    const version = this.mappingVersion();
    const installed = await this.installedTemplateVersion();
    // A newer release already manages these indices (rolling upgrade, or a rollback of this
    // process): going back to an older template would undo its mapping for new months.
    const newerOwner = installed !== undefined && installed > version;
    if (newerOwner) {
      await this.ensureIndex(this.indexNameFor(now));
      return;
    }
    // Existing indices first: a change they cannot take stops start-up before the template moves,
    // so the running release keeps creating months it can write to.
    await this.upgradeExistingIndices(version);
    await this.putTemplate(version);
    await this.ensureIndex(this.indexNameFor(now));
    // An index auto-created from the previous template between the two steps above.
    await this.upgradeExistingIndices(version);
  }

  /** Creates the index from the template unless it exists; waits until its primaries can take writes. */
  async ensureIndex(index: string): Promise<void> {
    try {
      await this.client.indices.create({ index });
    } catch (error) {
      if (elasticErrorType(error) !== 'resource_already_exists_exception') throw error;
    }
    await this.client.cluster.health({ index, wait_for_status: 'yellow', timeout: '30s' });
  }

  /** Concrete monthly indices, oldest first. */
  async listIndices(): Promise<string[]> {
    const res = await this.client.indices.get({
      index: this.indexPattern,
      expand_wildcards: 'all',
      allow_no_indices: true,
      ignore_unavailable: true,
      features: ['aliases'],
    });
    return Object.keys(res).sort();
  }

  /** Indices currently behind the read alias (what searches see). */
  async aliasIndices(): Promise<string[]> {
    try {
      const res = await this.client.indices.getAlias({ name: this.readAlias });
      return Object.keys(res).sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /** Removes every monthly index and the template. For tests and `demo` resets only. */
  async deleteAll(): Promise<void> {
    const indices = await this.listIndices();
    // Wildcard deletes are refused by default (action.destructive_requires_name), so by name.
    for (let i = 0; i < indices.length; i += 50) {
      await this.client.indices.delete({ index: indices.slice(i, i + 50), ignore_unavailable: true });
    }
    try {
      await this.client.indices.deleteIndexTemplate({ name: this.templateName });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private async installedTemplateVersion(): Promise<number | undefined> {
    try {
      const res = await this.client.indices.getIndexTemplate({ name: this.templateName });
      const meta = res.index_templates[0]?.index_template._meta as { mappingVersion?: unknown } | undefined;
      return typeof meta?.mappingVersion === 'number' ? meta.mappingVersion : 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async putTemplate(version: number): Promise<void> {
    await this.client.indices.putIndexTemplate({
      name: this.templateName,
      index_patterns: [this.indexPattern],
      priority: TEMPLATE_PRIORITY,
      _meta: { mappingVersion: version, managedBy: 'ascolto' },
      template: {
        settings: {
          number_of_shards: this.config.shards,
          number_of_replicas: this.config.replicas,
          refresh_interval: '1s',
          analysis: MENTION_ANALYSIS,
        },
        mappings: this.mappings(),
        aliases: { [this.readAlias]: {} },
      },
    });
  }

  private async upgradeExistingIndices(version: number): Promise<void> {
    const existing = await this.client.indices.get({
      index: this.indexPattern,
      expand_wildcards: 'open',
      allow_no_indices: true,
      ignore_unavailable: true,
      features: ['aliases', 'mappings'],
    });
    const mappings = this.mappings();
    const missingAlias: string[] = [];
    for (const [index, state] of Object.entries(existing)) {
      if (!state.aliases || !(this.readAlias in state.aliases)) missingAlias.push(index);
      const meta = state.mappings?._meta as { mappingVersion?: unknown } | undefined;
      const current = typeof meta?.mappingVersion === 'number' ? meta.mappingVersion : 0;
      if (current >= version) continue;
      try {
        // One request, so `_meta` only moves forward when the fields were accepted.
        await this.client.indices.putMapping({
          index,
          dynamic: mappings.dynamic,
          _meta: mappings._meta,
          properties: mappings.properties,
        });
      } catch (error) {
        if (elasticErrorType(error) === undefined) throw error;
        throw new Error(
          `Elasticsearch index ${index} needs a reindex: its mapping (version ${current}) cannot be ` +
            `changed in place to version ${version} (${elasticErrorReason(error)})`,
          { cause: error },
        );
      }
    }
    if (missingAlias.length > 0) {
      await this.client.indices.updateAliases({
        actions: missingAlias.map((index) => ({ add: { index, alias: this.readAlias } })),
      });
    }
  }
}
