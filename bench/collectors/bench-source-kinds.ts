// The kinds of fake source the collectors benchmark spreads its sources over. Each kind runs one
// loopback fake that speaks the real API, creates the endpoint of the i-th source, and publishes
// an item there on demand; the worker's real adapter polls it.
import type { SourceSettingValue, SourceType } from '@ascolto/domain';
import { LoopbackFeedServer } from '@ascolto/testing';

export interface BenchSourceSpec {
  url: string;
  settings?: Record<string, SourceSettingValue>;
  credentials?: Record<string, string>;
}

export interface BenchSourceKind {
  readonly type: SourceType;
  start(): Promise<void>;
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
