// Every fake source kind the collectors benchmark can use, by name (`--kinds rss,…`).
import { type BenchSourceKind, RssBenchKind } from './bench-source-kinds';

export const BENCH_SOURCE_KINDS: Record<string, () => BenchSourceKind> = {
  rss: () => new RssBenchKind(),
};
