export interface EvalArgs {
  /** JSONL files to score with the committed models; empty = cross-validate on the dev sets. */
  data: string[];
  json: boolean;
  /** Write docs/quality.md (default in cross-validation mode). */
  write: boolean;
  /** At most this many records per file or data set (a quick slice). */
  limit?: number;
}

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const args: EvalArgs = { data: [], json: false, write: true };
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
    } else if (flag === '--limit') {
      const n = Number(value());
      if (!Number.isInteger(n) || n <= 0) throw new Error('--limit needs a positive whole number');
      args.limit = n;
    } else throw new Error(`unknown argument ${flag} (expected --data PATH, --json, --limit N, --write, --no-write)`);
  }
  // Scoring other files or a slice must not overwrite the report of the full evaluation.
  if (!writeSet && (args.data.length > 0 || args.limit !== undefined)) args.write = false;
  return args;
}
