// Every fake source kind the collectors benchmark can use, by name (`--kinds rss,…`).
import { type BenchSourceKind, DiscourseBenchKind, HackerNewsBenchKind, MastodonBenchKind, RssBenchKind } from './bench-source-kinds';

export const BENCH_SOURCE_KINDS: Record<string, () => BenchSourceKind> = {
  rss: () => new RssBenchKind(),
  mastodon: () => new MastodonBenchKind(),
  hackernews: () => new HackerNewsBenchKind(),
  discourse: () => new DiscourseBenchKind(),
};
