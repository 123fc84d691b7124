// The kinds of fake source the collectors benchmark spreads its sources over. Each kind runs one
// loopback fake that speaks the real API, creates the endpoint of the i-th source, and publishes
// an item there on demand; the worker's real adapter polls it.
import type { SourceSettingValue, SourceType } from '@ascolto/domain';
import { DiscourseFakeServer, FakeHackerNewsServer, FakeMastodonServer, LoopbackFeedServer } from '@ascolto/testing';

export interface BenchSourceSpec {
  url: string;
  settings?: Record<string, SourceSettingValue>;
  credentials?: Record<string, string>;
}

export interface BenchSourceKind {
  readonly type: SourceType;
  start(): Promise<void>;
  /** Kinds with one fake per source start them here, before `addSource`. */
  prepare?(count: number): Promise<void>;
  stop(): Promise<void>;
  /** The endpoint of the i-th source of this kind. */
  addSource(i: number): BenchSourceSpec;
  /** Makes an item appear at the i-th source now. `key` is unique and ends up in the item's text. */
  publish(i: number, key: string, text: string, at: Date): void;
  /** HTTP requests the fake has answered so far. */
  requestCount(): number;
}

/** RSS/Atom feeds: conditional GET, so an unchanged feed costs a 304. */
export class RssBenchKind implements BenchSourceKind {
  readonly type = 'rss' as const;
  private readonly server = new LoopbackFeedServer({ windowSize: 100 });

  async start(): Promise<void> {
    await this.server.start();
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  addSource(i: number): BenchSourceSpec {
    const path = `/bench/forum-${i}.xml`;
    this.server.setItems(path, []);
    return { url: this.server.url(path) };
  }

  publish(i: number, key: string, text: string, at: Date): void {
    this.server.addItem(`/bench/forum-${i}.xml`, {
      guid: key,
      title: text.slice(0, 60),
      link: `https://forum.vela.example/t/${key}`,
      description: `<p>${text} [${key}]</p>`,
      author: `utente-${i}`,
      pubDate: at,
    });
  }

  requestCount(): number {
    return this.server.requests.length;
  }
}

/**
 * Mastodon hashtag timelines. Every source gets its own instance: real listening spreads over many
 * instances, and one instance's 300 requests per 5 minutes per IP would otherwise be the limit
 * measured rather than the collector.
 */
export class MastodonBenchKind implements BenchSourceKind {
  readonly type = 'mastodon' as const;
  private readonly servers: FakeMastodonServer[] = [];

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    for (const server of this.servers) await server.stop();
  }

  async prepare(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const server = new FakeMastodonServer();
      await server.start();
      server.knowTag(`velabench${i}`);
      this.servers.push(server);
    }
  }

  addSource(i: number): BenchSourceSpec {
    return { url: this.servers[i].baseUrl, settings: { mode: 'hashtag', hashtag: `velabench${i}` } };
  }

  publish(i: number, key: string, text: string, at: Date): void {
    this.servers[i].addStatus({
      content: `<p>${escapeHtml(text)} [${key}] <a href="https://social.example.it/tags/velabench${i}" class="mention hashtag" rel="tag">#<span>velabench${i}</span></a></p>`,
      tags: [`velabench${i}`],
      createdAt: at,
    });
  }

  requestCount(): number {
    return this.servers.reduce((sum, server) => sum + server.requests.length, 0);
  }
}

/** Hacker News through Algolia's search_by_date: one API, each source searching its own word. */
export class HackerNewsBenchKind implements BenchSourceKind {
  readonly type = 'hackernews' as const;
  private readonly server = new FakeHackerNewsServer();

  async start(): Promise<void> {
    await this.server.start();
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  addSource(i: number): BenchSourceSpec {
    return { url: this.server.baseUrl, settings: { query: `velabench${i}`, collect: 'both' } };
  }

  publish(i: number, key: string, text: string, at: Date): void {
    this.server.addComment({ created_at_i: Math.floor(at.getTime() / 1000), comment_text: `<p>${escapeHtml(text)} velabench${i} [${key}]</p>` });
  }

  requestCount(): number {
    return this.server.requests.length;
  }
}

/** Discourse forums' latest posts: one forum per source. */
export class DiscourseBenchKind implements BenchSourceKind {
  readonly type = 'discourse' as const;
  private readonly servers: DiscourseFakeServer[] = [];

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    for (const server of this.servers) await server.stop();
  }

  async prepare(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const server = new DiscourseFakeServer();
      await server.start();
      this.servers.push(server);
    }
  }

  addSource(i: number): BenchSourceSpec {
    return { url: this.servers[i].baseUrl, settings: { mode: 'latest' } };
  }

  publish(i: number, key: string, text: string, at: Date): void {
    const raw = `${text} [${key}]`;
    this.servers[i].addPost({ topicTitle: 'Assistenza', raw, cooked: `<p>${escapeHtml(raw)}</p>`, createdAt: at });
  }

  requestCount(): number {
    return this.servers.reduce((sum, server) => sum + server.requests.length, 0);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
