export interface EvalArgs {
  /** JSONL files to score with the committed models; empty = cross-validate on the dev sets. */
  data: string[];
  json: boolean;
  /** Write docs/quality.md (default in cross-validation mode). */
  write: boolean;
  /** At most this many records per file or data set (a quick slice). */
  limit?: number;
  /** With --data: also print every wrong label with its reasons (stdout only, never the report). */
  misses: boolean;
  /** With --data: topic queries the posts are read under, as a team's topics (their @handles count). */
  topics: string[];
}

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const args: EvalArgs = { data: [], json: false, write: true, misses: false, topics: [] };
  let writeSet = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--data') args.data.push(value());
    else if (flag === '--json') args.json = true;
    else if (flag === '--no-write') {
      args.write = false;
      writeSet = true;
    } else if (flag === '--write') {
      args.write = true;
      writeSet = true;
    } else if (flag === '--misses') args.misses = true;
    else if (flag === '--topic') args.topics.push(value());
    else if (flag === '--limit') {
      const n = Number(value());
      if (!Number.isInteger(n) || n <= 0) throw new Error('--limit needs a positive whole number');
      args.limit = n;
    } else throw new Error(`unknown argument ${flag} (expected --data PATH, --topic QUERY, --json, --limit N, --misses, --write, --no-write)`);
  }
  // Scoring other files or a slice must not overwrite the report of the full evaluation.
  if (!writeSet && (args.data.length > 0 || args.limit !== undefined)) args.write = false;
  // The listing quotes the scored texts: data set texts stay in ../shared/datasets, never in docs/.
  if (args.misses && args.data.length === 0) throw new Error('--misses lists the wrong labels of --data files; give at least one --data PATH');
  if (args.topics.length && args.data.length === 0) throw new Error('--topic applies to --data files; the data sets are cross-validated without topics');
  if (args.misses && args.json) throw new Error('--misses prints a listing for people; it cannot be combined with --json');
  return args;
}
